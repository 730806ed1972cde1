import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { ExtractFileError } from './extract-issue.ts';
import { partnerMapping, readBack } from './fixtures/extracts.ts';
import { readExtractFile } from './read-extract.ts';

const fixture = (name: string): string => new URL(`fixtures/${name}`, import.meta.url).pathname;

async function refusal(read: Promise<unknown>): Promise<ExtractFileError> {
  try {
    await read;
  } catch (error) {
    assert.ok(error instanceof ExtractFileError, `expected an ExtractFileError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the file to be refused');
}

describe('the header', () => {
  it('takes names in any case, with spaces around them, in any order, leaving optional columns out', async () => {
    const read = await readExtractFile(fixture('bom-crlf.csv'), { today: '2025-06-30' });
    assert.deepEqual(read.issues, []);
    assert.deepEqual(
      read.rows.map((row) => [
        row.line,
        row.record_id,
        row.family_name,
        row.given_name,
        row.date_of_birth,
        row.fact,
        row.nhs_number,
      ]),
      [
        [2, 'P1', 'Okafor', 'Chidi', '2012-03-04', 'education.permanent_exclusion', null],
        [3, 'P1', 'Okafor', 'Chidi', '2012-03-04', null, null],
        [4, 'P2', 'Brown', 'Amy', '1990-07-30', 'work.out_of_work_benefit', null],
      ],
    );
  });

  it('refuses an empty file, naming the file and line 1', async () => {
    for (const text of ['', '\uFEFF', '\n\r\n']) {
      const error = await refusal(readBack(text));
      assert.match(error.message, /^partner\.csv, line 1: the file is empty: .*header row/);
    }
    const error = await refusal(readExtractFile(fixture('empty.csv')));
    assert.match(error.message, /^empty\.csv, line 1: the file is empty/);
  });

  it('reads a header with no rows as an empty extract', async () => {
    const read = await readExtractFile(fixture('header-only.csv'));
    assert.deepEqual(read.rows, []);
    assert.deepEqual(read.issues, []);
    assert.deepEqual(read.summary, {
      rowsRead: 0,
      rowsAccepted: 0,
      rowsRejected: 0,
      warnings: 0,
      records: 0,
      rejectedRecordIds: [],
      agreementBreaches: 0,
    });
  });

  it('refuses a header without record_id', async () => {
    const error = await refusal(readExtractFile(fixture('missing-record-id.csv')));
    assert.equal(error.column, 'record_id');
    assert.match(
      error.message,
      /^missing-record-id\.csv, line 1, column record_id: the header has no record_id column.*Add a record_id column.*"person" \(column 1\)/,
    );
  });

  it('refuses a column given twice, in any case', async () => {
    const error = await refusal(readExtractFile(fixture('duplicate-column.csv')));
    assert.equal(error.column, 'sex');
    assert.match(
      error.message,
      /^duplicate-column\.csv, line 1, column sex: sex is given twice.*column 4.*column 5.*keep one/,
    );
  });

  it('refuses unknown columns, naming them all and how to map or ignore them', async () => {
    const error = await refusal(readExtractFile(fixture('unknown-column.csv')));
    assert.equal(error.column, 'shoe_size');
    assert.match(
      error.message,
      /^unknown-column\.csv, line 1, column shoe_size: unknown columns "shoe_size" \(column 4\), "Notes" \(column 5\).*map or ignore/,
    );
  });

  it('refuses a fact column without fact_start', async () => {
    const error = await refusal(readExtractFile(fixture('fact-without-start.csv')));
    assert.equal(error.column, 'fact_start');
    assert.match(
      error.message,
      /^fact-without-start\.csv, line 1, column fact_start: the header has a fact column but no fact_start/,
    );
  });

  it('refuses a header column without a name', async () => {
    const error = await refusal(readBack('record_id,given_name,family_name,\nR1,Ann,Lee,\n'));
    assert.match(error.message, /^partner\.csv, line 1: column 4 of the header has no name.*extra comma/);
  });

  it('refuses a file that is not UTF-8 unless Latin-1 is declared', async () => {
    const error = await refusal(readExtractFile(fixture('latin1.csv')));
    assert.equal(error.line, 2);
    assert.match(
      error.message,
      /^latin1\.csv, line 2: the file is not UTF-8: the byte 0xEB .*CSV UTF-8.*latin1/,
    );
    const read = await readExtractFile(fixture('latin1.csv'), { encoding: 'latin1' });
    assert.deepEqual(
      read.rows.map((row) => row.given_name),
      ['Zoë', 'Siân'],
    );
  });

  it('refuses an unterminated quote, naming the line where the field starts', async () => {
    const error = await refusal(
      readBack('record_id,given_name,family_name\nR1,Ann,Lee\nR2,"Bob,Ray\nR3,Cy,Day\n'),
    );
    assert.equal(error.line, 3);
    assert.match(error.message, /^partner\.csv, line 3: a quoted field starts here/);
  });

  it('reads quoted line breaks, quotes and formula-looking values as data', async () => {
    const read = await readExtractFile(fixture('quoted.csv'));
    assert.deepEqual(read.issues, []);
    const [first, second, third] = read.rows;
    assert.deepEqual(
      [first?.line, first?.given_name, first?.address_line_1, first?.postcode, first?.lead_worker],
      [2, 'Siân "Sunny"', 'Flat 2, 10 High Street\nRear entrance', 'TN23 1AA', 'Team "North", Early Help'],
    );
    assert.deepEqual(
      [
        second?.line,
        second?.given_name,
        second?.family_name,
        second?.address_line_1,
        second?.town,
        second?.lead_worker,
      ],
      [4, '=HYPERLINK("http://evil.example")', '+Smith', '-1 Lane', '@Town', "=cmd|' /C calc'!A0"],
    );
    assert.equal(third?.line, 5);
  });

  it('gives the same events for every fixture read in 1-byte chunks or in one', async () => {
    for (const name of ['bom-crlf.csv', 'quoted.csv', 'header-only.csv', 'partner-layout.csv']) {
      const bytes = await readFile(fixture(name));
      const options = name === 'partner-layout.csv' ? { mapping: partnerMapping } : {};
      const whole = await readBack(bytes, options);
      assert.ok(whole.events.length > 0);
      assert.deepEqual((await readBack(bytes, options, 1)).events, whole.events, name);
    }
  });
});
