import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openPglite } from '../../src/db/index.ts';
import { runKindred } from './run-kindred.ts';

const dataDirectory = mkdtempSync(join(tmpdir(), 'kindred-cli-'));
after(() => rmSync(dataDirectory, { recursive: true, force: true }));

test('every command answers --help, and an unknown command fails with the list', async () => {
  const overview = await runKindred(['--help']);
  assert.equal(overview.code, 0);
  const names = [...overview.stdout.matchAll(/^ {2}(\S+(?: [a-z]+)?)\s{2,}/gm)].map((match) => match[1]!);
  assert.ok(names.length >= 3, overview.stdout);
  for (const name of names) {
    const help = await runKindred([...name.split(' '), '--help']);
    assert.equal(help.code, 0, `${name} --help`);
    assert.match(help.stdout, /^Usage: kindred /, `${name} --help`);
  }
  const unknown = await runKindred(['frobnicate']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command "frobnicate"/);
});

test('user add creates the first administrator and explains its mistakes', async () => {
  const env = { KINDRED_DATA_DIR: dataDirectory };
  const missingRole = await runKindred(
    ['user', 'add', '--email', 'a@b.example', '--name', 'A', '--organisation', 'X'],
    env,
  );
  assert.equal(missingRole.code, 2);
  assert.match(missingRole.stderr, /at least one --role/);

  const noKind = await runKindred(
    [
      'user',
      'add',
      '--email',
      'admin@shire.example',
      '--name',
      'Ada Admin',
      '--organisation',
      'Shire Council',
      '--role',
      'administrator',
    ],
    env,
  );
  assert.equal(noKind.code, 2);
  assert.match(noKind.stderr, /no organisation called "Shire Council".*--organisation-kind/);

  const created = await runKindred(
    [
      'user',
      'add',
      '--email',
      'admin@shire.example',
      '--name',
      'Ada Admin',
      '--organisation',
      'Shire Council',
      '--organisation-kind',
      'council',
      '--role',
      'administrator',
      '--password-stdin',
    ],
    env,
    'a long enough password\n',
  );
  assert.equal(created.code, 0, created.stderr);
  assert.match(created.stdout, /Created admin@shire\.example \(administrator\) in Shire Council/);

  const again = await runKindred(
    [
      'user',
      'add',
      '--email',
      'admin@shire.example',
      '--name',
      'Ada',
      '--organisation',
      'Shire Council',
      '--role',
      'analyst',
    ],
    env,
  );
  assert.equal(again.code, 2);
  assert.match(again.stderr, /already exists/);
});

test('audit verify passes on an intact log and names the first broken event after tampering', async () => {
  const env = { KINDRED_DATA_DIR: dataDirectory };
  const intact = await runKindred(['audit', 'verify'], env);
  assert.equal(intact.code, 0, intact.stderr);
  assert.match(intact.stdout, /The audit log is intact: \d+ events/);

  const db = await openPglite({ dataDirectory });
  const [first] = await db.asOwner(async (sql) => {
    await sql.query('alter table audit_event disable trigger audit_event_append_only');
    const rows = await sql.query<{ seq: number }>('select seq from audit_event order by seq limit 1');
    await sql.query(`update audit_event set details = '{"forged":true}' where seq = $1`, [rows[0]!.seq]);
    return rows;
  });
  await db.close();

  const broken = await runKindred(['audit', 'verify'], env);
  assert.equal(broken.code, 1);
  assert.match(broken.stderr, new RegExp(`broken at event ${first!.seq}: event ${first!.seq} was changed`));
});

test('a second process cannot open the embedded database while one holds it', async () => {
  const db = await openPglite({ dataDirectory });
  try {
    const second = await runKindred(['audit', 'verify'], { KINDRED_DATA_DIR: dataDirectory });
    assert.equal(second.code, 1);
    assert.match(second.stderr, new RegExp(`in use by process ${process.pid}`));
  } finally {
    await db.close();
  }
});
