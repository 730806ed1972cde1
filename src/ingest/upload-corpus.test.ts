/**
 * The bad-input corpus through the whole upload path, on both databases: each file gets a clear message,
 * accepted rows are loaded, and a file that cannot be loaded leaves the flow's current upload as it was.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { describeOnEachDatabase } from '../../test/support/databases.ts';
import type { CsvEncoding } from '../csv/index.ts';
import type { Database } from '../db/index.ts';
import {
  buildUploadScene,
  ExtractFiles,
  extractHeader,
  type UploadScene,
  uploadDay,
} from './upload.test-support.ts';
import { type UploadOutcome, uploadExtract } from './upload.ts';
import { issueCsvHeader, issueCsvLine, uploadIssuePages } from './upload-issues.ts';
import { longestValue } from './validate-row.ts';

const files = new ExtractFiles();
after(() => rmSync(files.directory, { recursive: true, force: true }));

const good = 'G1,,Gail,Green,1990-01-01,crime.proven_offence,2026-01-01,,';

await describeOnEachDatabase('the bad-input corpus through the upload path', (target) => {
  let db: Database;
  let scene: UploadScene;

  const upload = (content: string | Uint8Array, encoding?: CsvEncoding) =>
    uploadExtract(db, scene.officer.actor, {
      dataFlowId: scene.flowId,
      path: files.writeBytes(content),
      today: uploadDay,
      encoding,
    });
  /** The current upload's rows, by record, as the council sees them. */
  const current = () =>
    db.asActor(scene.coordinator.actor, async (sql) =>
      sql.query<Record<string, string | null>>(
        `select r.* from extract_row r join upload u on u.id = r.upload_id where u.data_flow_id = $1 order by r.line`,
        [scene.flowId],
      ),
    );
  const issuesOf = (outcome: UploadOutcome) => (outcome.kind === 'already-loaded' ? [] : outcome.issues);
  const describe_ = (outcome: UploadOutcome) => JSON.stringify(outcome).slice(0, 800);

  /** A file that is not loaded: its reason matches, and what was current stays current. */
  async function notLoaded(content: string | Uint8Array, reason: RegExp, encoding?: CsvEncoding) {
    const before = await current();
    const outcome = await upload(content, encoding);
    assert.equal(outcome.kind, 'failed', describe_(outcome));
    assert.match((outcome as { reason: string }).reason, reason);
    assert.deepEqual(await current(), before, 'the previous upload stays current, whole');
    return outcome;
  }

  async function loaded(content: string | Uint8Array, encoding?: CsvEncoding) {
    const outcome = await upload(content, encoding);
    assert.equal(outcome.kind, 'loaded', describe_(outcome));
    return outcome as Extract<UploadOutcome, { kind: 'loaded' }>;
  }

  before(async () => {
    db = await target.open();
    scene = await buildUploadScene(db);
    await loaded(`${extractHeader}\n${good}\n`);
  });

  describe('files read whole', () => {
    test('a byte-order mark and CRLF line ends', async () => {
      const outcome = await loaded(
        `\uFEFF${extractHeader}\r\nB1,,Bo,Bell,2001-02-03,,,,\r\nB2,,Cy,Cole,2001-02-03,dv.victim,2026-03-01,,\r\n`,
      );
      assert.equal(outcome.rowsAccepted, 2);
      assert.deepEqual(
        (await current()).map((row) => row.record_id),
        ['B1', 'B2'],
      );
    });

    test('quoted fields holding line breaks, commas and quotes, with lines counted across them', async () => {
      const outcome = await loaded(
        `record_id,given_name,family_name,address_line_1,fact,fact_start\n` +
          `Q1,"Ann ""Nan""",Ash,"Flat 1,\n2 High Street",crime.proven_offence,2026-01-01\n` +
          `Q2,Ben,Bell,1 Low Road,crime.proven_offence,2026-02-30\n`,
      );
      assert.equal(outcome.rowsAccepted, 1);
      assert.deepEqual(
        outcome.issues.map((issue) => [issue.line, issue.column]),
        [[4, 'fact_start']],
      );
      const [row] = await current();
      assert.equal(row!.given_name, 'Ann "Nan"');
      assert.equal(row!.address_line_1, 'Flat 1,\n2 High Street');
    });

    test('Latin-1 bytes are a clear error, and load once the encoding is declared', async () => {
      const bytes = Buffer.concat([
        Buffer.from(`${extractHeader}\n${good}\nL1,,Zo`),
        Buffer.from([0xeb]),
        Buffer.from(',Lowe,2002-02-02,,,,\n'),
      ]);
      await notLoaded(bytes, /line 3: the file is not UTF-8: the byte 0xEB .*declare its encoding as latin1/);
      const outcome = await loaded(bytes, 'latin1');
      assert.equal(outcome.rowsAccepted, 2);
      assert.equal((await current()).find((row) => row.record_id === 'L1')?.given_name, 'Zoë');
    });

    test('an empty file', async () => {
      await notLoaded('', /line 1: the file is empty: an extract starts with a header row/);
    });

    test('a header and no rows', async () => {
      await notLoaded(`${extractHeader}\n`, /has a header but no rows.*previous upload stays in use/);
    });

    test('a column given twice', async () => {
      await notLoaded(`record_id,family_name,Family_Name\nD1,Dee,Dee\n`, /family_name is given twice/);
    });

    test('no record_id column', async () => {
      await notLoaded(`given_name,family_name\nEd,Eyre\n`, /the header has no record_id column/);
    });

    test('an unknown column', async () => {
      await notLoaded(
        `record_id,family_name,shoe_size\nF1,Fox,9\n`,
        /unknown column "shoe_size" \(column 3\)/,
      );
    });

    test('a quote that is never closed', async () => {
      await notLoaded(
        `${extractHeader}\n${good}\nU1,,"Una,Ure,2001-01-01,,,,\n`,
        /line 3: a quoted field starts here and its closing quote/,
      );
    });

    test('rows none of which can be accepted', async () => {
      await notLoaded(`${extractHeader}\nN1,,,,,,,,\n`, /None of the file’s 1 rows could be accepted/);
    });
  });

  describe('rows with problems, among good rows that are loaded', () => {
    test('impossible dates: a fact rejects its row, a date of birth is dropped with a warning', async () => {
      const outcome = await loaded(
        `${extractHeader}\n${good}\nI1,,Ida,Ives,2001-01-01,crime.proven_offence,2025-02-30,,\nI2,,Ian,Ives,2025-02-30,,,,\n`,
      );
      assert.deepEqual(
        issuesOf(outcome).map((issue) => [issue.line, issue.column, issue.severity, issue.message]),
        [
          [3, 'fact_start', 'error', 'fact_start 2025-02-30 is not a real date; the row is rejected'],
          [
            4,
            'date_of_birth',
            'warning',
            'date_of_birth is not a real date; the value is dropped and the row kept',
          ],
        ],
      );
      const rows = await current();
      assert.deepEqual(
        rows.map((row) => [row.record_id, row.date_of_birth]),
        [
          ['G1', '1990-01-01'],
          ['I2', null],
        ],
      );
    });

    test('future dates: a fact that has not happened yet rejects its row, a future birth is dropped', async () => {
      const outcome = await loaded(
        `${extractHeader}\n${good}\nF1,,Flo,Ford,2001-01-01,crime.proven_offence,2026-11-26,,\nF2,,Fay,Ford,2027-01-01,,,,\n`,
      );
      assert.deepEqual(
        issuesOf(outcome).map((issue) => [issue.line, issue.column, issue.severity]),
        [
          [3, 'fact_start', 'error'],
          [4, 'date_of_birth', 'warning'],
        ],
      );
      assert.match(issuesOf(outcome)[0]!.message, /after the upload day \(2026-11-25\)/);
      assert.equal(outcome.rowsAccepted, 2);
    });

    test('an NHS number failing its check is dropped with a warning and the row kept', async () => {
      const outcome = await loaded(
        `${extractHeader}\nH1,9434765918,Hal,Hope,2001-01-01,,,,\nH2,943 476 5919,Hil,Hope,2001-01-01,,,,\n`,
      );
      assert.deepEqual(
        issuesOf(outcome).map((issue) => [issue.line, issue.column, issue.severity]),
        [[2, 'nhs_number', 'warning']],
      );
      assert.deepEqual(
        (await current()).map((row) => [row.record_id, row.nhs_number]),
        [
          ['H1', null],
          ['H2', '9434765919'],
        ],
      );
    });

    test('a single line of 10 MB rejects that row only', async () => {
      const huge = 'x'.repeat(10 * 1024 * 1024);
      const outcome = await loaded(
        `${extractHeader}\n${good}\nX1,,${huge},Xu,2001-01-01,,,,\nX2,,Xi,Xu,2001-01-01,,,,\n`,
      );
      assert.equal(outcome.rowsAccepted, 2);
      const [issue] = issuesOf(outcome);
      assert.deepEqual([issue!.line, issue!.column, issue!.severity], [3, 'given_name', 'error']);
      assert.match(
        issue!.message,
        new RegExp(
          `10,485,760 characters long, and no value in an extract may be longer than ${longestValue.toLocaleString('en-GB')}`,
        ),
      );
    });

    test('a NUL byte rejects its row', async () => {
      const outcome = await loaded(`${extractHeader}\n${good}\nZ1,,Z\u0000a,Zed,2001-01-01,,,,\n`);
      assert.deepEqual(
        issuesOf(outcome).map((issue) => [issue.line, issue.column]),
        [[3, 'given_name']],
      );
    });

    test('values that look like spreadsheet formulas are kept as given, and come out of the CSV export neutralised', async () => {
      const outcome = await loaded(
        `${extractHeader}\n` +
          `"=HYPERLINK(""http://evil.example"",""click"")",,+44 7700 900123,-Smith,2001-01-01,,,,\n` +
          `@SUM(A1),,Sam,Sum,2001-01-01,crime.proven_offence,2026-02-30,,\n` +
          `-1+2,,=1+1,Pike,2001-01-01,,,,\n`,
      );
      const rows = await current();
      assert.deepEqual(
        rows.map((row) => [row.record_id, row.given_name, row.family_name]),
        [
          ['=HYPERLINK("http://evil.example","click")', '+44 7700 900123', '-Smith'],
          ['-1+2', '=1+1', 'Pike'],
        ],
      );
      let csv = issueCsvHeader;
      for await (const page of uploadIssuePages(
        (work) => db.asActor(scene.officer.actor, work),
        outcome.uploadId,
      )) {
        csv += page.map(issueCsvLine).join('');
      }
      assert.equal(
        csv.split('\r\n')[1],
        `3,'@SUM(A1),fact_start,error,fact_start 2026-02-30 is not a real date; the row is rejected`,
      );
      for (const line of csv.split('\r\n').slice(1, -1)) {
        for (const field of line.split(','))
          assert.doesNotMatch(field, /^[=+\-@]/, `field "${field}" would run as a formula`);
      }
    });
  });
});
