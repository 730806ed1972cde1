import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { assertAccessible, launchBrowser, signIn } from '../../../test/support/browser.ts';
import { describeOnEachDatabase } from '../../../test/support/databases.ts';
import { testPassword } from '../../../test/support/factories.ts';
import {
  assessmentDay,
  buildFamilyScene,
  type FamilyScene,
  shareExtract,
} from '../../casework/casework.test-support.ts';
import { allocateFamily, assessFamily, runIdentification } from '../../casework/index.ts';
import { keepHandTrainedModel, twoPairsExtract } from '../../clerical-review/clerical-review.test-support.ts';
import { shippedFramework } from '../../criteria/index.ts';
import type { Database } from '../../db/index.ts';
import { ExtractFiles } from '../../ingest/upload.test-support.ts';
import { buildWebServer } from '../server.ts';

const files = new ExtractFiles();
const anchors = mkdtempSync(join(tmpdir(), 'kindred-review-web-'));
after(() => {
  rmSync(files.directory, { recursive: true, force: true });
  rmSync(anchors, { recursive: true, force: true });
});

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

await describeOnEachDatabase('linkage review in a browser', (target) => {
  let db: Database;
  let app: FastifyInstance;
  let baseUrl: string;
  let scene: FamilyScene;
  const identify = () =>
    runIdentification(db, scene.coordinator.actor, {
      framework: shippedFramework('tf-2015'),
      asOf: assessmentDay,
    });

  before(async () => {
    db = await target.open();
    scene = await buildFamilyScene(db);
    await keepHandTrainedModel(db, scene);
    await shareExtract(db, scene, files, twoPairsExtract);
    await identify();
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

  test('an analyst opens the review queue, sees a pair side by side with its explanation, confirms one and rejects another', async () => {
    const page = await browser.newPage();
    await signIn(page, baseUrl, scene.analyst.email, testPassword);
    await page.getByRole('link', { name: 'Linkage review' }).click();
    await page.getByRole('heading', { name: 'Linkage review' }).waitFor();
    await assertAccessible(page);
    assert.match(await page.locator('main').innerText(), /2 pairs wait for a decision/);

    await page.getByRole('link', { name: 'Amy Adams and Amy Adams' }).click();
    await page.getByRole('heading', { name: 'Amy Adams and Amy Adams' }).waitFor();
    await assertAccessible(page);
    const main = await page.locator('main').innerText();
    assert.match(main, /The newest run kept these records apart, as two people/);
    assert.match(main, /9 Hill Road, Easttown/, 'the second record, side by side');
    assert.match(main, new RegExp(`shared under Agreement ${scene.agreementReference} version 1`));
    const chart = page.getByRole('img', { name: /^Match weight of .* A1 and .* A9 / });
    assert.equal(await chart.count(), 1, 'the waterfall chart is named by its title');
    const table = page.getByRole('table', { name: 'The weight each comparison added' });
    assert.match(await table.innerText(), /Given name\s+amy \/ amy\s+Exact match\s+\+/);
    assert.match(await table.innerText(), /Match weight\s+Match probability [\d.]+%\s+−0\.\d\d/);

    await page.getByRole('button', { name: 'Record the decision' }).click();
    await page.getByRole('link', { name: 'Select whether the records are of the same person' }).waitFor();
    await assertAccessible(page);
    await page.getByLabel('Yes, the same person (confirm)').check();
    await page.getByLabel('Reason (optional)').fill('Moved in March, says the school');
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await page
      .getByText('The decision has been recorded. It applies from the next identification run.')
      .waitFor();
    assert.match(await page.locator('main').innerText(), /1 pair waits for a decision/);

    await page.getByRole('link', { name: 'Dan Brown and Dan Brown' }).click();
    await page.getByLabel('No, different people (reject)').check();
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await page.getByText('No pairs wait for a decision.').waitFor();
    await assertAccessible(page);
    await page.close();
  });

  test('after the next run, the family view leads to the person page: both records and the waterfall of their link', async () => {
    await identify();
    const page = await browser.newPage();
    await signIn(page, baseUrl, scene.analyst.email, testPassword);
    await page.getByRole('link', { name: 'Families', exact: true }).click();
    await page.getByRole('table').getByRole('link').first().click();
    await page.getByRole('heading', { name: /Adams family/ }).waitFor();
    await page.getByRole('link', { name: 'Amy Adams' }).click();
    await page.getByRole('heading', { name: /^Amy Adams \(P[0-9a-f]+\)$/ }).waitFor();
    await assertAccessible(page);
    const main = await page.locator('main').innerText();
    assert.match(main, /2 source records/);
    assert.match(main, /1 High Street, Northtown/);
    assert.match(main, /9 Hill Road, Easttown/);
    assert.match(main, /Moved in March, says the school/, 'the decision that joined them');
    assert.match(main, /Below the threshold: these records are one person because an analyst confirmed it/);
    assert.equal(await page.getByRole('img', { name: /^Match weight of .* A1 and .* A9 / }).count(), 1);

    await page.getByRole('button', { name: 'Split the record out' }).click();
    await page.getByRole('link', { name: 'Select the record that is not this person' }).waitFor();
    await assertAccessible(page);
    await page.getByLabel(/A9: Amy Adams/).check();
    await page.getByRole('button', { name: 'Split the record out' }).click();
    await page
      .getByText('The record will be kept apart from this person from the next identification run.')
      .waitFor();
    await page.close();

    const audited = await db.asOwner((sql) =>
      sql.query<{ action: string; details: string }>(
        `select action, details::text from audit_event where action in
           ('SEARCH_LINKAGE_REVIEW', 'VIEW_LINKAGE_PAIR', 'CREATE_LINKAGE_DECISION', 'VIEW_PERSON')`,
      ),
    );
    assert.deepEqual(
      [...new Set(audited.map((event) => event.action))].sort(),
      ['CREATE_LINKAGE_DECISION', 'SEARCH_LINKAGE_REVIEW', 'VIEW_LINKAGE_PAIR', 'VIEW_PERSON'],
      'every view and decision is audited',
    );
    assert.ok(
      audited.every((event) => !/Amy|Adams|Moved in March/.test(event.details)),
      'with ids and counts only',
    );
  });

  test('a keyworker opens the person pages of their allocated family, not others’, and not the review queue', async () => {
    const [amy] = await db.asActor(scene.coordinator.actor, (sql) =>
      sql.query<{ family_id: string; person_id: string }>(
        `select p.family_id, p.person_id from identified_person p
         where p.record_id = 'A1' and p.run_id = (select id from identification_run where state = 'finished'
                                                  order by finished_at desc limit 1)`,
      ),
    );
    await db.asActor(scene.coordinator.actor, async (sql) => {
      await assessFamily(sql, amy!.family_id, {
        eligibility: 'confirmed',
        reason: 'Three problems',
        consent: 'consent_given',
        basisNote: '',
      });
      await allocateFamily(sql, amy!.family_id, { keyworkerId: scene.keyworkerA.id, leadProfessional: '' });
    });

    const page = await browser.newPage();
    await signIn(page, baseUrl, scene.keyworkerA.email, testPassword);
    assert.equal(await page.getByRole('link', { name: 'Linkage review' }).count(), 0);
    await page.getByRole('link', { name: 'My families' }).click();
    await page.getByRole('table').getByRole('link').first().click();
    await page.getByRole('link', { name: 'Amy Adams' }).click();
    await page.getByRole('heading', { name: /^Amy Adams \(P[0-9a-f]+\)$/ }).waitFor();
    await assertAccessible(page);
    const main = await page.locator('main').innerText();
    assert.match(main, /2 source records/);
    assert.equal(await page.getByRole('img', { name: /^Match weight of .* A1 and .* A9 / }).count(), 1);
    assert.doesNotMatch(main, /Split the record out|Near misses|Decisions on this person/);
    await page.goto(`${baseUrl}/linkage-review`);
    await page.getByRole('heading', { name: 'You do not have access to this page' }).waitFor();
    await page.close();

    const pageB = await browser.newPage();
    await signIn(pageB, baseUrl, scene.keyworkerB.email, testPassword);
    await pageB.goto(`${baseUrl}/people/${amy!.person_id}`);
    await pageB.getByRole('heading', { name: 'Page not found' }).waitFor();
    await pageB.close();
  });

  test('a run whose pairs migration 022 dropped shows a person’s records and says the next run explains their links', async () => {
    const [amy] = await db.asOwner(async (sql) => {
      const [latest] = await sql.query<{ id: string }>(
        `select id from identification_run where state = 'finished' order by finished_at desc limit 1`,
      );
      await sql.query('delete from identified_pair where run_id = $1', [latest!.id]);
      return sql.query<{ person_id: string }>(
        `select person_id from identified_person where record_id = 'A1' and run_id = $1`,
        [latest!.id],
      );
    });
    const page = await browser.newPage();
    await signIn(page, baseUrl, scene.analyst.email, testPassword);
    await page.goto(`${baseUrl}/people/${amy!.person_id}`);
    await page.getByRole('heading', { name: /^Amy Adams \(P[0-9a-f]+\)$/ }).waitFor();
    const main = await page.locator('main').innerText();
    assert.match(main, /2 source records/);
    assert.match(main, /kept no explanation of these links .* The next run will/);
    assert.doesNotMatch(main, /The person has one record/);
    await page.close();
  });
});
