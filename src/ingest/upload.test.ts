import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { describeOnEachDatabase } from '../../test/support/databases.ts';
import { buildOrganisation, buildUser, platformActor, type TestUser } from '../../test/support/factories.ts';
import type { Database } from '../db/index.ts';
import { uploadExtract } from './upload.ts';

const header =
  'record_id,nhs_number,given_name,family_name,date_of_birth,fact,fact_start,fact_end,fact_value';
const directory = mkdtempSync(join(tmpdir(), 'kindred-upload-'));
after(() => rmSync(directory, { recursive: true, force: true }));

function extract(name: string, rows: string[]): string {
  const path = join(directory, name);
  writeFileSync(path, `${[header, ...rows].join('\n')}\n`);
  return path;
}

await describeOnEachDatabase('uploading an extract', (target) => {
  let db: Database;
  let officer: TestUser;
  let coordinator: TestUser;
  let flowId: string;

  const visibleRecords = () =>
    db.asActor(coordinator.actor, async (sql) =>
      (await sql.query<{ record_id: string }>('select distinct record_id from extract_row order by 1')).map(
        (row) => row.record_id,
      ),
    );

  before(async () => {
    db = await target.open();
    const police = await buildOrganisation(db, 'police');
    const council = await buildOrganisation(db, 'council');
    officer = await buildUser(db, police, ['partner_data_officer']);
    coordinator = await buildUser(db, council, ['coordinator']);
    flowId = await db.asActor(platformActor, async (sql) => {
      const [row] = await sql.query<{ id: string }>(
        `insert into data_flow (organisation_id, source, title) values ($1, 'police', 'Police') returning id`,
        [police],
      );
      return row!.id;
    });
  });

  test('accepted rows are loaded, bad rows reported with their line, and a record with no identity dropped', async () => {
    const path = extract('first.csv', [
      'P1,,Amy,Adams,2010-01-02,crime.asb_intervention,2026-01-10,,',
      'P1,,Amy,Adams,2010-01-02,crime.no_such_code,2026-01-10,,',
      'P2,,,,2011-05-05,crime.proven_offence,2026-02-01,,',
      'P3,,Bo,Brown,2009-02-30,,,,',
    ]);
    const outcome = await uploadExtract(db, officer.actor, { dataFlowId: flowId, path, today: '2026-11-25' });
    assert.equal(outcome.kind, 'loaded');
    if (outcome.kind !== 'loaded') return;
    assert.deepEqual(await visibleRecords(), ['P1', 'P3']);
    assert.equal(outcome.rowsAccepted, 2);
    const lines = outcome.issues.map((issue) => `${issue.line}:${issue.column}:${issue.severity}`);
    assert.ok(lines.includes('3:fact:error'), lines.join(' '));
    assert.ok(lines.includes('5:date_of_birth:warning'), lines.join(' '));
    assert.ok(
      outcome.issues.some((issue) => issue.line === 4 && issue.severity === 'error'),
      'P2 has no name',
    );
    const stored = await db.asActor(officer.actor, (sql) =>
      sql.query<{ line: number }>('select line from upload_issue where upload_id = $1 order by line', [
        outcome.uploadId,
      ]),
    );
    assert.equal(stored.length, outcome.issues.length);
  });

  test('the same file again is recognised and not loaded twice', async () => {
    const path = extract('again.csv', ['P9,,Cy,Cole,2008-03-03,,,,']);
    const first = await uploadExtract(db, officer.actor, { dataFlowId: flowId, path, today: '2026-11-25' });
    const second = await uploadExtract(db, officer.actor, { dataFlowId: flowId, path, today: '2026-11-25' });
    assert.equal(first.kind, 'loaded');
    assert.deepEqual(second, { kind: 'already-loaded', uploadId: first.uploadId });
  });

  test('a newer extract supersedes the previous one for current use, and the history is kept', async () => {
    const path = extract('newer.csv', ['P7,,Di,Dean,2007-07-07,,,,']);
    await uploadExtract(db, officer.actor, { dataFlowId: flowId, path, today: '2026-11-25' });
    assert.deepEqual(await visibleRecords(), ['P7']);
    const states = await db.asActor(officer.actor, (sql) =>
      sql.query<{ state: string }>('select state from upload where data_flow_id = $1 order by started_at', [
        flowId,
      ]),
    );
    assert.deepEqual(
      states.map((row) => row.state),
      ['superseded', 'superseded', 'visible'],
    );
  });

  test('a file that cannot be read leaves nothing behind but a failed upload', async () => {
    const path = join(directory, 'broken.csv');
    writeFileSync(path, `${header}\nP8,,"Eve,Evans,2001-01-01,,,,\n`);
    await assert.rejects(
      uploadExtract(db, officer.actor, { dataFlowId: flowId, path, today: '2026-11-25' }),
      /broken\.csv, line 2/,
    );
    assert.deepEqual(await visibleRecords(), ['P7']);
  });
});
