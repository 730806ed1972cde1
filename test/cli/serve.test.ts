import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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

/** A fresh database on the test server for one test, dropped after it; skipped outside CI when none is reachable. */
async function withServerDatabase(
  t: { skip: (message: string) => void },
  label: string,
  work: (databaseUrl: string) => Promise<void>,
): Promise<void> {
  const admin = new pg.Client({ connectionString: testServerUrl, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch {
    if (process.env.CI === 'true') throw new Error(`no PostgreSQL server at ${testServerUrl}`);
    t.skip('no PostgreSQL server reachable');
    return;
  }
  const name = `kindred_${label}_${process.pid}`;
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  const url = new URL(testServerUrl);
  url.pathname = `/${name}`;
  try {
    await work(url.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

/** The processes a process started, from /proc (Linux). */
function childProcessesOf(parent: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]) === parent;
      } catch {
        return false;
      }
    })
    .map(Number);
}

test('a start against a PostgreSQL server creates no demo data unless asked', (t) =>
  withServerDatabase(t, 'serve', async (databaseUrl) => {
    const running = await startKindred([], { DATABASE_URL: databaseUrl, KINDRED_DATA_DIR: dataDirectory });
    const health = await fetch(`${running.url}/health`);
    assert.equal(health.status, 200);
    assert.equal(await running.stop(), 0);
    const target = new pg.Client({ connectionString: databaseUrl });
    await target.connect();
    const { rows } = await target.query(`select kind from organisation`);
    await target.end();
    assert.deepEqual(rows, [{ kind: 'platform' }]);
  }));

test('several web processes share the port; one that stops is replaced; all stop together', (t) =>
  withServerDatabase(t, 'processes', async (databaseUrl) => {
    const running = await startKindred(['--processes', '2'], {
      DATABASE_URL: databaseUrl,
      KINDRED_DATA_DIR: dataDirectory,
    });
    assert.match(running.output(), /in 2 web processes/);
    const processes = childProcessesOf(running.child.pid!);
    assert.equal(processes.length, 2);
    for (let index = 0; index < 4; index++) assert.equal((await fetch(`${running.url}/health`)).status, 200);

    process.kill(processes[0]!, 'SIGKILL');
    const deadline = Date.now() + 30_000;
    while (!/starting another/.test(running.output()) || childProcessesOf(running.child.pid!).length < 2) {
      assert.ok(Date.now() < deadline, `no replacement was started:\n${running.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.match(running.output(), new RegExp(`Web process ${processes[0]} stopped \\(SIGKILL\\)`));
    while ((await fetch(`${running.url}/health`).catch(() => undefined))?.status !== 200) {
      assert.ok(Date.now() < deadline, 'the service did not answer again');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const replaced = childProcessesOf(running.child.pid!);
    assert.equal(await running.stop(), 0);
    for (const pid of replaced)
      assert.throws(() => process.kill(pid, 0), /ESRCH/, `web process ${pid} still runs`);
  }));

test('the embedded database refuses more than one web process, saying why', async () => {
  const child = spawn(kindredBin, ['serve', '--port', '0', '--processes', '2'], {
    env: { ...process.env, DATABASE_URL: undefined, KINDRED_DATA_DIR: dataDirectory, KINDRED_LOG: 'false' },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  assert.equal(code, 2, output);
  assert.match(output, /--processes above 1 needs a PostgreSQL server \(DATABASE_URL\)/);
});
