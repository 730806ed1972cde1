import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { assertAccessible, launchBrowser, signIn } from '../../test/support/browser.ts';
import { describeOnEachDatabase } from '../../test/support/databases.ts';
import { buildOrganisation, buildUser, type TestUser, testPassword } from '../../test/support/factories.ts';
import { type Role, roleNames, roles } from '../access/index.ts';
import type { Database } from '../db/index.ts';
import { buildWebServer } from './server.ts';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

await describeOnEachDatabase('web shell in a browser', (target) => {
  let db: Database;
  let app: FastifyInstance;
  let baseUrl: string;
  const accounts = new Map<Role, TestUser>();

  const anchorDirectory = mkdtempSync(join(tmpdir(), 'kindred-web-'));
  after(() => rmSync(anchorDirectory, { recursive: true, force: true }));

  before(async () => {
    db = await target.open();
    const council = await buildOrganisation(db, 'council', 'Testshire County Council');
    for (const role of roles)
      accounts.set(role, await buildUser(db, council, [role], `${role}@testshire.example`));
    app = await buildWebServer({
      db,
      councilName: 'Testshire County Council',
      secureCookies: false,
      auditAnchorFile: join(anchorDirectory, 'audit-anchors.log'),
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  after(() => app?.close());

  test('the sign-in page is accessible, and a wrong password is refused with a clear message', async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/`);
    assert.match(page.url(), /\/sign-in\?next=%2F$/);
    await assertAccessible(page);
    await signIn(page, baseUrl, 'coordinator@testshire.example', 'not the password');
    await assert.doesNotReject(
      page.getByRole('link', { name: 'Enter a correct email address and password' }).waitFor(),
    );
    assert.match(await page.title(), /^Error: Sign in/);
    await assertAccessible(page);
    await page.close();
  });

  for (const role of roles) {
    const name = roleNames[role].toLowerCase();
    test(`${/^[aeiou]/.test(name) ? 'an' : 'a'} ${name} signs in and sees their home page`, async () => {
      const page = await browser.newPage();
      await signIn(page, baseUrl, `${role}@testshire.example`, testPassword);
      assert.equal(new URL(page.url()).pathname, '/');
      await page.getByRole('heading', { level: 1, name: /^Welcome, / }).waitFor();
      assert.match(
        (await page.locator('main').textContent()) ?? '',
        new RegExp(`signed in as ${roleNames[role]}`),
      );
      const navigation = (await page.getByRole('navigation', { name: 'Menu' }).textContent()) ?? '';
      assert.equal(navigation.includes('Users'), role === 'administrator');
      assert.equal(navigation.includes('Audit log'), role === 'administrator' || role === 'ig_officer');
      await assertAccessible(page);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(/\/sign-in$/);
      await page.close();
    });
  }

  test('an administrator adds a user, who can then sign in; the audit log shows both', async () => {
    const page = await browser.newPage();
    await signIn(page, baseUrl, 'administrator@testshire.example', testPassword);
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await assertAccessible(page);
    await page.getByRole('button', { name: 'Add a user' }).click();
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('link', { name: 'Enter the person’s full name' }).waitFor();
    await assertAccessible(page);
    await page.getByLabel('Full name').fill('Nadia New');
    await page.getByLabel('Email address').fill('nadia@testshire.example');
    await page.getByLabel('Organisation').selectOption({ label: 'Testshire County Council' });
    await page.getByLabel('Analyst').check();
    await page.getByLabel('Password', { exact: true }).fill('a long enough password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('The account has been created.').waitFor();
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('cell', { name: 'CREATE_USER' }).first().waitFor();
    await assertAccessible(page);
    await page.close();

    const newcomer = await browser.newPage();
    await signIn(newcomer, baseUrl, 'nadia@testshire.example', 'a long enough password');
    await newcomer.getByRole('heading', { name: 'Welcome, Nadia New' }).waitFor();
    await newcomer.close();
  });

  test('people without the role are told they lack access, on an accessible page', async () => {
    const page = await browser.newPage();
    await signIn(page, baseUrl, 'keyworker@testshire.example', testPassword);
    const response = await page.goto(`${baseUrl}/admin/users`);
    assert.equal(response?.status(), 403);
    await page.getByRole('heading', { name: 'You do not have access to this page' }).waitFor();
    await assertAccessible(page);
    const missing = await page.goto(`${baseUrl}/no-such-page`);
    assert.equal(missing?.status(), 404);
    await assertAccessible(page);
    await page.close();
  });

  test('health, ping and info answer before sign-in', async () => {
    for (const path of ['/health', '/ping', '/info']) {
      const response = await fetch(`${baseUrl}${path}`);
      assert.equal(response.status, 200, path);
    }
    const health = (await (await fetch(`${baseUrl}/health`)).json()) as {
      components: { database: { kind: string } };
    };
    assert.equal(health.components.database.kind, target.kind);
  });

  test('a form posted without its CSRF token is refused', async () => {
    const response = await fetch(`${baseUrl}/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=administrator%40testshire.example&password=x',
      redirect: 'manual',
    });
    assert.equal(response.status, 403);
  });
});
