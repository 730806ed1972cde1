import assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeOnEachDatabase } from '../../../test/support/databases.ts';
import type { Database } from '../../db/index.ts';
import { buildUploadScene, ExtractFiles, type UploadScene } from '../../ingest/upload.test-support.ts';
import { createApiToken, revokeApiToken } from '../api/api-tokens.ts';
import { buildWebServer } from '../server.ts';

const files = new ExtractFiles();
const anchors = mkdtempSync(join(tmpdir(), 'kindred-api-'));
after(() => {
  rmSync(files.directory, { recursive: true, force: true });
  rmSync(anchors, { recursive: true, force: true });
});

await describeOnEachDatabase('the upload API', (target) => {
  let db: Database;
  let app: FastifyInstance;
  let baseUrl: string;
  let scene: UploadScene;
  let token: string;
  let source: string;

  const call = (path: string, init: RequestInit & { duplex?: 'half' } = {}, bearer = token) =>
    fetch(`${baseUrl}${path}`, { ...init, headers: { authorization: `Bearer ${bearer}`, ...init.headers } });

  /** The file streamed as the request body, as a partner system would send a large one. */
  const upload = (path: string, query = 'wait=true') =>
    call(`/api/v1/data-flows/${source}/uploads?fileName=extract.csv&${query}`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: Readable.toWeb(createReadStream(path)) as ReadableStream,
      duplex: 'half',
    });

  before(async () => {
    db = await target.open();
    scene = await buildUploadScene(db);
    token = (await db.asActor(scene.officer.actor, (sql) => createApiToken(sql, 'nightly export'))).token;
    source = await db.asActor(
      scene.officer.actor,
      async (sql) =>
        (
          await sql.query<{ source: string }>('select source from data_flow where id = $1', [scene.flowId])
        )[0]!.source,
    );
    app = await buildWebServer({
      db,
      secureCookies: false,
      auditAnchorFile: join(anchors, `${target.kind}.log`),
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  after(() => app?.close());

  test('the OpenAPI document is public; everything else needs a valid token', async () => {
    const document = (await (await fetch(`${baseUrl}/api/openapi.json`)).json()) as {
      openapi: string;
      paths: object;
    };
    assert.equal(document.openapi, '3.1.0');
    assert.ok('/v1/data-flows/{source}/uploads' in document.paths);
    const anonymous = await fetch(`${baseUrl}/api/v1/data-flows`);
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.headers.get('www-authenticate') ?? '', /^Bearer/);
    assert.equal(
      (await call('/api/v1/data-flows', {}, 'kindred_not-a-real-token-at-all-xxxxxxxxxxxxxxxx')).status,
      401,
    );
  });

  test('a data officer’s system lists its flows with the agreement each is under', async () => {
    const body = (await (await call('/api/v1/data-flows')).json()) as {
      dataFlows: { source: string; agreement: { reference: string; factCodes: string[] } | null }[];
    };
    const flow = body.dataFlows.find((candidate) => candidate.source === source);
    assert.equal(flow?.agreement?.reference, scene.agreementReference);
    assert.ok(flow?.agreement?.factCodes.includes('crime.proven_offence'));
  });

  test('a streamed upload is loaded, reported, and not loaded again when sent twice', async () => {
    const path = files.write([
      'A1,,Amy,Adams,2010-01-02,crime.asb_intervention,2026-01-10,,',
      'A2,,Ben,Bell,2011-05-05,crime.proven_offence,2025-02-30,,',
    ]);
    const response = await upload(path);
    assert.equal(response.status, 200);
    const status = (await response.json()) as {
      id: string;
      state: string;
      channel: string;
      counts: { rowsAccepted: number; rowsRejected: number; issues: number };
      agreement: { reference: string; version: number };
      links: { issues: string; issuesCsv: string };
    };
    assert.equal(status.state, 'visible');
    assert.equal(status.channel, 'api');
    assert.deepEqual(status.agreement, { reference: scene.agreementReference, version: 1 });
    assert.equal(status.counts.rowsAccepted, 1);
    assert.equal(status.counts.rowsRejected, 1);
    assert.equal(response.headers.get('location'), `/api/v1/uploads/${status.id}`);

    const issues = (await (await call(status.links.issues)).json()) as {
      issues: { line: number; column: string }[];
    };
    assert.deepEqual(
      issues.issues.map((issue) => [issue.line, issue.column]),
      [[3, 'fact_start']],
    );
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(
      await (await call(status.links.issuesCsv)).arrayBuffer(),
    );
    assert.match(csv, /^\uFEFFline,record_id,column,severity,message\r\n3,A2,fact_start,error,/);

    const again = await upload(path);
    assert.equal(again.status, 200);
    const second = (await again.json()) as { id: string; alreadyLoaded: boolean };
    assert.deepEqual([second.id, second.alreadyLoaded], [status.id, true]);
  });

  test('without waiting, the upload is accepted at once and its status followed until it ends', async () => {
    const path = files.write(['B1,,Cy,Cole,2008-03-03,,,,']);
    const response = await upload(path, 'wait=false');
    assert.ok(response.status === 202 || response.status === 200, String(response.status));
    const location = response.headers.get('location')!;
    let state = 'loading';
    for (let attempt = 0; attempt < 200 && state === 'loading'; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      state = ((await (await call(location)).json()) as { state: string }).state;
    }
    assert.equal(state, 'visible');
  });

  test('an upload the agreement does not cover is refused with the agreement and clause named', async () => {
    const response = await upload(files.write(['C1,,Di,Dean,2001-01-01,housing.homeless,2026-01-01,,']));
    assert.equal(response.status, 422);
    const status = (await response.json()) as { state: string; reason: string };
    assert.equal(status.state, 'refused');
    assert.match(
      status.reason,
      /does not cover the fact code housing\.homeless \(line 2\) \(clause: data items\)/,
    );
  });

  test('an empty body, a wrong content type and an unknown flow are explained', async () => {
    const empty = await call(`/api/v1/data-flows/${source}/uploads`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: '',
    });
    assert.equal(empty.status, 400);
    const json = await call(`/api/v1/data-flows/${source}/uploads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(json.status, 415);
    const unknown = await call('/api/v1/data-flows/no_such_flow/uploads', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: 'record_id\nX\n',
    });
    assert.equal(unknown.status, 404);
  });

  test('a revoked token no longer opens the API', async () => {
    const spare = await db.asActor(scene.officer.actor, (sql) => createApiToken(sql, 'spare'));
    assert.equal((await call('/api/v1/data-flows', {}, spare.token)).status, 200);
    await db.asActor(scene.officer.actor, (sql) => revokeApiToken(sql, spare.id));
    assert.equal((await call('/api/v1/data-flows', {}, spare.token)).status, 401);
  });

  test('only a hash of each token is stored, and the application cannot read it', async () => {
    const stored = await db.asOwner((sql) =>
      sql.query<{ token_hash: Buffer }>('select token_hash from api_token'),
    );
    assert.ok(stored.every((row) => !row.token_hash.toString('latin1').includes(token)));
    await assert.rejects(
      db.asActor(scene.officer.actor, (sql) => sql.query('select token_hash from api_token')),
      /permission denied/,
    );
  });
});
