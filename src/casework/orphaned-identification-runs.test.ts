import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { describeOnEachDatabase } from '../../test/support/databases.ts';
import { buildUser, platformActor } from '../../test/support/factories.ts';
import { shippedFramework } from '../criteria/index.ts';
import type { Database } from '../db/index.ts';
import { ExtractFiles } from '../ingest/upload.test-support.ts';
import {
  assessmentDay,
  buildFamilyScene,
  type FamilyScene,
  firstExtract,
  runOfAnotherProcess,
  shareExtract,
} from './casework.test-support.ts';
import { discardOrphanedIdentificationRuns, runIdentification, startIdentification } from './index.ts';

const files = new ExtractFiles();
after(() => rmSync(files.directory, { recursive: true, force: true }));

/** A run's state and reason, and how many rows of it each identification table holds (as the owner sees them). */
async function leftOf(db: Database, runId: string) {
  return db.asOwner(async (sql) => {
    const [run] = await sql.query<{ state: string; reason: string | null; finished: boolean }>(
      'select state, reason, finished_at is not null as finished from identification_run where id = $1',
      [runId],
    );
    const [rows] = await sql.query<{ count: number }>(
      `select (select count(*) from identified_person where run_id = $1)
            + (select count(*) from identified_family where run_id = $1)
            + (select count(*) from identified_member where run_id = $1)
            + (select count(*) from identified_fact where run_id = $1)
            + (select count(*) from identified_evidence where run_id = $1)
            + (select count(*) from identified_involvement where run_id = $1) as count`,
      [runId],
    );
    return { ...run!, rows: Number(rows!.count) };
  });
}

await describeOnEachDatabase('identification runs whose process died', (target) => {
  let db: Database;
  let scene: FamilyScene;

  before(async () => {
    db = await target.open();
    scene = await buildFamilyScene(db);
    await shareExtract(db, scene, files, firstExtract);
  });

  test('are failed with the reason and their rows removed; runs of live processes are left alone', async () => {
    const dead = await runOfAnotherProcess(db, scene);
    const ours = await startIdentification(db, scene.coordinator.actor, {
      framework: shippedFramework('tf-2015'),
      asOf: assessmentDay,
    });
    const elsewhere = await runOfAnotherProcess(db, scene, { host: 'another-machine', pid: process.pid });
    const aliveHere = await runOfAnotherProcess(db, scene, { pid: process.pid });
    const silent = await runOfAnotherProcess(db, scene, { host: 'another-machine', silentMinutes: 11 });
    assert.equal((await leftOf(db, dead)).rows, 2, 'the dead run had written a person and a family');

    const discarded = await discardOrphanedIdentificationRuns(db);

    // The embedded database is one process's: every run not of this process is orphaned there.
    const expected =
      target.kind === 'pglite' ? [dead, elsewhere, aliveHere, silent].sort() : [dead, silent].sort();
    assert.deepEqual([...discarded].sort(), expected);
    for (const runId of expected) {
      const left = await leftOf(db, runId);
      assert.equal(left.state, 'failed');
      assert.ok(left.finished);
      assert.match(left.reason ?? '', /stopped before it finished \(the process running it ended\)/);
      assert.equal(left.rows, 0, 'nothing of it is kept');
    }
    assert.equal((await leftOf(db, ours)).state, 'running', 'this process’s own run goes on');
    if (target.kind === 'postgres') {
      assert.equal(
        (await leftOf(db, elsewhere)).state,
        'running',
        'a run on another machine that still beats',
      );
      assert.equal((await leftOf(db, aliveHere)).state, 'running', 'a run of a live process of this machine');
    }

    const audited = await db.asOwner((sql) =>
      sql.query<{ subject_ids: string[]; subject_organisation_id: string }>(
        `select subject_ids, subject_organisation_id from audit_event
         where action = 'DELETE_ORPHANED_IDENTIFICATION_RUN' order by seq`,
      ),
    );
    assert.deepEqual(audited.map((event) => event.subject_ids[0]).sort(), expected);
    assert.ok(audited.every((event) => event.subject_organisation_id === scene.councilId));

    assert.deepEqual(await discardOrphanedIdentificationRuns(db), [], 'once is enough');
    await db.asOwner((sql) =>
      sql.query(`update identification_run set state = 'failed' where state = 'running'`),
    );
  });

  test('only the platform may look for and discard them, not a council’s administrator', async () => {
    const dead = await runOfAnotherProcess(db, scene);
    const administrator = await buildUser(db, scene.councilId, ['administrator']);
    for (const statement of [
      'select * from kindred_running_identification_runs(10)',
      `select kindred_discard_orphaned_identification_run('${dead}')`,
    ]) {
      await assert.rejects(
        db.asActor(administrator.actor, (sql) => sql.query(statement)),
        /only the platform may/,
      );
    }
    const running = await db.asActor(platformActor, (sql) =>
      sql.query<{ id: string }>('select id from kindred_running_identification_runs(10)'),
    );
    assert.deepEqual(
      running.map((run) => run.id),
      [dead],
    );
    await discardOrphanedIdentificationRuns(db);
    assert.equal((await leftOf(db, dead)).state, 'failed');
  });

  test('a run after a discarded one is compared with the last finished run, not with it', async () => {
    const first = await runIdentification(db, scene.coordinator.actor, {
      framework: shippedFramework('tf-2015'),
      asOf: assessmentDay,
    });
    const dead = await runOfAnotherProcess(db, scene);
    await discardOrphanedIdentificationRuns(db);
    const next = await runIdentification(db, scene.coordinator.actor, {
      framework: shippedFramework('tf-2015'),
      asOf: assessmentDay,
    });
    assert.equal(next.previousRunId, first.id);
    assert.notEqual(next.previousRunId, dead);
  });
});
