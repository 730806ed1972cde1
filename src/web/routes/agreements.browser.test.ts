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
import { addDays, longDate, todayInEngland } from '../../agreements/index.ts';
import type { Database } from '../../db/index.ts';
import { changeStage, planDataFlow } from '../../roadmap/index.ts';
import { buildWebServer } from '../server.ts';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

const today = todayInEngland();

await describeOnEachDatabase('agreements and the roadmap in a browser', (target) => {
  let db: Database;
  let app: FastifyInstance;
  let baseUrl: string;
  let agreementUrl: string;
  let coordinatorPage: Page;

  const anchorDirectory = mkdtempSync(join(tmpdir(), 'kindred-agreements-'));
  after(() => rmSync(anchorDirectory, { recursive: true, force: true }));

  before(async () => {
    db = await target.open();
    const council = await buildOrganisation(db, 'council', 'Testshire County Council');
    const police = await buildOrganisation(db, 'police', 'Testshire Police');
    const schools = await buildOrganisation(db, 'education', 'Testshire Schools');
    const coordinator = await buildUser(db, council, ['coordinator'], 'coordinator@testshire.example');
    await buildUser(db, council, ['ig_officer'], 'ig@testshire.example');
    await buildUser(db, police, ['ig_officer'], 'ig@police.example');
    // The roadmap's history: the police flow went live this year; the schools flow was identified since.
    await db.asActor(coordinator.actor, async (sql) => {
      const offending = await planDataFlow(
        sql,
        {
          organisationId: police,
          source: 'police',
          title: 'Offending and ASB',
          description: '',
          problems: ['crime', 'dv'],
          agreementId: null,
        },
        { stage: 'identified', on: addDays(today, -400) },
      );
      await changeStage(sql, offending, 'gateway_agreed', addDays(today, -200));
      await changeStage(sql, offending, 'live', addDays(today, -20));
      await planDataFlow(
        sql,
        {
          organisationId: schools,
          source: 'schools',
          title: 'Attendance',
          description: '',
          problems: ['education'],
          agreementId: null,
        },
        { stage: 'identified', on: addDays(today, -100) },
      );
    });
    app = await buildWebServer({
      db,
      councilName: 'Testshire County Council',
      secureCookies: false,
      auditAnchorFile: join(anchorDirectory, 'audit-anchors.log'),
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    coordinatorPage = await browser.newPage();
    await signIn(coordinatorPage, baseUrl, 'coordinator@testshire.example', testPassword);
  });
  after(() => app?.close());

  test('a coordinator drafts an agreement and sends it for review', async () => {
    const page = coordinatorPage;
    await page.getByRole('link', { name: 'Agreements', exact: true }).click();
    await page.getByRole('heading', { name: 'Information sharing agreements' }).waitFor();
    await assertAccessible(page);
    await page.getByRole('button', { name: 'Draft an agreement' }).click();
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('link', { name: 'Enter a title for the agreement' }).waitFor();
    await assertAccessible(page);

    await page.getByLabel('Title', { exact: true }).fill('Police data for Supporting Families');
    await page.getByLabel('Role of Testshire Police').selectOption('controller');
    await page.getByRole('group', { name: 'What Testshire Police does' }).getByLabel('Provides data').check();
    await page.getByLabel('Purposes').fill('Identifying families for the Supporting Families programme');
    await page.getByLabel('Article 6(1)(e) public task').check();
    await page.getByLabel('Crime and Disorder Act 1998, section 115 (disclosure of information)').check();
    for (const item of ['family_name', 'date_of_birth', 'postcode', 'crime.proven_offence', 'dv.victim']) {
      await page.getByLabel(item, { exact: true }).check();
    }
    await page.getByLabel('How often data is shared').selectOption('monthly');
    await page.getByLabel('Upload to Kindred over HTTPS (web page or command line)').check();
    await page.getByLabel('Retention period in months').fill('24');
    await page
      .getByLabel('How data is deleted')
      .fill('Deleted from Kindred at the end of the retention period.');
    await page
      .getByLabel('Security measures')
      .fill('TLS in transit, encrypted at rest, role-based access, audit log.');
    await page.getByLabel('Start date').fill(addDays(today, -30));
    await page.getByLabel('Review date').fill(addDays(today, 180));
    await page.getByLabel('End date').fill(addDays(today, 365));
    await page.getByLabel(/practitioners may see the identified families/).check();
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('The draft agreement has been saved.').waitFor();
    await assertAccessible(page);
    assert.match(
      await page.locator('main').innerText(),
      /Receiving parties' practitioners see the identified families their organisation works with/,
    );
    agreementUrl = page.url().split('?')[0]!;

    await page.getByRole('button', { name: 'Send for review' }).click();
    await page.getByText('sent to each party’s information governance officer').waitFor();
    assert.match(await page.locator('main').innerText(), /In review/);
  });

  test('each party’s IG officer signs for their own organisation, and the agreement becomes active', async () => {
    for (const [email, organisation, outcome] of [
      ['ig@police.example', 'Testshire Police', 'You have signed the agreement for your organisation.'],
      ['ig@testshire.example', 'Testshire County Council', 'Every party has now signed it.'],
    ] as const) {
      const page = await browser.newPage();
      await signIn(page, baseUrl, email, testPassword);
      await page.goto(agreementUrl);
      await assertAccessible(page);
      await page.getByLabel('Your job title').fill('Information governance lead');
      await page.getByRole('button', { name: `Sign version 1 for ${organisation}` }).click();
      await page.getByText(outcome).waitFor();
      assert.match(
        await page.getByRole('row', { name: new RegExp(organisation) }).innerText(),
        /Information governance lead/,
      );
      if (organisation === 'Testshire County Council') {
        await page.locator('main .govuk-tag', { hasText: 'Active' }).first().waitFor();
        await assertAccessible(page);
      }
      await page.close();
    }
  });

  test('the readable document prints the signed agreement', async () => {
    await coordinatorPage.goto(`${agreementUrl}/versions/1/document`);
    await coordinatorPage.getByRole('heading', { name: '10. Signatures' }).waitFor();
    assert.match(await coordinatorPage.locator('main').innerText(), /Information governance lead/);
    await assertAccessible(coordinatorPage);
  });

  test('the active agreement is on the public register, without signing in and without anyone’s name', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${baseUrl}/register`);
    assert.equal(response?.status(), 200);
    await page.getByRole('heading', { name: /Police data for Supporting Families/ }).waitFor();
    const text = await page.locator('main').innerText();
    assert.match(text, /Testshire Police: Controller, provides data/);
    assert.doesNotMatch(text, /ig@|Information governance lead/);
    await assertAccessible(page);
    await page.close();
  });

  test('the board report shows the distance travelled as a chart with its table, and coverage by partner', async () => {
    const page = coordinatorPage;
    await page.getByRole('link', { name: 'Roadmap', exact: true }).click();
    await page.getByRole('heading', { name: 'Sharing roadmap' }).waitFor();
    await assertAccessible(page);
    const since = addDays(today, -365);
    await page.getByRole('button', { name: 'Board report' }).click();
    await page.getByLabel('Compare with the roadmap on').fill(since);
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.getByRole('heading', { name: `The distance travelled since ${longDate(since)}` }).waitFor();
    const chart = page.getByRole('img', { name: `Data flows by stage on ${longDate(since)} and today` });
    await chart.waitFor();
    const table = page.getByRole('table', { name: 'Data flows by stage' });
    assert.deepEqual(
      (await table.getByRole('row', { name: /^(Identified|Live)/ }).allInnerTexts()).map((row) =>
        row.split(/\s+/).join(' '),
      ),
      ['Identified 1 1', 'Live 0 1'],
    );
    assert.match(
      await page
        .getByRole('row', { name: /Testshire Police/ })
        .last()
        .innerText(),
      /Live/,
    );
    await assertAccessible(page);
  });
});
