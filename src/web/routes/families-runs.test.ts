/**
 * An identification run in the web server: pages are answered while it works out the families (its engine
 * step runs in a worker thread), and a run left running by a process that died is failed when the server starts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeOnEachDatabase } from '../../../test/support/databases.ts';
import { testPassword } from '../../../test/support/factories.ts';
import { runOfAnotherProcess } from '../../casework/casework.test-support.ts';
import type { Database } from '../../db/index.ts';
import { everythingShared, writeSyntheticExtract } from '../../ingest/synthetic-extract.test-support.ts';
import { buildUploadScene, type UploadScene, uploadDay } from '../../ingest/upload.test-support.ts';
import { uploadExtract } from '../../ingest/upload.ts';
import { copyFramework } from '../../outcomes-plan/index.ts';
import { buildWebServer } from '../server.ts';

const directory = mkdtempSync(join(tmpdir(), 'kindred-families-runs-'));
after(() => rmSync(directory, { recursive: true, force: true }));

/** Enough records that linking them is real work: five hundred people, four fact rows each. */
const extractRows = 2000;

const cookieHeader = (response: Response, previous = ''): string =>
  [previous, ...response.headers.getSetCookie().map((cookie) => cookie.split(';')[0])]
    .filter(Boolean)
    .join('; ');

const csrfTokenOf = (page: string): string => /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';

async function signIn(baseUrl: string, email: string): Promise<string> {
  const form = await fetch(`${baseUrl}/sign-in`);
  const cookies = cookieHeader(form);
  const response = await fetch(`${baseUrl}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies },
    body: new URLSearchParams({
      _csrf: csrfTokenOf(await form.text()),
      email,
      password: testPassword,
      next: '/',
    }).toString(),
  });
  assert.equal(response.status, 303, `sign-in as ${email}`);
  return cookieHeader(response, cookies);
}

/** What a run's page says while the run works (its status line), or undefined once it has ended. */
const runningStatus = (page: string): string | undefined =>
  /<p class="govuk-body" role="status">([^<]*)<\/p>/.exec(page)?.[1];

/** Asks for a run through the families page's form; resolves with the path of the run's page. */
async function startRun(
  baseUrl: string,
  cookie: string,
  page: string,
  fields: Record<string, string>,
): Promise<string> {
  const started = await fetch(`${baseUrl}/families/runs`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ _csrf: csrfTokenOf(page), ...fields }).toString(),
  });
  assert.equal(started.status, 303);
  return started.headers.get('location')!;
}

await describeOnEachDatabase('identification runs in the web server', (target) => {
  let db: Database;
  let app: FastifyInstance;
  let baseUrl: string;
  let scene: UploadScene;
  let orphan: string;

  before(async () => {
    db = await target.open();
    scene = await buildUploadScene(db, everythingShared);
    const path = join(directory, `${target.kind}.csv`);
    await writeSyntheticExtract(path, extractRows);
    const outcome = await uploadExtract(db, scene.officer.actor, {
      dataFlowId: scene.flowId,
      path,
      today: uploadDay,
    });
    assert.equal(outcome.kind, 'loaded', JSON.stringify(outcome));
    orphan = await runOfAnotherProcess(db, scene);
    app = await buildWebServer({
      db,
      councilName: 'Testshire County Council',
      secureCookies: false,
      auditAnchorFile: join(directory, `${target.kind}-anchors.log`),
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  after(() => app?.close());

  test('a run left running by a process that died has failed by the time the server answers', async () => {
    const cookie = await signIn(baseUrl, scene.coordinator.email);
    const page = await (await fetch(`${baseUrl}/families/runs/${orphan}`, { headers: { cookie } })).text();
    assert.match(page, /Identification failed/);
    assert.match(page, /The identification stopped before it finished \(the process running it ended\)/);
  });

  test('a local outcomes plan can be chosen for a run, and the families list names it', async () => {
    const copied = await db.asActor(scene.coordinator.actor, (sql) =>
      copyFramework(sql, { from: { id: 'tf-2015' }, id: 'testshire-2026', title: 'Testshire plan' }),
    );
    assert.equal(copied.kind, 'saved');
    const cookie = await signIn(baseUrl, scene.coordinator.email);
    const families = await (await fetch(`${baseUrl}/families`, { headers: { cookie } })).text();
    assert.match(families, /<option value="testshire-2026"[^>]*>testshire-2026 version 1 \(local\)/);
    const runPath = await startRun(baseUrl, cookie, families, {
      framework: 'testshire-2026',
      asOf: uploadDay,
    });
    while (runningStatus(await (await fetch(`${baseUrl}${runPath}`, { headers: { cookie } })).text()));
    const after = await (await fetch(`${baseUrl}/families`, { headers: { cookie } })).text();
    assert.match(after, /Identified with testshire-2026 version 1 at/);
    assert.match(after, /Crime and anti-social behaviour \(crime\)/, 'its problems are the filters');

    const unknown = await fetch(`${baseUrl}/families/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({
        _csrf: csrfTokenOf(after),
        framework: 'no-such-plan',
        asOf: uploadDay,
      }).toString(),
    });
    assert.equal(unknown.status, 400);
    assert.match(await unknown.text(), /Select the criteria framework/);
  });

  test('pages are answered while a run works out the families', async () => {
    const cookie = await signIn(baseUrl, scene.coordinator.email);
    const families = await (await fetch(`${baseUrl}/families`, { headers: { cookie } })).text();
    const runPath = await startRun(baseUrl, cookie, families, { framework: 'tf-2015', asOf: uploadDay });

    // Each page answered while the run is still running says where it has got to.
    const seen: string[] = [];
    while (true) {
      const health = await fetch(`${baseUrl}/health`);
      assert.equal(health.status, 200);
      const page = await (await fetch(`${baseUrl}${runPath}`, { headers: { cookie } })).text();
      const status = runningStatus(page);
      if (status === undefined) {
        assert.match(page, /Identification complete/);
        break;
      }
      seen.push(status);
    }
    assert.ok(
      seen.some((status) => /^(Linking records into people|Assessing each household)/.test(status)),
      `a page was answered while the families were being worked out; the pages said: ${seen.join(' | ')}`,
    );
  });

  test('a coordinator may link only the records of new uploads; the run page says how it linked', async () => {
    const cookie = await signIn(baseUrl, scene.coordinator.email);
    const families = await (await fetch(`${baseUrl}/families`, { headers: { cookie } })).text();
    assert.match(families, /Link only the records of new uploads/);
    const runPath = await startRun(baseUrl, cookie, families, {
      framework: 'tf-2015',
      asOf: uploadDay,
      linking: 'incremental',
    });
    let page = '';
    do page = await (await fetch(`${baseUrl}${runPath}`, { headers: { cookie } })).text();
    while (runningStatus(page));
    assert.match(page, /Identification complete/);
    // Nothing was uploaded since the previous run: every record keeps its person, none is linked anew.
    assert.match(page, /Only the records of new uploads, against the previous run’s people/);
  });

  test('the district filter offers the districts of the run and keeps the one chosen', async () => {
    const cookie = await signIn(baseUrl, scene.coordinator.email);
    const page = await (await fetch(`${baseUrl}/families`, { headers: { cookie } })).text();
    const options = (html: string) =>
      [
        ...(
          /<select class="govuk-select" id="district" name="district">([\s\S]*?)<\/select>/.exec(html)?.[1] ??
          ''
        ).matchAll(/<option value="([^"]*)"( selected)?>/g),
      ].map((match) => ({ value: match[1]!, selected: match[2] !== undefined }));
    const offered = options(page);
    assert.equal(offered[0]?.value, '', 'Any comes first');
    assert.ok(offered.length > 2, 'the run has families in several districts');
    const chosen = offered[1]!.value;

    const filtered = await (
      await fetch(`${baseUrl}/families?district=${encodeURIComponent(chosen)}`, { headers: { cookie } })
    ).text();
    assert.deepEqual(
      options(filtered).filter((option) => option.selected),
      [{ value: chosen, selected: true }],
    );
    const familiesTable = filtered.split('Recent runs')[0]!;
    const rows = familiesTable.split('<tr class="govuk-table__row">').slice(2);
    assert.ok(rows.length > 0, 'families are listed');
    for (const row of rows) {
      const cells = [...row.matchAll(/<td class="govuk-table__cell">([\s\S]*?)<\/td>/g)].map(
        (match) => match[1],
      );
      assert.equal(cells[4], chosen);
    }
  });
  test('an upload made visible through the web is followed by identification, as the coordinator of the newest run', async () => {
    const runsBefore = await db.asOwner((sql) =>
      sql.query<{ id: string }>('select id from identification_run order by started_at'),
    );
    const cookie = await signIn(baseUrl, scene.officer.email);
    const form = await (await fetch(`${baseUrl}/uploads/new`, { headers: { cookie } })).text();
    const [flow] = await db.asOwner((sql) =>
      sql.query<{ source: string }>('select source from data_flow where id = $1', [scene.flowId]),
    );
    const body = new FormData();
    body.set('_csrf', csrfTokenOf(form));
    body.set('flow', flow!.source);
    body.set(
      'file',
      new Blob([
        'record_id,given_name,family_name,date_of_birth,fact,fact_start\nN1,Nina,Newton,1990-02-02,crime.asb_intervention,2026-05-01\n',
      ]),
      'later.csv',
    );
    const posted = await fetch(`${baseUrl}/uploads`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie },
      body,
    });
    assert.equal(posted.status, 303);
    const uploadId = /\/uploads\/([0-9a-f-]{36})/.exec(posted.headers.get('location') ?? '')?.[1];
    assert.ok(uploadId, posted.headers.get('location') ?? 'no location');

    type Started = {
      id: string;
      state: string;
      run_by: string;
      linking: string;
      details: { afterUploads?: string[] };
    };
    let started: Started | undefined;
    for (let tries = 0; tries < 600 && started?.state !== 'finished'; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      [started] = await db.asOwner((sql) =>
        sql.query<Started>(
          `select r.id, r.state, r.run_by, r.linking, e.details from identification_run r
           join audit_event e on e.action = 'CREATE_IDENTIFICATION_RUN' and r.id::text = any (e.subject_ids)
           where not (r.id = any ($1::uuid[]))`,
          [runsBefore.map((run) => run.id)],
        ),
      );
    }
    assert.equal(started?.state, 'finished', 'a run followed the upload and finished');
    assert.equal(started.run_by, scene.coordinator.id, "it is the newest run's coordinator's");
    assert.deepEqual(started.details.afterUploads, [uploadId]);
  });
});
