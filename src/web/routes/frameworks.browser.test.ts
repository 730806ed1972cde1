import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { assertAccessible, launchBrowser, signIn } from '../../../test/support/browser.ts';
import { describeOnEachDatabase } from '../../../test/support/databases.ts';
import { buildOrganisation, buildUser, testPassword } from '../../../test/support/factories.ts';
import type { Database } from '../../db/index.ts';
import { buildWebServer } from '../server.ts';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

/** The threshold cell of an indicator's row in a framework page's table. */
const thresholdOf = async (page: Page, indicator: string): Promise<string> =>
  (await page.getByRole('row').filter({ hasText: indicator }).locator('td').last().innerText()).trim();

/** The id of the element that has focus, as after following an error summary's link. */
const focusedId = (page: Page): Promise<string | undefined> =>
  page.evaluate(
    () =>
      (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement
        ?.id,
  );

await describeOnEachDatabase('criteria frameworks in a browser', (target) => {
  let db: Database;
  let app: FastifyInstance;
  let baseUrl: string;
  let coordinatorPage: Page;

  const anchorDirectory = mkdtempSync(join(tmpdir(), 'kindred-frameworks-'));
  after(() => rmSync(anchorDirectory, { recursive: true, force: true }));

  before(async () => {
    db = await target.open();
    const council = await buildOrganisation(db, 'council', 'Northshire County Council');
    await buildUser(db, council, ['coordinator'], 'coordinator@northshire.example');
    await buildUser(db, council, ['analyst'], 'analyst@northshire.example');
    app = await buildWebServer({
      db,
      councilName: 'Northshire County Council',
      secureCookies: false,
      auditAnchorFile: join(anchorDirectory, 'audit-anchors.log'),
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    coordinatorPage = await browser.newPage();
    await signIn(coordinatorPage, baseUrl, 'coordinator@northshire.example', testPassword);
  });
  after(() => app?.close());

  test('a coordinator copies tf-2015 into northshire-2026, lowers persistent absence to 8%, drops an indicator and sees both versions', async () => {
    const page = coordinatorPage;
    await page.getByRole('link', { name: 'Frameworks', exact: true }).click();
    await page.getByRole('heading', { name: 'Criteria frameworks' }).waitFor();
    await assertAccessible(page);
    await page.getByRole('link', { name: /^Expanded Troubled Families programme/ }).click();
    await page
      .getByRole('heading', { name: 'Children who have not been attending school regularly' })
      .waitFor();
    assert.equal(await thresholdOf(page, 'persistent_absence'), 'Each fact’s value at least 10%');
    await assertAccessible(page);

    await page.getByRole('button', { name: 'Copy into a local outcomes plan' }).click();
    await page.getByRole('button', { name: 'Copy framework' }).click();
    await page.getByRole('link', { name: /^Enter an id of lower-case letters, digits and hyphens/ }).click();
    assert.equal(await focusedId(page), 'id');
    await assertAccessible(page);
    await page.getByLabel('Id of the new framework').fill('northshire-2026');
    await page.getByLabel('Title').fill('Northshire Outcomes Plan 2026');
    await page.getByRole('button', { name: 'Copy framework' }).click();
    await page.getByText('copied into your local outcomes plan northshire-2026 as version 1').waitFor();
    assert.match(await page.locator('main').innerText(), /Based on\s+tf-2015 version 1/);
    await assertAccessible(page);

    await page.getByRole('button', { name: 'Change indicators and thresholds' }).click();
    await page.getByRole('heading', { name: 'Change Northshire Outcomes Plan 2026' }).waitFor();
    await assertAccessible(page);
    const absence = page.getByRole('group', { name: 'Indicator persistent_absence' });
    await absence.getByLabel('Each fact’s value: at least').fill('eight');
    await page.getByLabel('What changed and why').fill('Persistent absence from 8%, as agreed with schools');
    await page.getByRole('button', { name: 'Save as version 2' }).click();
    await page.getByRole('link', { name: 'Enter the threshold as a number, like 8 or 2.5' }).waitFor();
    await assertAccessible(page);
    await absence.getByLabel('Each fact’s value: at least').fill('8');
    await absence
      .getByLabel('Description')
      .fill('A child who missed 8% or more of school sessions in the last 12 months');
    await page
      .getByRole('group', { name: 'Indicator community_sentence' })
      .getByLabel('Keep this indicator')
      .uncheck();
    await page.getByRole('button', { name: 'Save as version 2' }).click();
    await page.getByText('Version 2 has been saved').waitFor();
    assert.equal(await thresholdOf(page, 'persistent_absence'), 'Each fact’s value at least 8%');
    assert.equal(await page.getByRole('row').filter({ hasText: 'community_sentence' }).count(), 0);
    const versions = page.getByRole('table', { name: /Every saved version of northshire-2026/ });
    assert.match(await versions.innerText(), /Version 2\s+Shown[\s\S]*Persistent absence from 8%/);
    assert.match(await versions.innerText(), /Version 1[\s\S]*Copied from tf-2015 version 1/);
    await assertAccessible(page);

    await versions.getByRole('link', { name: 'Version 1' }).click();
    await page.getByText('This is version 1, kept as it was saved.').waitFor();
    assert.equal(await thresholdOf(page, 'persistent_absence'), 'Each fact’s value at least 10%');
    assert.equal(await page.getByRole('row').filter({ hasText: 'community_sentence' }).count(), 1);
    assert.equal(await page.getByRole('button', { name: 'Change indicators and thresholds' }).count(), 0);
    await assertAccessible(page);
  });

  test('an edit as JSON that breaks the rules is refused, naming the JSON path and linking to the file', async () => {
    const page = coordinatorPage;
    await page.goto(`${baseUrl}/frameworks/northshire-2026`);
    await page.getByRole('button', { name: 'Edit as JSON' }).click();
    const file = page.getByLabel('Framework file (JSON)');
    const text = await file.inputValue();
    assert.match(text, /"version": 2/);
    await file.fill(text.replace('"when": "last_12_months"', '"when": "last_year"'));
    await page.getByLabel('What changed and why').fill('Trying a window');
    await page.getByRole('button', { name: 'Save as version 3' }).click();
    const error = page.getByRole('link', {
      name: /^problems\[0\]\.indicators\[0\]\.when: "last_year" is not a window/,
    });
    await error.waitFor();
    await assertAccessible(page);
    await error.click();
    assert.equal(await focusedId(page), 'definition');
    const download = await page.request.get(`${baseUrl}/frameworks/northshire-2026/download`);
    const saved = await download.json();
    assert.equal(saved.version, 2, 'nothing was stored');
    assert.deepEqual(saved.problems[1].indicators[0].value, { atLeast: 8 });
  });

  test('an analyst reads every version but has no buttons to change or copy', async () => {
    const page = await browser.newPage();
    await signIn(page, baseUrl, 'analyst@northshire.example', testPassword);
    await page.getByRole('link', { name: 'Frameworks', exact: true }).click();
    await page.getByRole('link', { name: 'Northshire Outcomes Plan 2026' }).click();
    await page.getByRole('heading', { name: 'Northshire Outcomes Plan 2026' }).waitFor();
    assert.equal(await thresholdOf(page, 'persistent_absence'), 'Each fact’s value at least 8%');
    for (const name of [
      'Change indicators and thresholds',
      'Edit as JSON',
      'Copy into a local outcomes plan',
    ]) {
      assert.equal(await page.getByRole('button', { name }).count(), 0, name);
    }
    await page.getByRole('link', { name: 'Download version 2 as JSON' }).waitFor();
    await assertAccessible(page);
    await page.getByRole('link', { name: 'Version 1', exact: true }).click();
    assert.equal(await thresholdOf(page, 'persistent_absence'), 'Each fact’s value at least 10%');
    const edit = await page.goto(`${baseUrl}/frameworks/northshire-2026/edit`);
    assert.equal(edit?.status(), 403);
    await page.close();
  });
});
