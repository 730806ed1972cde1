import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { assertAccessible, launchBrowser, signIn } from '../../../test/support/browser.ts';
import { describeOnEachDatabase } from '../../../test/support/databases.ts';
import { buildUser, testPassword } from '../../../test/support/factories.ts';
import { loadAgreement, reviseAgreement, signAgreement, submitAgreement } from '../../agreements/index.ts';
import {
  assessmentDay,
  buildFamilyScene,
  type FamilyScene,
  firstExtract,
  shareExtract,
} from '../../casework/casework.test-support.ts';
import type { Database } from '../../db/index.ts';
import { ExtractFiles } from '../../ingest/upload.test-support.ts';
import { buildWebServer } from '../server.ts';

const files = new ExtractFiles();
const anchors = mkdtempSync(join(tmpdir(), 'kindred-families-web-'));
after(() => {
  rmSync(files.directory, { recursive: true, force: true });
  rmSync(anchors, { recursive: true, force: true });
});

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

await describeOnEachDatabase('families in a browser', (target) => {
  let db: Database;
  let app: FastifyInstance;
  let baseUrl: string;
  let scene: FamilyScene;
  let familyPath: string;

  before(async () => {
    db = await target.open();
    scene = await buildFamilyScene(db);
    await shareExtract(db, scene, files, firstExtract);
    app = await buildWebServer({
      db,
      councilName: 'Testshire County Council',
      secureCookies: false,
      auditAnchorFile: join(anchors, `${target.kind}.log`),
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  after(() => app?.close());

  test('a coordinator runs identification, finds an eligible family, opens its evidence and allocates keyworker A', async () => {
    const page = await browser.newPage();
    await signIn(page, baseUrl, scene.coordinator.email, testPassword);
    await page.getByRole('link', { name: 'Families', exact: true }).click();
    await page.getByLabel('Assessment date').fill('2026-02-30');
    await page.getByRole('button', { name: 'Run identification' }).click();
    await page.getByRole('link', { name: /Enter the assessment date/ }).waitFor();
    await assertAccessible(page);
    await page.getByLabel('Assessment date').fill(assessmentDay);
    await page.getByRole('button', { name: 'Run identification' }).click();
    await page.waitForURL(/\/families\/runs\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Identification complete' }).waitFor({ timeout: 60_000 });
    await assertAccessible(page);
    assert.match(await page.locator('main').innerText(), /1 of 2 families are eligible/);

    await page.getByRole('link', { name: 'See the eligible families' }).click();
    await page.getByRole('heading', { name: '1 family' }).waitFor();
    await assertAccessible(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export these families as a CSV file' }).click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8');
    assert.match(csv, /^\uFEFFfamily_id,eligible,problems,/);
    assert.match(csv, /\r\nF[0-9a-f]+,yes,crime;children;dv,3,3,7;14,NS1,2026-05-01,identified,,/);

    await page.getByRole('table').getByRole('link').first().click();
    await page.getByRole('heading', { name: /Adams family/ }).waitFor();
    familyPath = new URL(page.url()).pathname;
    await assertAccessible(page);
    const main = await page.locator('main').innerText();
    assert.match(main, /Ben Adams: A child with a proven offence in the last 12 months/);
    assert.match(main, new RegExp(`shared under Agreement ${scene.agreementReference} version 1`));
    assert.match(main, /Sam Patel\s+01632 960001\s+Ben Adams\s+children\.child_in_need/);

    await page
      .getByRole('link', { name: /record A2, line 3 of its upload/ })
      .first()
      .click();
    await page.waitForURL(/\/uploads\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: /Upload of / }).waitFor();
    await page.goBack();

    await page.getByRole('button', { name: 'Record the assessment' }).click();
    await page.getByRole('link', { name: 'Select whether the family is eligible' }).waitFor();
    await assertAccessible(page);
    await page.getByLabel('Yes, confirm eligibility').check();
    await page.getByLabel('Reason for the decision').fill('Three problems, confirmed with the school');
    await page.getByLabel('The family consented to working with the programme').check();
    await page.getByRole('button', { name: 'Record the assessment' }).click();
    await page.getByText('The assessment has been recorded.').waitFor();

    await page.getByLabel('Keyworker').selectOption({ label: scene.keyworkerA.email.split('@')[0]! });
    await page.getByLabel('Lead professional (optional)').fill('Sam Patel, social worker');
    await page.getByRole('button', { name: 'Allocate' }).click();
    await page.getByText('The family has been allocated.').waitFor();
    await assertAccessible(page);
    assert.match(await page.locator('main').innerText(), /Allocated by .* keyworker/);
    await page.close();
  });

  test('keyworker A sees the family allocated to them; keyworker B does not', async () => {
    const pageA = await browser.newPage();
    await signIn(pageA, baseUrl, scene.keyworkerA.email, testPassword);
    assert.equal(await pageA.getByRole('link', { name: 'Families', exact: true }).count(), 0);
    await pageA.getByRole('link', { name: 'My families' }).click();
    await assertAccessible(pageA);
    await pageA.getByRole('table').getByRole('link').first().click();
    await pageA.getByRole('heading', { name: /Adams family/ }).waitFor();
    assert.equal(new URL(pageA.url()).pathname, familyPath);
    const main = await pageA.locator('main').innerText();
    assert.match(main, /Ben Adams: A child with a proven offence in the last 12 months/);
    assert.doesNotMatch(main, /Record the assessment/);
    await pageA.getByRole('button', { name: 'Start working with the family' }).click();
    await pageA.getByText('Work with the family has started.').waitFor();
    await assertAccessible(pageA);
    await pageA.close();

    const pageB = await browser.newPage();
    await signIn(pageB, baseUrl, scene.keyworkerB.email, testPassword);
    await pageB.getByRole('link', { name: 'My families' }).click();
    await pageB.getByText('No families are allocated to you.').waitFor();
    await pageB.goto(`${baseUrl}${familyPath}`);
    await pageB.getByRole('heading', { name: 'Page not found' }).waitFor();
    await pageB.goto(`${baseUrl}/families`);
    await pageB.getByRole('heading', { name: 'You do not have access to this page' }).waitFor();
    await pageB.close();
  });

  test('a police practitioner sees the family the police work with once the agreement lets recipients see it', async () => {
    const practitioner = await buildUser(db, scene.policeId, ['partner_practitioner']);
    const page = await browser.newPage();
    await signIn(page, baseUrl, practitioner.email, testPassword);
    await page.getByRole('link', { name: 'Families we work with' }).click();
    await page.getByText('There are no families to show').waitFor();
    await assertAccessible(page);

    const { agreementId } = scene;
    await db.asActor(scene.coordinator.actor, async (sql) => {
      const current = (await loadAgreement(sql, agreementId))!.versions[0]!.terms;
      await reviseAgreement(sql, agreementId, {
        ...current,
        parties: current.parties.map((party) => ({ ...party, receives: true })),
        recipientsSeeFamilies: true,
      });
      await submitAgreement(sql, agreementId);
    });
    await db.asActor(scene.policeIg.actor, (sql) => signAgreement(sql, agreementId, 'Head of IG'));
    await db.asActor(scene.councilIg.actor, (sql) => signAgreement(sql, agreementId, 'IG lead'));

    await page.reload();
    await page.getByRole('link', { name: familyPath.split('/').pop()! }).click();
    await page.getByRole('heading', { name: /Adams family/ }).waitFor();
    await assertAccessible(page);
    const main = await page.locator('main').innerText();
    assert.match(main, /Sam Patel/, 'who is involved');
    assert.match(main, /crime\.proven_offence/, 'a fact shared under the agreement');
    assert.doesNotMatch(main, /Problems|Eligible|Record the assessment/, 'never the problems or eligibility');
    await page.goto(`${baseUrl}/families`);
    await page.getByRole('heading', { name: 'You do not have access to this page' }).waitFor();
    await page.close();
    const audited = await db.asOwner((sql) =>
      sql.query<{ action: string }>(
        `select action from audit_event where actor_user_id = $1 and action like 'VIEW_SHARED_FAMIL%' order by seq`,
        [practitioner.id],
      ),
    );
    assert.deepEqual(
      audited.map((row) => row.action),
      ['VIEW_SHARED_FAMILIES', 'VIEW_SHARED_FAMILIES', 'VIEW_SHARED_FAMILY'],
    );
  });
});
