import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { describeOnEachDatabase } from '../../test/support/databases.ts';
import { buildOrganisation, buildUser, platformActor } from '../../test/support/factories.ts';
import type { Database } from '../db/index.ts';
import {
  buildDataFlow,
  buildUploadScene,
  ExtractFiles,
  freshSource,
  signPoliceAgreement,
  type UploadScene,
  uploadDay,
} from './upload.test-support.ts';
import { type UploadOutcome, uploadExtract } from './upload.ts';
import { saveUploadSettings } from './upload-settings.ts';

const files = new ExtractFiles();
after(() => rmSync(files.directory, { recursive: true, force: true }));

function loaded(outcome: UploadOutcome) {
  assert.equal(outcome.kind, 'loaded', JSON.stringify(outcome).slice(0, 600));
  return outcome as Extract<UploadOutcome, { kind: 'loaded' }>;
}

function refused(outcome: UploadOutcome): string {
  assert.equal(outcome.kind, 'refused', JSON.stringify(outcome).slice(0, 600));
  return (outcome as { reason: string }).reason;
}

await describeOnEachDatabase('uploading an extract', (target) => {
  let db: Database;
  let scene: UploadScene;

  const upload = (path: string, flowId = scene.flowId, actor = scene.officer.actor, today = uploadDay) =>
    uploadExtract(db, actor, { dataFlowId: flowId, path, today });
  const current = (flowId: string) =>
    db.asActor(scene.coordinator.actor, async (sql) =>
      (
        await sql.query<{ record_id: string }>(
          `select distinct r.record_id from extract_row r join upload u on u.id = r.upload_id
           where u.data_flow_id = $1 order by 1`,
          [flowId],
        )
      ).map((row) => row.record_id),
    );
  const storedRows = (uploadId: string) =>
    db.asOwner(async (sql) =>
      Number(
        (
          await sql.query<{ n: number }>('select count(*) as n from extract_row where upload_id = $1', [
            uploadId,
          ])
        )[0]!.n,
      ),
    );

  before(async () => {
    db = await target.open();
    scene = await buildUploadScene(db);
  });

  test('accepted rows are loaded with their provenance, bad rows reported by line and column', async () => {
    const path = files.write([
      'P1,,Amy,Adams,2010-01-02,crime.asb_intervention,2026-01-10,,',
      'P1,,Amy,Adams,2010-01-02,crime.proven_offence,2026-02-30,,',
      'P2,,,,2011-05-05,crime.proven_offence,2026-02-01,,',
      'P3,,Bo,Brown,2009-02-30,,,,',
    ]);
    const outcome = loaded(await upload(path));
    assert.deepEqual(await current(scene.flowId), ['P1', 'P3']);
    assert.equal(outcome.rowsAccepted, 2);
    assert.equal(outcome.rowsRejected, 2);
    assert.deepEqual(outcome.agreement, { reference: scene.agreementReference, version: 1 });
    const found = outcome.issues.map(
      (issue) => `${issue.line}:${issue.column}:${issue.severity}:${issue.recordId}`,
    );
    assert.ok(found.includes('3:fact_start:error:P1'), found.join(' '));
    assert.ok(found.includes('5:date_of_birth:warning:P3'), found.join(' '));
    assert.ok(found.includes('4:record_id:error:P2'), 'P2 has no name');

    const provenance = await db.asActor(scene.coordinator.actor, (sql) =>
      sql.query<{
        line: number;
        record_id: string;
        file_name: string;
        reference: string;
        version: number;
        channel: string;
      }>(
        `select r.line, r.record_id, u.file_name, a.reference, v.version, u.channel
         from extract_row r join upload u on u.id = r.upload_id
         join agreement_version v on v.id = u.agreement_version_id join agreement a on a.id = v.agreement_id
         where r.upload_id = $1 order by r.line`,
        [outcome.uploadId],
      ),
    );
    assert.deepEqual(
      provenance.map((row) => [row.line, row.record_id, row.reference, row.version, row.channel]),
      [
        [2, 'P1', scene.agreementReference, 1, 'cli'],
        [5, 'P3', scene.agreementReference, 1, 'cli'],
      ],
    );
    const stored = await db.asActor(scene.officer.actor, (sql) =>
      sql.query('select line from upload_issue where upload_id = $1', [outcome.uploadId]),
    );
    assert.equal(stored.length, outcome.issueCount);
    const events = await db.asOwner((sql) =>
      sql.query<{ action: string }>(`select action from audit_event where $1 = any (subject_ids)`, [
        outcome.uploadId,
      ]),
    );
    assert.deepEqual(
      events.map((event) => event.action),
      ['IMPORT_EXTRACT'],
    );
  });

  test('the same file again is recognised by its content and not loaded twice', async () => {
    const path = files.write(['P9,,Cy,Cole,2008-03-03,,,,']);
    const first = loaded(await upload(path));
    const second = await upload(path);
    assert.deepEqual(second, { kind: 'already-loaded', uploadId: first.uploadId });
    assert.equal(await storedRows(first.uploadId), 1);
  });

  test('a newer extract supersedes the previous one for current use, and the history is kept', async () => {
    const flowId = await buildDataFlow(
      db,
      scene.policeId,
      freshSource('police'),
      await agreementOf(scene.flowId),
    );
    const first = loaded(await upload(files.write(['P5,,Di,Dean,2007-07-07,,,,']), flowId));
    const second = loaded(await upload(files.write(['P7,,Ed,Eyre,2007-07-07,,,,']), flowId));
    assert.deepEqual(await current(flowId), ['P7']);
    const states = await db.asActor(scene.officer.actor, (sql) =>
      sql.query<{ id: string; state: string }>('select id, state from upload where data_flow_id = $1', [
        flowId,
      ]),
    );
    assert.deepEqual(Object.fromEntries(states.map((row) => [row.id, row.state])), {
      [first.uploadId]: 'superseded',
      [second.uploadId]: 'visible',
    });
    assert.equal(await storedRows(first.uploadId), 1, 'the superseded rows are kept for audit');
  });

  test('an incremental flow adds each upload to what is current', async () => {
    const flowId = await buildDataFlow(
      db,
      scene.policeId,
      freshSource('police'),
      await agreementOf(scene.flowId),
    );
    await db.asActor(scene.officer.actor, (sql) =>
      saveUploadSettings(sql, flowId, { columnMapping: null, encoding: 'utf-8', refresh: 'incremental' }),
    );
    loaded(await upload(files.write(['P5,,Di,Dean,2007-07-07,,,,']), flowId));
    loaded(await upload(files.write(['P6,,Ed,Eyre,2007-07-07,,,,']), flowId));
    assert.deepEqual(await current(flowId), ['P5', 'P6']);
  });

  test('a partner’s own layout is read through the flow’s saved column mapping', async () => {
    const flowId = await buildDataFlow(
      db,
      scene.policeId,
      freshSource('police'),
      await agreementOf(scene.flowId),
    );
    await db.asActor(scene.officer.actor, (sql) =>
      saveUploadSettings(sql, flowId, {
        columnMapping: {
          renames: {
            'Person ID': 'record_id',
            Surname: 'family_name',
            Forename: 'given_name',
            DOB: 'date_of_birth',
            Code: 'fact',
            From: 'fact_start',
          },
          ignore: ['Notes'],
          dateFormats: { date_of_birth: 'DD/MM/YYYY', fact_start: 'DD/MM/YYYY' },
          values: { fact: { CIN: 'children.child_in_need' } },
        },
        encoding: 'utf-8',
        refresh: 'full',
      }),
    );
    const path = files.write(
      ['X1,Fox,Flo,03/04/2012,CIN,01/09/2026,anything'],
      'Person ID,Surname,Forename,DOB,Code,From,Notes',
    );
    const outcome = loaded(await upload(path, flowId));
    assert.equal(outcome.rowsAccepted, 1);
    const [row] = await db.asActor(scene.coordinator.actor, (sql) =>
      sql.query<{ fact: string; fact_start: string; date_of_birth: string }>(
        'select fact, fact_start, date_of_birth from extract_row where upload_id = $1',
        [outcome.uploadId],
      ),
    );
    assert.deepEqual(row, {
      fact: 'children.child_in_need',
      fact_start: '2026-09-01',
      date_of_birth: '2012-04-03',
    });
  });

  test('a file that cannot be read fails with its line and reason, and the previous upload stays current', async () => {
    const before = await current(scene.flowId);
    const outcome = await upload(files.write(['P8,,"Eve,Evans,2001-01-01,,,,']));
    assert.equal(outcome.kind, 'failed');
    assert.match(
      (outcome as { reason: string }).reason,
      /line 2: a quoted field starts here and its closing quote/,
    );
    assert.deepEqual(await current(scene.flowId), before);
  });

  describe('the agreement is enforced before any row is stored', () => {
    test('a fact code the agreement does not list refuses the whole file, naming the agreement, clause and lines', async () => {
      const before = await current(scene.flowId);
      const outcome = await upload(
        files.write([
          'R1,,Al,Ash,2001-01-01,crime.proven_offence,2026-01-01,,',
          'R2,,Bea,Bell,2001-01-01,health.mental_health,2026-01-01,,',
          'R3,,Cal,Cox,2001-01-01,housing.homeless,2026-01-01,,',
          'R4,,Di,Dove,2001-01-01,health.mental_health,2026-01-01,,',
        ]),
      );
      const reason = refused(outcome);
      assert.match(
        reason,
        new RegExp(
          `^Refused: Agreement ${scene.agreementReference} 'Police data for Supporting Families' version 1 does not cover the fact codes health\\.mental_health \\(line 3, 5\\) and housing\\.homeless \\(line 4\\) \\(clause: data items\\)`,
        ),
      );
      const uploadId = (outcome as { uploadId: string }).uploadId;
      assert.equal(await storedRows(uploadId), 0);
      assert.deepEqual(await current(scene.flowId), before);
      const breaches = await db.asActor(scene.officer.actor, (sql) =>
        sql.query<{ line: number }>(
          'select line from upload_issue where upload_id = $1 and agreement_breach order by line',
          [uploadId],
        ),
      );
      assert.deepEqual(
        breaches.map((row) => row.line),
        [3, 4, 5],
      );
    });

    test('an identity column the agreement does not list refuses the file', async () => {
      const reason = refused(
        await upload(
          files.write(
            ['R1,Al,Ash,H1,2001-01-01'],
            'record_id,given_name,family_name,household_ref,date_of_birth',
          ),
        ),
      );
      assert.match(reason, /does not cover the column household_ref \(clause: data items\)/);
    });

    test('a flow with no agreement refuses every upload', async () => {
      const flowId = await buildDataFlow(db, scene.policeId, freshSource('police'), null);
      const reason = refused(await upload(files.write(['R1,,Al,Ash,2001-01-01,,,,']), flowId));
      assert.match(reason, /^Refused: no active agreement covers the data flow/);
    });

    test('an expired agreement refuses, naming its end date', async () => {
      const reason = refused(
        await upload(
          files.write(['R1,,Al,Ash,2001-01-01,,,,']),
          scene.flowId,
          scene.officer.actor,
          '2028-01-05',
        ),
      );
      assert.match(
        reason,
        new RegExp(`Agreement ${scene.agreementReference} .* expired on 2027-12-31 \\(clause: end date\\)`),
      );
    });

    test('an uploader from another organisation is refused, and no upload is recorded in the flow', async () => {
      const reason = refused(
        await upload(files.write(['R1,,Al,Ash,2001-01-01,,,,']), scene.flowId, scene.schoolOfficer.actor),
      );
      assert.match(reason, /only .* uploads to it \(clause: parties\)/);
      const uploads = await db.asActor(platformActor, (sql) =>
        sql.query('select id from upload where uploaded_by = $1', [scene.schoolOfficer.id]),
      );
      assert.equal(uploads.length, 0);
    });

    test('someone without the data officer role is refused', async () => {
      const reason = refused(
        await upload(files.write(['R1,,Al,Ash,2001-01-01,,,,']), scene.flowId, scene.policeIg.actor),
      );
      assert.match(reason, /Only a partner data officer can upload/);
    });

    test('a second agreement for another partner does not let it into this flow', async () => {
      const other = await buildOrganisation(db, 'police');
      const otherOfficer = await buildUser(db, other, ['partner_data_officer']);
      const otherIg = await buildUser(db, other, ['ig_officer']);
      await signPoliceAgreement(db, { ...scene, policeId: other, policeIg: otherIg });
      refused(await upload(files.write(['R1,,Al,Ash,2001-01-01,,,,']), scene.flowId, otherOfficer.actor));
    });
  });

  const agreementOf = async (flowId: string): Promise<string> =>
    db.asActor(platformActor, async (sql) => {
      const [row] = await sql.query<{ agreement_id: string }>(
        'select agreement_id from data_flow where id = $1',
        [flowId],
      );
      return row!.agreement_id;
    });
});
