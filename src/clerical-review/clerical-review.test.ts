import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { describeOnEachDatabase } from '../../test/support/databases.ts';
import {
  assessmentDay,
  buildFamilyScene,
  type FamilyScene,
  shareExtract,
} from '../casework/casework.test-support.ts';
import { allocateFamily, assessFamily, runIdentification } from '../casework/index.ts';
import { shippedFramework } from '../criteria/index.ts';
import type { Database } from '../db/index.ts';
import { ExtractFiles } from '../ingest/upload.test-support.ts';
import type { LinkageModel } from '../linkage/index.ts';
import { keepHandTrainedModel, reviewExtract } from './clerical-review.test-support.ts';
import {
  decidePair,
  effectiveDecisions,
  findPair,
  findPerson,
  mergePeople,
  reviewQueue,
  splitRecord,
} from './index.ts';

const files = new ExtractFiles();
after(() => rmSync(files.directory, { recursive: true, force: true }));

const framework = shippedFramework('tf-2015');

await describeOnEachDatabase('clerical review', (target) => {
  let db: Database;
  let scene: FamilyScene;

  /** Runs identification as the coordinator and gives each record's person in the new run. */
  const run = async (): Promise<{ runId: string; personOf: Map<string, string> }> => {
    const finished = await runIdentification(db, scene.coordinator.actor, { framework, asOf: assessmentDay });
    const rows = await db.asActor(scene.analyst.actor, (sql) =>
      sql.query<{ record_id: string; person_id: string }>(
        'select record_id, person_id from identified_person where run_id = $1',
        [finished.id],
      ),
    );
    return { runId: finished.id, personOf: new Map(rows.map((row) => [row.record_id, row.person_id])) };
  };

  const queueOf = (actor = scene.analyst.actor) =>
    db.asActor(actor, (sql) => reviewQueue(sql, { limit: 50, offset: 0 }));

  const isAmyPair = (pair: { left: { recordId: string }; right: { recordId: string } }) =>
    [pair.left.recordId, pair.right.recordId].sort().join() === 'A1,A9';

  before(async () => {
    db = await target.open();
    scene = await buildFamilyScene(db);
    await keepHandTrainedModel(db, scene);
    await shareExtract(db, scene, files, reviewExtract);
  });

  test('a run keeps the pair near the threshold for review, explained comparison by comparison', async () => {
    const { runId, personOf } = await run();
    assert.notEqual(personOf.get('A1'), personOf.get('A9'), 'the model alone keeps them apart');
    const queue = await queueOf();
    assert.equal(queue.run?.id, runId);
    const pair = queue.pairs.find(isAmyPair);
    assert.ok(pair, 'Amy Adams and the Amy Adams without a date of birth are in the queue');
    assert.equal(pair.personId, null);
    assert.ok(pair.matchProbability > 0.01 && pair.matchProbability < 0.5);
    assert.equal(pair.leftRecord?.givenName, 'Amy');
    assert.equal(pair.rightRecord?.familyName, 'Adams');
    const total = pair.explanation.bars.reduce(
      (sum, bar) => sum + bar.log2_bayes_factor,
      pair.explanation.prior.log2_bayes_factor,
    );
    assert.ok(Math.abs(total - pair.matchWeight) < 1e-6, 'the bars add up to the match weight');
    const byName = Object.fromEntries(pair.explanation.bars.map((bar) => [bar.column_name, bar]));
    assert.ok(byName.given_name!.log2_bayes_factor > 0);
    assert.ok(byName.postcode!.log2_bayes_factor < 0, 'different addresses count against');
  });

  test('a pair is kept as each comparison’s level and weight, its explanation rebuilt from the run’s model', async () => {
    const pair = (await queueOf()).pairs.find(isAmyPair)!;
    const [stored] = await db.asActor(scene.analyst.actor, (sql) =>
      sql.query<{ row: Record<string, unknown>; bytes: number; model: LinkageModel }>(
        `select to_jsonb(p) as row, pg_column_size(p.*) as bytes,
                (select linkage_model from identification_run r where r.id = p.run_id) as model
         from identified_pair p where run_id = $1 and pair_no = $2`,
        [pair.runId, pair.pairNo],
      ),
    );
    assert.ok(stored);
    assert.deepEqual(Object.keys(stored.row).sort(), [
      'family_id',
      'left_record_id',
      'left_source',
      'levels',
      'log2_bayes_factors',
      'match_probability',
      'match_weight',
      'names_swapped',
      'near_threshold',
      'pair_no',
      'person_id',
      'right_record_id',
      'right_source',
      'run_id',
    ]);
    const text = JSON.stringify(stored.row);
    for (const bar of pair.explanation.bars) {
      assert.ok(!text.includes(bar.label_for_charts), `the stored pair carries "${bar.label_for_charts}"`);
    }
    assert.ok(!text.includes('amy'), 'the stored pair carries no values compared');
    assert.ok(stored.bytes < 400, `${stored.bytes} bytes a pair`);
    assert.deepEqual(
      pair.explanation.bars.map((bar) => bar.log2_bayes_factor),
      stored.row.log2_bayes_factors,
      'the weights come back exactly',
    );
    const givenName = pair.explanation.bars.find((bar) => bar.column_name === 'given_name')!;
    assert.deepEqual([givenName.value_l, givenName.value_r], ['amy', 'amy']);
    assert.equal(givenName.label_for_charts, 'Exact match');
    assert.equal(
      pair.explanation.match_weight,
      pair.matchWeight,
      'the rebuilt match weight is the stored one',
    );
    assert.equal(stored.model.comparisons.length, pair.explanation.bars.length, 'the run keeps its model');
  });

  test('only analysts decide; coordinators read decisions, keyworkers and partners see no pairs', async () => {
    const pair = (await queueOf()).pairs.find(isAmyPair)!;
    await assert.rejects(
      db.asActor(scene.coordinator.actor, (sql) =>
        decidePair(sql, pair.runId, pair.pairNo, 'same_person', 'tried by a coordinator'),
      ),
      /row-level security/,
    );
    for (const user of [scene.keyworkerA, scene.officer]) {
      const seen = await db.asActor(user.actor, async (sql) => {
        const [counted] = await sql.query<{ pairs: number; decisions: number }>(
          `select (select count(*)::int from identified_pair) as pairs,
                  (select count(*)::int from linkage_decision) as decisions`,
        );
        return counted!;
      });
      assert.deepEqual(seen, { pairs: 0, decisions: 0 });
      assert.equal(await db.asActor(user.actor, (sql) => findPair(sql, pair.runId, pair.pairNo)), undefined);
    }
    const analystSees = await db.asActor(scene.analyst.actor, (sql) =>
      findPair(sql, pair.runId, pair.pairNo),
    );
    assert.equal(analystSees?.pair.pairNo, pair.pairNo);
  });

  test('a pair confirmed as one person leaves the queue and is one person in the next run, explained on the person page', async () => {
    const pair = (await queueOf()).pairs.find(isAmyPair)!;
    await db.asActor(scene.analyst.actor, (sql) =>
      decidePair(sql, pair.runId, pair.pairNo, 'same_person', 'Same person: moved, says the school'),
    );
    assert.equal((await queueOf()).pairs.find(isAmyPair), undefined, 'a decided pair leaves the queue');
    const coordinatorReads = await db.asActor(scene.coordinator.actor, (sql) => effectiveDecisions(sql));
    assert.equal(coordinatorReads.samePerson.length, 1);

    const { personOf } = await run();
    assert.equal(personOf.get('A1'), personOf.get('A9'), 'the decision overrides the model');
    const person = await db.asActor(scene.analyst.actor, (sql) => findPerson(sql, personOf.get('A1')!));
    assert.ok(person);
    assert.deepEqual(
      person.records.map((record) => [
        record.recordId,
        record.givenName,
        record.dateOfBirth,
        record.postcode,
      ]),
      [
        ['A1', 'Amy', '1985-03-04', 'NS1 4AB'],
        ['A9', 'Amy', null, 'NS3 1ZZ'],
      ],
    );
    assert.equal(person.records[0]!.agreementReference, scene.agreementReference);
    assert.equal(person.links.length, 1, 'one link holds two records together');
    assert.ok(person.links[0]!.explanation.bars.length > 0);
    assert.equal(person.decisions[0]?.decision, 'same_person');
    assert.equal(person.decisions[0]?.reason, 'Same person: moved, says the school');

    const [audited] = await db.asOwner((sql) =>
      sql.query<{ count: number }>(
        `select count(*)::int as count from audit_event where action = 'CREATE_LINKAGE_DECISION'`,
      ),
    );
    assert.equal(audited!.count, 1);
  });

  test('a record split out of a person is apart in the next run; merging the two people joins them again', async () => {
    const { personOf } = await run();
    const amy = personOf.get('A1')!;
    const police = (await db.asActor(scene.analyst.actor, (sql) => findPerson(sql, amy)))!.records[0]!.source;
    await db.asActor(scene.analyst.actor, (sql) =>
      splitRecord(sql, amy, { source: police, recordId: 'A9' }, 'Another Amy Adams'),
    );
    const afterSplit = (await run()).personOf;
    assert.notEqual(afterSplit.get('A1'), afterSplit.get('A9'));
    assert.equal(afterSplit.get('A1'), amy, 'the person keeps their id');

    await db.asActor(scene.analyst.actor, (sql) =>
      mergePeople(sql, afterSplit.get('A1')!, afterSplit.get('A9')!, 'The same Amy after all'),
    );
    const afterMerge = (await run()).personOf;
    assert.equal(afterMerge.get('A1'), afterMerge.get('A9'), 'the later decision on the pair wins');
  });

  test('a keyworker sees the records and links of the people of the family allocated to them, and no one else', async () => {
    const { runId, personOf } = await run();
    const amy = personOf.get('A1')!;
    const [{ family_id: adams } = { family_id: '' }] = await db.asActor(scene.coordinator.actor, (sql) =>
      sql.query<{ family_id: string }>(
        'select family_id from identified_person where run_id = $1 and person_id = $2',
        [runId, amy],
      ),
    );
    await db.asActor(scene.coordinator.actor, async (sql) => {
      await assessFamily(sql, adams, {
        eligibility: 'confirmed',
        reason: 'Three problems',
        consent: 'consent_given',
        basisNote: '',
      });
      await allocateFamily(sql, adams, { keyworkerId: scene.keyworkerA.id, leadProfessional: '' });
    });
    const seenByA = await db.asActor(scene.keyworkerA.actor, (sql) => findPerson(sql, amy));
    assert.deepEqual(
      seenByA?.records.map((record) => record.recordId),
      ['A1', 'A9'],
    );
    assert.equal(seenByA.links.length, 1, 'the link that holds Amy’s records together');
    assert.deepEqual(seenByA.nearMisses, [], 'no pair between two people');
    assert.deepEqual(seenByA.decisions, [], 'decisions are for the programme team');
    assert.equal(await db.asActor(scene.keyworkerB.actor, (sql) => findPerson(sql, amy)), undefined);
    assert.equal(
      await db.asActor(scene.keyworkerA.actor, (sql) => findPerson(sql, personOf.get('B1')!)),
      undefined,
    );
  });

  test('merging with a person who is not in the run is refused with the reason', async () => {
    const { personOf } = await run();
    await assert.rejects(
      db.asActor(scene.analyst.actor, (sql) => mergePeople(sql, personOf.get('A1')!, 'Pnobody', '')),
      /There is no person Pnobody in the newest identification run/,
    );
  });
});
