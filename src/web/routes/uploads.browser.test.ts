import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { assertAccessible, launchBrowser, signIn } from '../../../test/support/browser.ts';
import { describeOnEachDatabase } from '../../../test/support/databases.ts';
import { testPassword } from '../../../test/support/factories.ts';
import type { Database } from '../../db/index.ts';
import { buildUploadScene, ExtractFiles, type UploadScene } from '../../ingest/upload.test-support.ts';
import { buildWebServer } from '../server.ts';

const files = new ExtractFiles();
const anchors = mkdtempSync(join(tmpdir(), 'kindred-uploads-web-'));
after(() => {
  rmSync(files.directory, { recursive: true, force: true });
  rmSync(anchors, { recursive: true, force: true });
});

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

/** Chooses the file and sends the form; resolves on the upload's own page. */
async function uploadThroughForm(page: Page, path: string): Promise<void> {
  await page.getByRole('link', { name: 'Uploads', exact: true }).click();
  await page.getByRole('button', { name: 'Upload an extract' }).click();
  await page.getByLabel('Upload a file').setInputFiles(path);
  await page.getByRole('button', { name: 'Upload file' }).click();
  await page.waitForURL(/\/uploads\/[0-9a-f-]{36}$/);
}

await describeOnEachDatabase('uploads in a browser', (target) => {
  let db: Database;
  let app: FastifyInstance;
  let baseUrl: string;
  let scene: UploadScene;

  before(async () => {
    db = await target.open();
    scene = await buildUploadScene(db);
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

  test('a partner data officer uploads a file with some bad rows, reads what was wrong and downloads it', async () => {
    const path = files.write([
      'P1,9434765919,Amy,Adams,2010-01-02,crime.asb_intervention,2026-01-10,,',
      'P2,,Ben,Bell,2011-05-05,crime.proven_offence,2025-02-30,,',
      '=HYPERLINK("http://evil.example"),,Cy,Cole,2008-03-03,crime.proven_offence,2026-12-31,,',
      'P4,1234567890,Di,Dean,2009-09-09,,,,',
    ]);
    const page = await browser.newPage();
    await signIn(page, baseUrl, scene.officer.email, testPassword);
    await page.getByRole('link', { name: 'Uploads', exact: true }).click();
    await page.getByRole('button', { name: 'Upload an extract' }).click();
    await page.getByRole('button', { name: 'Upload file' }).click();
    await page.getByRole('link', { name: 'Select a CSV file' }).waitFor();
    await assertAccessible(page);

    await page.getByLabel('Upload a file').setInputFiles(path);
    await page.getByRole('button', { name: 'Upload file' }).click();
    await page.waitForURL(/\/uploads\/[0-9a-f-]{36}$/);
    // The page follows the upload by itself and shows the outcome when it ends.
    await page.getByRole('heading', { name: 'Upload complete' }).waitFor({ timeout: 60_000 });
    await assertAccessible(page);
    const main = await page.locator('main').innerText();
    assert.match(main, /2 rows loaded, 2 rejected/);
    const table = await page.getByRole('table').innerText();
    assert.match(table, /3\s+P2\s+fact_start\s+Rejected\s+fact_start 2025-02-30 is not a real date/);
    assert.match(
      table,
      /4\s+=HYPERLINK\("http:\/\/evil\.example"\)\s+fact_start\s+Rejected\s+fact_start 2026-12-31 is after the upload day/,
    );
    assert.match(table, /5\s+P4\s+nhs_number\s+Warning/);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /Download all 3 as a CSV file/ }).click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8');
    assert.equal(csv.split('\r\n')[0], '\uFEFFline,record_id,column,severity,message');
    assert.match(csv, /\r\n4,"'=HYPERLINK\(""http:\/\/evil\.example""\)",fact_start,error,/);
    await page.close();
  });

  test('an upload the agreement does not cover is refused, naming the agreement and the clause', async () => {
    const path = files.write([
      'R1,,Al,Ash,2001-01-01,crime.proven_offence,2026-01-01,,',
      'R2,,Bea,Bell,2001-01-01,health.mental_health,2026-01-01,,',
    ]);
    const page = await browser.newPage();
    await signIn(page, baseUrl, scene.officer.email, testPassword);
    await uploadThroughForm(page, path);
    await page.getByRole('heading', { name: 'Upload refused' }).waitFor({ timeout: 60_000 });
    const main = await page.locator('main').innerText();
    assert.match(
      main,
      new RegExp(
        `Refused: Agreement ${scene.agreementReference} 'Police data for Supporting Families' version 1 does not cover the fact code health\\.mental_health \\(line 3\\) \\(clause: data items\\)`,
      ),
    );
    assert.match(await page.getByRole('table').innerText(), /3\s+R2\s+fact\s+Not covered/);
    await assertAccessible(page);
    await page.close();
  });

  test('a partner data officer creates an API token, sees it once, uses it and revokes it', async () => {
    const page = await browser.newPage();
    await signIn(page, baseUrl, scene.officer.email, testPassword);
    await page.goto(`${baseUrl}/api-tokens`);
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByRole('link', { name: 'Enter a name for the token' }).waitFor();
    await assertAccessible(page);
    await page.getByLabel('Name of a new token').fill('nightly export');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByText('Copy the token now').waitFor();
    await assertAccessible(page);
    const token = (await page.locator('[data-kindred-token]').textContent())!.trim();
    assert.match(token, /^kindred_[A-Za-z0-9_-]{43}$/);
    const flows = await fetch(`${baseUrl}/api/v1/data-flows`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(flows.status, 200);

    await page.getByRole('link', { name: 'Back to your tokens' }).click();
    assert.doesNotMatch(
      (await page.locator('main').textContent()) ?? '',
      new RegExp(token),
      'the token is never shown again',
    );
    await page.getByRole('button', { name: 'Revoke nightly export' }).click();
    await page.getByText('The token has been revoked.').waitFor();
    const refused = await fetch(`${baseUrl}/api/v1/data-flows`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(refused.status, 401);
    await page.close();
  });

  test('a coordinator maps a partner’s own layout in the flow’s upload settings', async () => {
    const page = await browser.newPage();
    await signIn(page, baseUrl, scene.coordinator.email, testPassword);
    const flow = await db.asActor(
      scene.coordinator.actor,
      async (sql) =>
        (
          await sql.query<{ source: string }>('select source from data_flow where id = $1', [scene.flowId])
        )[0]!.source,
    );
    await page.goto(`${baseUrl}/uploads/flows/${flow}/settings`);
    await page.getByLabel('Column mapping').fill('{"renames": {"Person": "nobody"}}');
    await page.getByRole('button', { name: 'Save upload settings' }).click();
    await page.getByRole('link', { name: /renames: "Person" → "nobody" is not a standard column/ }).waitFor();
    await assertAccessible(page);
    await page
      .getByLabel('Column mapping')
      .fill('{"renames": {"Person ID": "record_id"}, "values": {"fact": {"CIN": "children.child_in_need"}}}');
    await page.getByLabel('Latin-1 (Windows)').check();
    await page.getByRole('button', { name: 'Save upload settings' }).click();
    await page.getByText('The upload settings have been saved.').waitFor();
    await assertAccessible(page);
    await page.goto(`${baseUrl}/uploads/flows/${flow}/settings`);
    assert.match(await page.getByLabel('Column mapping').inputValue(), /"CIN": "children.child_in_need"/);
    await page.close();
  });
});
