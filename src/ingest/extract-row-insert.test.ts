import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeOnEachDatabase } from '../../test/support/databases.ts';
import { buildOrganisation, buildUser, platformActor, type TestUser } from '../../test/support/factories.ts';
import type { Database } from '../db/index.ts';
import type { ExtractRow } from './extract-columns.ts';
import { postgresDay, rowBatchInsert } from './extract-row-insert.ts';

const blank: ExtractRow = {
  line: 2,
  record_id: 'R',
  nhs_number: null,
  given_name: null,
  family_name: null,
  date_of_birth: null,
  sex: null,
  address_line_1: null,
  address_line_2: null,
  town: null,
  postcode: null,
  uprn: null,
  household_ref: null,
  lead_worker: null,
  lead_worker_contact: null,
  fact: null,
  fact_start: null,
  fact_end: null,
  fact_value: null,
};

/** Values that array literals and binary arrays could get wrong. */
const awkward: ExtractRow[] = [
  {
    ...blank,
    line: 2,
    record_id: 'NULL',
    given_name: '',
    family_name: 'O"Brien\\',
    address_line_1: '{1,2}, "x"',
  },
  {
    ...blank,
    line: 3,
    record_id: 'r\nnew line',
    given_name: 'Zoë 🙂',
    town: ' padded ',
    date_of_birth: '1852-02-29',
  },
  {
    ...blank,
    line: 4,
    record_id: 'R3',
    fact: 'education.absence',
    fact_start: '2000-01-01',
    fact_end: '1999-12-31',
    fact_value: 9.95,
  },
  { ...blank, line: 2147483647, record_id: 'R4', fact_start: '2400-02-29', fact_value: -0.001 },
];

test('days from PostgreSQL’s epoch', () => {
  assert.equal(postgresDay('2000-01-01'), 0);
  assert.equal(postgresDay('1999-12-31'), -1);
  assert.equal(postgresDay('2000-03-01'), 60);
  assert.equal(postgresDay('1970-01-01'), -10957);
  assert.equal(postgresDay('2026-11-25'), Date.UTC(2026, 10, 25) / 86400000 - 10957);
});

await describeOnEachDatabase('inserting a batch of extract rows', (target) => {
  let db: Database;
  let officer: TestUser;
  let uploadId: string;

  before(async () => {
    db = await target.open();
    const police = await buildOrganisation(db, 'police');
    officer = await buildUser(db, police, ['partner_data_officer']);
    const flowId = await db.asActor(platformActor, async (sql) => {
      const [row] = await sql.query<{ id: string }>(
        `insert into data_flow (organisation_id, source, title) values ($1, 'rows', 'Rows') returning id`,
        [police],
      );
      return row!.id;
    });
    uploadId = await db.asActor(officer.actor, async (sql) => {
      const [row] = await sql.query<{ id: string }>(
        `insert into upload (data_flow_id, organisation_id, file_name, content_sha256, uploaded_by)
         values ($1, $2, 'rows.csv', 'x', $3) returning id`,
        [flowId, police, officer.id],
      );
      return row!.id;
    });
  });

  test('every value comes back exactly as it went in', async () => {
    const insert = rowBatchInsert(db.kind, uploadId, officer.organisationId, awkward);
    await db.asActor(officer.actor, (sql) => sql.query(insert.text, insert.params));
    const stored = await db.asActor(officer.actor, (sql) =>
      sql.query<ExtractRow>(
        `select line, record_id, nhs_number, given_name, family_name, date_of_birth, sex, address_line_1, address_line_2,
                town, postcode, uprn, household_ref, lead_worker, lead_worker_contact, fact, fact_start, fact_end, fact_value
         from extract_row where upload_id = $1 order by line`,
        [uploadId],
      ),
    );
    assert.deepEqual(stored, awkward);
  });

  test('rows cannot be put into another organisation’s name', async () => {
    const other = await buildOrganisation(db, 'education');
    const insert = rowBatchInsert(db.kind, uploadId, other, [blank]);
    await assert.rejects(
      db.asActor(officer.actor, (sql) => sql.query(insert.text, insert.params)),
      /row-level security/,
    );
  });
});
