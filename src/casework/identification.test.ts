import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { describeOnEachDatabase } from '../../test/support/databases.ts';
import { shippedFramework } from '../criteria/index.ts';
import type { Database } from '../db/index.ts';
import { ExtractFiles } from '../ingest/upload.test-support.ts';
import {
  assessmentDay,
  buildFamilyScene,
  type FamilyScene,
  firstExtract,
  secondExtract,
  shareExtract,
} from './casework.test-support.ts';
import { findFamily, findRun, listFamilies, runIdentification } from './index.ts';

const files = new ExtractFiles();
after(() => rmSync(files.directory, { recursive: true, force: true }));

const framework = shippedFramework('tf-2015');

/** The family a named member belongs to in a run, as the coordinator sees it. */
async function familyOf(db: Database, scene: FamilyScene, runId: string, givenName: string): Promise<string> {
  const [row] = await db.asActor(scene.coordinator.actor, (sql) =>
    sql.query<{ family_id: string }>(
      'select family_id from identified_member where run_id = $1 and given_name = $2',
      [runId, givenName],
    ),
  );
  assert.ok(row, `${givenName} is in a family of run ${runId}`);
  return row.family_id;
}

await describeOnEachDatabase('identification runs', (target) => {
  let db: Database;
  let scene: FamilyScene;

  before(async () => {
    db = await target.open();
    scene = await buildFamilyScene(db);
  });

  test('a run finds the families in the current extracts, with evidence back to the upload and agreement', async () => {
    const uploadId = await shareExtract(db, scene, files, firstExtract);
    const run = await runIdentification(db, scene.coordinator.actor, { framework, asOf: assessmentDay });
    assert.equal(run.state, 'finished');
    assert.equal(run.frameworkId, 'tf-2015');
    assert.equal(run.frameworkVersion, framework.version);
    assert.equal(run.asOf, assessmentDay);
    assert.equal(run.rowsRead, 6);
    assert.equal(run.people, 5);
    assert.equal(run.families, 2);
    assert.equal(run.eligibleFamilies, 1);
    assert.equal(run.previousRunId, null);

    const { families, total } = await db.asActor(scene.coordinator.actor, (sql) =>
      listFamilies(sql, run.id, {}, { limit: 10, offset: 0 }),
    );
    assert.equal(total, 2);
    assert.deepEqual(
      families.map((family) => [
        family.eligible,
        family.problems,
        family.childrenAges,
        family.postcodeDistrict,
      ]),
      [
        [true, ['crime', 'children', 'dv'], [7, 14], 'NS1'],
        [false, ['crime'], [11], 'NS2'],
      ],
      'eligible family first: more problems',
    );
    assert.equal(families[0]!.latestEvidence, '2026-05-01');

    const adams = await familyOf(db, scene, run.id, 'Amy');
    const view = await db.asActor(scene.coordinator.actor, (sql) => findFamily(sql, adams));
    assert.ok(view);
    assert.deepEqual(
      view.members.map((member) => [member.givenName, member.role, member.age]),
      [
        ['Amy', 'adult', 41],
        ['Ben', 'child', 14],
        ['Cara', 'child', 7],
      ],
    );
    const crime = view.problems.find((problem) => problem.code === 'crime')!;
    assert.equal(crime.title, 'Crime and anti-social behaviour');
    assert.equal(crime.indicators[0]!.indicator, 'young_offender');
    const offence = crime.indicators[0]!.facts[0]!;
    assert.equal(offence.uploadId, uploadId);
    assert.equal(offence.line, 3, 'the line of the file the fact was on');
    assert.equal(offence.code, 'crime.proven_offence');
    assert.equal(offence.agreementReference, scene.agreementReference);
    assert.equal(offence.agreementVersion, 1);
    assert.ok(offence.agreementId);
    assert.deepEqual(
      view.involvements.map((involvement) => [involvement.leadWorker, involvement.leadWorkerContact]),
      [['Sam Patel', '01632 960001']],
      'the child in need is a current state; the proven offence is an event, so PC Jones is not involved now',
    );
    assert.equal(view.timeline.length, 3);
    assert.deepEqual(
      view.timeline.map((fact) => fact.start),
      ['2026-05-01', '2026-03-01', '2026-02-10'],
    );
  });

  test('a second run keeps family ids and shows what changed: a problem resolved, a family newly eligible', async () => {
    const before = await db.asActor(
      scene.coordinator.actor,
      async (sql) =>
        (
          await sql.query<{ id: string }>(
            `select id from identification_run where state = 'finished' order by finished_at desc limit 1`,
          )
        )[0]!.id,
    );
    const adamsBefore = await familyOf(db, scene, before, 'Amy');
    const brownBefore = await familyOf(db, scene, before, 'Dan');
    await shareExtract(db, scene, files, secondExtract);
    const run = await runIdentification(db, scene.coordinator.actor, { framework, asOf: assessmentDay });
    assert.equal(run.previousRunId, before);
    assert.equal(await familyOf(db, scene, run.id, 'Amy'), adamsBefore);
    assert.equal(await familyOf(db, scene, run.id, 'Dan'), brownBefore);

    const { families } = await db.asActor(scene.coordinator.actor, (sql) =>
      listFamilies(sql, run.id, { changedOnly: true }, { limit: 10, offset: 0 }),
    );
    const byId = new Map(families.map((family) => [family.familyId, family]));
    assert.equal(byId.get(brownBefore)?.change, 'newly_eligible');
    assert.deepEqual(byId.get(brownBefore)?.problemsGained, ['dv']);
    assert.equal(byId.get(adamsBefore)?.change, 'changed');
    assert.deepEqual(byId.get(adamsBefore)?.problemsResolved, ['crime']);

    // The run keeps what its list shows on every page: the changes counted and the districts to filter by.
    const kept = await db.asActor(scene.coordinator.actor, (sql) => findRun(sql, run.id));
    const changed = families.filter((family) => family.change === 'changed').length;
    const resolved = families.filter((family) => family.problemsResolved.length > 0).length;
    assert.equal(kept?.changeCounts?.newly_eligible, 1);
    assert.equal(kept?.changeCounts?.changed, changed);
    assert.equal(kept?.changeCounts?.problemsResolved, resolved);
    const { families: all } = await db.asActor(scene.coordinator.actor, (sql) =>
      listFamilies(sql, run.id, {}, { limit: 100, offset: 0 }),
    );
    const districts = [
      ...new Set(all.map((family) => family.postcodeDistrict).filter((each) => each !== null)),
    ];
    assert.deepEqual(kept?.postcodeDistricts, districts.sort());
    assert.ok(districts.length > 0);

    const view = await db.asActor(scene.coordinator.actor, (sql) => findFamily(sql, adamsBefore));
    assert.deepEqual(
      view?.involvements.map((involvement) => [
        involvement.organisation.length > 0,
        involvement.leadWorker,
        involvement.leadWorkerContact,
      ]),
      [
        [true, 'PC Jones', 'jones@police.example'],
        [true, 'Sam Patel', '01632 960001'],
      ],
      'a row naming a lead worker with no fact is a current involvement',
    );
  });

  test('the families list filters by problem, eligibility, district and children’s ages, and sorts', async () => {
    const run = await db.asActor(
      scene.coordinator.actor,
      async (sql) =>
        (
          await sql.query<{ id: string }>(
            `select id from identification_run where state = 'finished' order by finished_at desc limit 1`,
          )
        )[0]!.id,
    );
    const count = (filters: Parameters<typeof listFamilies>[2]) =>
      db.asActor(
        scene.coordinator.actor,
        async (sql) => (await listFamilies(sql, run, filters, { limit: 10, offset: 0 })).total,
      );
    assert.equal(await count({ eligibility: 'eligible' }), 2);
    assert.equal(await count({ eligibility: 'not_eligible' }), 0);
    assert.equal(await count({ problems: ['children'] }), 1);
    assert.equal(await count({ problems: ['crime', 'dv'] }), 1);
    assert.equal(await count({ minimumProblems: 3 }), 0);
    assert.equal(await count({ minimumProblems: 2 }), 2);
    assert.equal(await count({ postcodeDistrict: 'ns2' }), 1);
    assert.equal(await count({ childAgeFrom: 0, childAgeTo: 5 }), 0);
    assert.equal(await count({ childAgeFrom: 10, childAgeTo: 12 }), 1);
    assert.equal(await count({ status: 'identified' }), 2);
    const youngestFirst = await db.asActor(scene.coordinator.actor, (sql) =>
      listFamilies(sql, run, { sort: 'youngest' }, { limit: 10, offset: 0 }),
    );
    assert.deepEqual(
      youngestFirst.families.map((family) => family.youngestChildAge),
      [7, 11],
    );
    const recentFirst = await db.asActor(scene.coordinator.actor, (sql) =>
      listFamilies(sql, run, { sort: 'recent' }, { limit: 10, offset: 0 }),
    );
    assert.deepEqual(
      recentFirst.families.map((family) => family.latestEvidence),
      ['2026-10-01', '2026-05-01'],
    );
  });

  test('only a council coordinator may run identification; the run is audited', async () => {
    await assert.rejects(
      runIdentification(db, scene.analyst.actor, { framework, asOf: assessmentDay }),
      /row-level security/,
    );
    await assert.rejects(
      runIdentification(db, scene.officer.actor, { framework, asOf: assessmentDay }),
      /row-level security/,
    );
    const actions = await db.asOwner((sql) =>
      sql.query<{ action: string }>(
        `select action from audit_event where action in ('CREATE_IDENTIFICATION_RUN', 'ASSESS_FAMILIES')
         and actor_user_id = $1 order by seq`,
        [scene.coordinator.id],
      ),
    );
    assert.deepEqual(
      actions.map((row) => row.action),
      ['CREATE_IDENTIFICATION_RUN', 'ASSESS_FAMILIES', 'CREATE_IDENTIFICATION_RUN', 'ASSESS_FAMILIES'],
    );
  });

  test('a failure in the engine’s thread fails the run with its reason and keeps nothing of it', async () => {
    // sf-2022 includes problems of tf-2015, which an empty library cannot give.
    const failing = runIdentification(db, scene.coordinator.actor, {
      framework: shippedFramework('sf-2022'),
      library: [],
      asOf: assessmentDay,
    });
    await assert.rejects(failing, /tf-2015/);
    const [run] = await db.asOwner((sql) =>
      sql.query<{ id: string; state: string; reason: string }>(
        `select id, state, reason from identification_run where framework_id = 'sf-2022'`,
      ),
    );
    assert.equal(run?.state, 'failed');
    assert.match(
      run?.reason ?? '',
      /^The identification stopped: .*tf-2015.*Nothing of it was kept; run it again\.$/s,
    );
    const [kept] = await db.asOwner((sql) =>
      sql.query<{ count: number }>('select count(*)::int as count from identified_person where run_id = $1', [
        run!.id,
      ]),
    );
    assert.equal(kept?.count, 0);
  });
});
