import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import pg from 'pg';
import { testServerUrl } from '../support/databases.ts';
import { kindredBin } from './run-kindred.ts';

const dataDirectory = mkdtempSync(join(tmpdir(), 'kindred-serve-'));
const children = new Set<ChildProcess>();
// A failed assertion must not leave a server running, or the test file never ends.
after(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDirectory, { recursive: true, force: true });
});

interface Running {
  child: ChildProcess;
  url: string;
  output: () => string;
  stop: () => Promise<number | null>;
}

/** Starts `kindred serve` as `npm start` does and waits until it says where it listens. */
function startKindred(args: string[], env: Record<string, string | undefined>): Promise<Running> {
  return new Promise((resolve, reject) => {
    const child = spawn(kindredBin, ['serve', '--port', '0', ...args], {
      env: { ...process.env, DATABASE_URL: undefined, KINDRED_LOG: 'false', ...env },
    });
    children.add(child);
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /Kindred is running at (http:\/\/\S+)/.exec(output);
      if (match) {
        resolve({
          child,
          url: match[1]!,
          output: () => output,
          stop: () =>
            new Promise((done) => {
              child.once('exit', (code) => done(code));
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`kindred serve exited with ${code}:\n${output}`)));
  });
}

const cookieHeader = (response: Response, previous = ''): string =>
  [previous, ...response.headers.getSetCookie().map((cookie) => cookie.split(';')[0])]
    .filter(Boolean)
    .join('; ');

async function signIn(url: string, email: string, password: string): Promise<string> {
  const form = await fetch(`${url}/sign-in`);
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const cookies = cookieHeader(form);
  const response = await fetch(`${url}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies },
    body: new URLSearchParams({ _csrf: token, email, password, next: '/' }).toString(),
  });
  assert.equal(response.status, 303, `sign-in as ${email}`);
  return cookieHeader(response, cookies);
}

test('the first start loads the demo council and prints its accounts once; a restart keeps the data', async () => {
  const env = { KINDRED_DATA_DIR: dataDirectory };
  const first = await startKindred(['--demo-people', '300'], env);
  const password = /password: (\S+)/.exec(first.output())?.[1];
  assert.ok(password, first.output());
  assert.match(first.output(), /coordinator@northshire\.example/);
  const cookies = await signIn(first.url, 'coordinator@northshire.example', password);
  const home = await (await fetch(`${first.url}/`, { headers: { cookie: cookies } })).text();
  assert.match(home, /Northshire Police/);
  assert.match(home, /Council tax roll/);
  // Every partner's extract went in under its signed agreement.
  const uploads = await (await fetch(`${first.url}/uploads`, { headers: { cookie: cookies } })).text();
  assert.equal(uploads.match(/govuk-tag--green">\s*Current/g)?.length, 8, uploads);
  assert.doesNotMatch(uploads, /govuk-tag--\w+">\s*(Refused|Failed)/);
  // …and the families were found from them.
  const families = await (await fetch(`${first.url}/families`, { headers: { cookie: cookies } })).text();
  assert.match(families, /Identified with tf-2015 version \d+ at/);
  assert.equal(await first.stop(), 0);

  const second = await startKindred([], env);
  assert.doesNotMatch(second.output(), /password:/);
  await signIn(second.url, 'admin@northshire.example', password);
  assert.equal(await second.stop(), 0);
});

test('a start against a PostgreSQL server creates no demo data unless asked', async (t) => {
  const admin = new pg.Client({ connectionString: testServerUrl, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch {
    if (process.env.CI === 'true') throw new Error(`no PostgreSQL server at ${testServerUrl}`);
    t.skip('no PostgreSQL server reachable');
    return;
  }
  const name = `kindred_serve_${process.pid}`;
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  const url = new URL(testServerUrl);
  url.pathname = `/${name}`;
  try {
    const running = await startKindred([], { DATABASE_URL: url.toString(), KINDRED_DATA_DIR: dataDirectory });
    const health = await fetch(`${running.url}/health`);
    assert.equal(health.status, 200);
    assert.equal(await running.stop(), 0);
    const target = new pg.Client({ connectionString: url.toString() });
    await target.connect();
    const { rows } = await target.query(`select kind from organisation`);
    await target.end();
    assert.deepEqual(rows, [{ kind: 'platform' }]);
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
});
