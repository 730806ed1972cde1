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
  shareExtract,
  visibleCounts,
} from './casework.test-support.ts';
import {
  allocatedFamilies,
  allocateFamily,
  assessFamily,
  CaseworkRefused,
  caseworkHistory,
  closeFamily,
  findFamily,
  runIdentification,
  startWork,
} from './index.ts';

const files = new ExtractFiles();
after(() => rmSync(files.directory, { recursive: true, force: true }));

await describeOnEachDatabase('casework and who sees families', (target) => {
  let db: Database;
  let scene: FamilyScene;
  let adams: string;
  let brown: string;

  before(async () => {
    db = await target.open();
    scene = await buildFamilyScene(db);
    await shareExtract(db, scene, files, firstExtract);
    const run = await runIdentification(db, scene.coordinator.actor, {
      framework: shippedFramework('tf-2015'),
      asOf: assessmentDay,
    });
    const family = (givenName: string) =>
      db.asActor(
        scene.coordinator.actor,
        async (sql) =>
          (
            await sql.query<{ family_id: string }>(
              'select family_id from identified_member where run_id = $1 and given_name = $2',
              [run.id, givenName],
            )
          )[0]!.family_id,
      );
    adams = await family('Amy');
    brown = await family('Dan');
  });

  test('before allocation: the council’s coordinator and analyst see every family; keyworkers and partners none', async () => {
    const everything = await visibleCounts(db, scene.coordinator);
    assert.equal(everything.identified_family, 2);
    assert.equal(everything.identified_member, 5);
    assert.ok(everything.identified_evidence! > 0);
    assert.deepEqual(await visibleCounts(db, scene.analyst), everything);
    for (const user of [scene.keyworkerA, scene.officer, scene.policeIg, scene.councilIg]) {
      assert.deepEqual(
        Object.values(await visibleCounts(db, user)),
        [0, 0, 0, 0, 0, 0, 0, 0],
        'nothing of any family before one is allocated to them',
      );
    }
  });

  test('allocation needs a confirmed eligibility and consent or a lawful basis, and a keyworker of the council', async () => {
    await assert.rejects(
      db.asActor(scene.coordinator.actor, (sql) =>
        allocateFamily(sql, adams, { keyworkerId: scene.keyworkerA.id, leadProfessional: '' }),
      ),
      CaseworkRefused,
    );
    await assert.rejects(
      db.asActor(scene.coordinator.actor, (sql) =>
        assessFamily(sql, adams, {
          eligibility: 'confirmed',
          reason: 'Three problems',
          consent: 'lawful_basis',
          basisNote: '',
        }),
      ),
      /Enter the lawful basis relied on without consent/,
    );
    await db.asActor(scene.coordinator.actor, (sql) =>
      assessFamily(sql, adams, {
        eligibility: 'confirmed',
        reason: 'Three problems, confirmed with the school',
        consent: 'consent_given',
        basisNote: '',
      }),
    );
    await assert.rejects(
      db.asActor(scene.coordinator.actor, (sql) =>
        allocateFamily(sql, adams, { keyworkerId: scene.officer.id, leadProfessional: '' }),
      ),
      /Select a keyworker of your council/,
    );
    await db.asActor(scene.coordinator.actor, (sql) =>
      allocateFamily(sql, adams, {
        keyworkerId: scene.keyworkerA.id,
        leadProfessional: 'Sam Patel, social worker',
      }),
    );
    await db.asActor(scene.coordinator.actor, (sql) =>
      assessFamily(sql, brown, {
        eligibility: 'rejected',
        reason: 'One problem only',
        consent: null,
        basisNote: '',
      }),
    );
  });

  test('an analyst reads casework but cannot change it', async () => {
    await assert.rejects(
      db.asActor(scene.analyst.actor, (sql) =>
        assessFamily(sql, brown, {
          eligibility: 'confirmed',
          reason: 'x',
          consent: 'consent_given',
          basisNote: '',
        }),
      ),
      /row-level security/,
    );
  });

  test('after allocation: keyworker A sees that family alone, with members and evidence; keyworker B sees nothing', async () => {
    const seenByA = await visibleCounts(db, scene.keyworkerA);
    assert.equal(seenByA.identified_family, 1);
    assert.equal(seenByA.identified_member, 3);
    assert.equal(
      seenByA.identified_person,
      3,
      'the records behind the family’s members, for their person pages',
    );
    assert.equal(seenByA.family_casework, 1);
    const view = await db.asActor(scene.keyworkerA.actor, (sql) => findFamily(sql, adams));
    assert.equal(view?.family.familyId, adams);
    assert.equal(view?.casework?.keyworkerId, scene.keyworkerA.id);
    assert.ok(view?.problems.every((problem) => problem.indicators.every((met) => met.facts.length > 0)));
    assert.equal(await db.asActor(scene.keyworkerA.actor, (sql) => findFamily(sql, brown)), undefined);
    assert.deepEqual(
      (await db.asActor(scene.keyworkerA.actor, (sql) => allocatedFamilies(sql))).map(
        (family) => family.familyId,
      ),
      [adams],
    );

    assert.deepEqual(Object.values(await visibleCounts(db, scene.keyworkerB)), [0, 0, 0, 0, 0, 0, 0, 0]);
    assert.equal(await db.asActor(scene.keyworkerB.actor, (sql) => findFamily(sql, adams)), undefined);
    assert.deepEqual(await db.asActor(scene.keyworkerB.actor, (sql) => allocatedFamilies(sql)), []);
    assert.deepEqual(Object.values(await visibleCounts(db, scene.officer)), [0, 0, 0, 0, 0, 0, 0, 0]);
  });

  test('the keyworker starts the work but cannot change the assessment; the coordinator closes it; history and audit', async () => {
    await assert.rejects(
      db.asActor(scene.keyworkerB.actor, (sql) => startWork(sql, adams)),
      CaseworkRefused,
      'keyworker B cannot even see the casework',
    );
    await assert.rejects(
      db.asActor(scene.keyworkerA.actor, (sql) =>
        sql.query(`update family_casework set eligibility = 'rejected' where family_id = $1`, [adams]),
      ),
      /a keyworker may only start the work/,
    );
    await db.asActor(scene.keyworkerA.actor, (sql) => startWork(sql, adams));
    await db.asActor(scene.coordinator.actor, (sql) => closeFamily(sql, adams, 'Plan completed'));
    const history = await db.asActor(scene.coordinator.actor, (sql) => caseworkHistory(sql, adams));
    assert.deepEqual(
      history.map((change) => [change.event, change.status]),
      [
        ['closed', 'closed'],
        ['started', 'working'],
        ['allocated', 'allocated'],
        ['assessed', 'assessed'],
      ],
    );
    assert.equal(history[2]!.keyworkerName, scene.keyworkerA.email.split('@')[0]);
    const audited = await db.asOwner((sql) =>
      sql.query<{ details: { event: string } }>(
        `select details from audit_event where action = 'UPDATE_FAMILY_CASEWORK' and $1 = any (subject_ids) order by seq`,
        [adams],
      ),
    );
    assert.deepEqual(
      audited.map((row) => row.details.event),
      ['assessed', 'allocated', 'started', 'closed'],
    );
  });
});
