/**
 * An import killed (SIGKILL) in the middle of loading a million rows: after a restart nothing of it is
 * visible, its invisible rows are discarded when the database is next opened, and importing the file again
 * works. KINDRED_KILL_TEST_ROWS makes the file smaller for a quick run.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type CommandDatabase, commandDatabase } from '../../src/ingest/command-database.test-support.ts';
import { everythingShared, writeSyntheticExtract } from '../../src/ingest/synthetic-extract.test-support.ts';
import { buildUploadScene, type UploadScene } from '../../src/ingest/upload.test-support.ts';
import { describeOnEachDatabase } from '../support/databases.ts';
import { platformActor } from '../support/factories.ts';
import { kindredBin, runKindred } from './run-kindred.ts';

const rows = Number(process.env.KINDRED_KILL_TEST_ROWS ?? 1_000_000);
const directory = mkdtempSync(join(tmpdir(), 'kindred-kill-'));
const extract = join(directory, 'county.csv');
after(() => rmSync(directory, { recursive: true, force: true }));
before(() => writeSyntheticExtract(extract, rows), { timeout: 120_000 });

/** Runs the import and kills it once its progress shows rows being loaded; resolves with the megabytes it reported. */
function importAndKill(env: Record<string, string | undefined>, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    // Progress every 100 ms, so the kill lands in the middle even when loading takes a few seconds.
    const child = spawn(kindredBin, args, {
      env: { ...process.env, ...env, KINDRED_PROGRESS_INTERVAL_MS: '100' },
    });
    let stderr = '';
    let loaded = 0;
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const seen = [...stderr.matchAll(/Loading .* \(MB\).* ([\d,]+)\/[\d,]+ /g)].map((match) =>
        Number(match[1]!.replaceAll(',', '')),
      );
      const latest = seen[seen.length - 1] ?? 0;
      if (latest > 0 && loaded === 0) {
        loaded = latest;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL') resolve(loaded);
      else
        reject(new Error(`the import ended by itself (code ${code}) before it could be killed:\n${stderr}`));
    });
  });
}

await describeOnEachDatabase('an import killed in the middle', (target) => {
  let database: CommandDatabase;
  let scene: UploadScene;
  let source: string;

  before(async () => {
    database = await commandDatabase(target.kind);
    const db = await database.open();
    scene = await buildUploadScene(db, everythingShared);
    source = await db.asActor(
      platformActor,
      async (sql) =>
        (
          await sql.query<{ source: string }>('select source from data_flow where id = $1', [scene.flowId])
        )[0]!.source,
    );
    await db.close();
  });
  after(() => database?.dispose());

  test(`leaves nothing visible, is cleaned up at the next open, and the file imports again (${rows.toLocaleString('en-GB')} rows)`, {
    timeout: 900_000,
  }, async () => {
    const args = ['import', extract, '--flow', source, '--as', scene.officer.email, '--today', '2026-11-25'];
    const reported = await importAndKill(database.env, args);
    assert.ok(reported > 0, `killed after ${reported} MB were loaded`);

    let db = await database.open();
    const [killed] = await db.asOwner((sql) =>
      sql.query<{ id: string; state: string; stored: number }>(
        `select u.id, u.state, (select count(*) from extract_row r where r.upload_id = u.id)::int as stored
         from upload u where u.data_flow_id = $1`,
        [scene.flowId],
      ),
    );
    assert.equal(killed!.state, 'loading');
    assert.ok(
      killed!.stored > 0 && killed!.stored < rows,
      `${killed!.stored} rows were stored, invisibly, before the kill`,
    );
    const visible = await db.asActor(scene.coordinator.actor, (sql) =>
      sql.query<{ n: number }>('select count(*)::int as n from extract_row'),
    );
    assert.equal(visible[0]!.n, 0, 'no part of the killed upload is visible');
    await db.close();

    const again = await runKindred(args, database.env);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, new RegExp(`${rows.toLocaleString('en-GB')} rows accepted, 0 rejected`));

    db = await database.open();
    try {
      const uploads = await db.asOwner((sql) =>
        sql.query<{ id: string; state: string; stored: number }>(
          `select u.id, u.state, (select count(*) from extract_row r where r.upload_id = u.id)::int as stored
           from upload u where u.data_flow_id = $1 order by u.started_at`,
          [scene.flowId],
        ),
      );
      assert.deepEqual(
        uploads.map((upload) => [upload.state, upload.stored]),
        [
          ['failed', 0],
          ['visible', rows],
        ],
      );
      const seen = await db.asActor(scene.coordinator.actor, (sql) =>
        sql.query<{ n: number }>('select count(*)::int as n from extract_row'),
      );
      assert.equal(seen[0]!.n, rows);
      const discarded = await db.asOwner((sql) =>
        sql.query(
          `select 1 from audit_event where action = 'DELETE_ORPHANED_UPLOAD' and $1 = any (subject_ids)`,
          [killed!.id],
        ),
      );
      assert.equal(discarded.length, 1);
    } finally {
      await db.close();
    }
  });
});
