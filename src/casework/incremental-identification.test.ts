import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { describeOnEachDatabase } from '../../test/support/databases.ts';
import { shippedFramework } from '../criteria/index.ts';
import type { Database } from '../db/index.ts';
import { buildDataFlow, ExtractFiles, freshSource, uploadDay } from '../ingest/upload.test-support.ts';
import { handTrainedModel } from '../linkage/linkage-fixtures.test-support.ts';
import { importLinkageModel } from '../linkage-models/index.ts';
import {
  assessmentDay,
  buildFamilyScene,
  type FamilyScene,
  familyExtractHeader,
  firstExtract,
  shareExtract,
} from './casework.test-support.ts';
import { IdentificationJobs, type IdentificationRun, runIdentification } from './index.ts';

const files = new ExtractFiles();
after(() => rmSync(files.directory, { recursive: true, force: true }));

const framework = shippedFramework('tf-2015');

/** A second police flow's extract: Amy Adams again under another record id, and someone new. */
const laterExtract = [
  'X1,Amy,Adams,1985-03-04,F,1 High Street,Northtown,NS1 4AB,,,,,,',
  'X2,Zed,Young,1979-09-09,M,9 Far Lane,Easttown,NS3 7EF,,,crime.asb_intervention,2026-06-01,,',
];

await describeOnEachDatabase('incremental identification runs', (target) => {
  let db: Database;
  let scene: FamilyScene;
  let first: IdentificationRun;

  /** Each record's person in a run, by source and record id. */
  const peopleOf = async (runId: string): Promise<Map<string, string>> => {
    const rows = await db.asActor(scene.coordinator.actor, (sql) =>
      sql.query<{ source: string; record_id: string; person_id: string }>(
        'select source, record_id, person_id from identified_person where run_id = $1',
        [runId],
      ),
    );
    return new Map(rows.map((row) => [`${row.source}/${row.record_id}`, row.person_id]));
  };

  before(async () => {
    db = await target.open();
    scene = await buildFamilyScene(db);
    await shareExtract(db, scene, files, firstExtract);
    // A handful of records trains no useful model: the council keeps one, as it would after its first county.
    await db.asActor(scene.coordinator.actor, (sql) => importLinkageModel(sql, handTrainedModel(), 'kept'));
  });

  test('a first run asked to link incrementally links every record, and says why', async () => {
    first = await runIdentification(db, scene.coordinator.actor, {
      framework,
      asOf: assessmentDay,
      linking: 'incremental',
    });
    assert.equal(first.linking, 'full');
    assert.match(first.linkingNote ?? '', /no earlier run/);
    assert.equal(first.people, 5);
  });

  test('after a new upload, only its records are linked: the others keep their people, a known person is found again', async () => {
    const { uploadExtract } = await import('../ingest/upload.ts');
    const { agreementId } = scene;
    const secondFlow = await buildDataFlow(db, scene.policeId, freshSource('police'), agreementId);
    const outcome = await uploadExtract(db, scene.officer.actor, {
      dataFlowId: secondFlow,
      path: files.write(laterExtract, familyExtractHeader),
      today: uploadDay,
    });
    assert.equal(outcome.kind, 'loaded');

    const incremental = await runIdentification(db, scene.coordinator.actor, {
      framework,
      asOf: assessmentDay,
      linking: 'incremental',
    });
    assert.equal(incremental.linking, 'incremental');
    assert.equal(incremental.linkingNote, null);
    assert.equal(incremental.people, 6, 'Zed Young is new; the second Amy Adams record is Amy');

    const before = await peopleOf(first.id);
    const after = await peopleOf(incremental.id);
    for (const [record, person] of before)
      assert.equal(after.get(record), person, `${record} keeps its person`);
    const amy = [...after].find(([record]) => record.endsWith('/A1'))![1];
    const amyAgain = [...after].find(([record]) => record.endsWith('/X1'))![1];
    assert.equal(amyAgain, amy);

    const full = await runIdentification(db, scene.coordinator.actor, { framework, asOf: assessmentDay });
    assert.equal(full.linking, 'full');
    assert.deepEqual(await peopleOf(full.id), after, 'linking everything afresh finds the same people');
  });

  test('uploads that land together are followed by one run, linking only their records', async () => {
    const { uploadExtract } = await import('../ingest/upload.ts');
    const { agreementId } = scene;
    const uploads: string[] = [];
    for (const [index, row] of [
      'Y1,Yan,Yeo,1980-01-01,M,3 Oak Road,Westtown,NS4 1AA,,,,,,',
      'Y2,Ben,Adams,2012-07-08,M,1 High Street,Northtown,NS1 4AB,,,,,,',
    ].entries()) {
      const flow = await buildDataFlow(db, scene.policeId, freshSource(`later${index}`), agreementId);
      const outcome = await uploadExtract(db, scene.officer.actor, {
        dataFlowId: flow,
        path: files.write([row], familyExtractHeader),
        today: uploadDay,
      });
      assert.equal(outcome.kind, 'loaded');
      uploads.push(outcome.uploadId);
    }
    const runsBefore = await db.asOwner((sql) =>
      sql.query<{ id: string }>('select id from identification_run'),
    );
    const jobs = new IdentificationJobs(db);
    for (const upload of uploads) jobs.afterUpload(upload);
    assert.equal(jobs.busy(), true, 'a coordinator is told a run is under way');
    await jobs.close();
    assert.equal(jobs.busy(), false);
    const runs = await db.asOwner((sql) =>
      sql.query<{ id: string; run_by: string; linking: string; people: number }>(
        'select id, run_by, linking, people from identification_run where not (id = any ($1::uuid[]))',
        [runsBefore.map((run) => run.id)],
      ),
    );
    assert.equal(runs.length, 1, 'one run for both');
    assert.equal(runs[0]!.run_by, scene.coordinator.id);
    assert.equal(runs[0]!.linking, 'incremental');
    assert.equal(runs[0]!.people, 7, 'Yan Yeo is new; the second Ben Adams record is Ben');
  });
});
