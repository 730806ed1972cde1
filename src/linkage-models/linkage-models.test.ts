import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { describeOnEachDatabase } from '../../test/support/databases.ts';
import {
  assessmentDay,
  buildFamilyScene,
  type FamilyScene,
  firstExtract,
  shareExtract,
} from '../casework/casework.test-support.ts';
import { runIdentification } from '../casework/index.ts';
import { shippedFramework } from '../criteria/index.ts';
import type { Database } from '../db/index.ts';
import { ExtractFiles } from '../ingest/upload.test-support.ts';
import { defaultModel, type LinkageModel } from '../linkage/index.ts';
import { handTrainedModel } from '../linkage/linkage-fixtures.test-support.ts';
import { exportLinkageModel, findLinkageModel, importLinkageModel, linkageModelProblem } from './index.ts';

const files = new ExtractFiles();
after(() => rmSync(files.directory, { recursive: true, force: true }));
const framework = shippedFramework('tf-2015');

/** A trained model that takes any two records of one address for one person: its use shows in the people. */
function oneAddressOnePerson(): LinkageModel {
  const model = handTrainedModel();
  model.kindred_clustering.threshold_match_probability = 1e-9;
  model.kindred_clustering.veto = {};
  model.kindred_clustering.cannot_link = [];
  model.kindred_clustering.min_mean_match_weight = -1000;
  model.kindred_clustering.same_source_pairs_must_match = false;
  model.kindred_clustering.source_ages = false;
  return model;
}

await describeOnEachDatabase('linkage models kept by the council', (target) => {
  let db: Database;
  let scene: FamilyScene;

  before(async () => {
    db = await target.open();
    scene = await buildFamilyScene(db);
    await shareExtract(db, scene, files, firstExtract);
  });

  test('a run trains on the extracts until the council keeps a model, then links with its newest version', async () => {
    const trained = await runIdentification(db, scene.coordinator.actor, { framework, asOf: assessmentDay });
    assert.equal(trained.linkageModelVersion, null);
    assert.equal(trained.people, 5);

    const first = await db.asActor(scene.analyst.actor, (sql) =>
      importLinkageModel(sql, handTrainedModel(), 'first'),
    );
    const second = await db.asActor(scene.analyst.actor, (sql) =>
      importLinkageModel(sql, oneAddressOnePerson(), 'one person per address'),
    );
    assert.deepEqual([first, second], [1, 2]);
    const run = await runIdentification(db, scene.coordinator.actor, { framework, asOf: assessmentDay });
    assert.equal(run.state, 'finished', run.reason ?? '');
    assert.equal(run.linkageModelVersion, 2);
    assert.equal(run.people, 2, 'the model the council keeps is the one linked with');
  });

  test('a version is kept as imported, read back and exported by coordinators and analysts, with audit', async () => {
    const kept = await db.asActor(scene.coordinator.actor, (sql) => findLinkageModel(sql, 1));
    assert.deepEqual(kept?.model, JSON.parse(JSON.stringify(handTrainedModel())));
    assert.equal(kept?.note, 'first');
    const newest = await db.asActor(scene.coordinator.actor, (sql) => exportLinkageModel(sql));
    assert.equal(newest?.version, 2);
    const audit = await db.asOwner((sql) =>
      sql.query<{ action: string; subject_ids: string[] }>(
        `select action, subject_ids from audit_event where subject_type = 'linkage_model' order by seq`,
      ),
    );
    assert.deepEqual(
      audit.map((event) => `${event.action} ${event.subject_ids.join()}`),
      ['CREATE_LINKAGE_MODEL 1', 'CREATE_LINKAGE_MODEL 2', 'EXPORT_LINKAGE_MODEL 2'],
    );
    await assert.rejects(
      db.asActor(scene.analyst.actor, (sql) => sql.query(`update linkage_model set note = 'changed'`)),
      /permission denied/,
      'a version never changes',
    );
  });

  test('keyworkers and partners neither read nor import models', async () => {
    for (const user of [scene.keyworkerA, scene.officer]) {
      assert.equal(await db.asActor(user.actor, (sql) => findLinkageModel(sql)), undefined);
      await assert.rejects(
        db.asActor(user.actor, (sql) => importLinkageModel(sql, handTrainedModel())),
        /row-level security/,
      );
    }
  });

  test('an untrained or foreign model is refused with the reason', () => {
    assert.match(linkageModelProblem(defaultModel()) ?? '', /not trained/);
    assert.match(linkageModelProblem({ hello: 1 }) ?? '', /not a Kindred model of version 1/);
    assert.match(linkageModelProblem([]) ?? '', /not a Kindred model/);
    assert.equal(linkageModelProblem(handTrainedModel()), undefined);
  });
});
