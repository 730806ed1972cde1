import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ColumnMappingError, checkColumnMapping } from './column-mapping.ts';
import { dateFormatProblems, dateReader } from './date-format.ts';
import { ExtractFileError } from './extract-issue.ts';
import { partnerMapping, readBack } from './fixtures/extracts.ts';
import { readExtractFile } from './read-extract.ts';

const partnerLayout = new URL('fixtures/partner-layout.csv', import.meta.url).pathname;

describe('a partner’s own layout through a saved mapping', () => {
  it('renames, ignores, reads its dates and maps its values', async () => {
    const read = await readExtractFile(partnerLayout, { mapping: partnerMapping, today: '2025-06-30' });
    assert.deepEqual(
      read.rows.map((row) => [
        row.line,
        row.record_id,
        row.given_name,
        row.date_of_birth,
        row.sex,
        row.fact,
        row.fact_start,
      ]),
      [
        [2, 'C-001', 'Ann', '2012-03-04', 'F', 'children.child_in_need', '2024-09-01'],
        [3, 'C-001', 'Ann', '2012-03-04', 'F', 'children.child_protection_plan', '2024-10-15'],
        [4, 'C-002', 'Ben', '2011-12-01', 'M', 'children.child_in_need', '2024-09-30'],
      ],
    );
    assert.deepEqual(
      read.issues.map((issue) => [issue.line, issue.column, issue.severity]),
      [[5, 'fact', 'error']],
    );
  });

  it('warns about a mapped date that is not real, naming the layout when the shape is wrong', async () => {
    const header = 'Person ID,Surname,Forename,DOB\n';
    const read = await readBack(`${header}A,Lee,Ann,31/02/2010\nB,Ray,Ben,2010/02/01\n`, {
      mapping: partnerMapping,
    });
    assert.deepEqual(
      read.issues.map((issue) => [issue.line, issue.column, issue.severity]),
      [
        [2, 'date_of_birth', 'warning'],
        [3, 'date_of_birth', 'warning'],
      ],
    );
    assert.match(read.issues[1]!.message, /YYYY-MM-DD or DD\/MM\/YYYY/);
  });

  it('still refuses columns the mapping neither maps nor ignores', async () => {
    const mapping = { ...partnerMapping, ignore: [] };
    await assert.rejects(readExtractFile(partnerLayout, { mapping }), (error) => {
      assert.ok(error instanceof ExtractFileError);
      assert.equal(error.column, 'Internal Notes');
      return true;
    });
    await assert.rejects(
      readExtractFile(partnerLayout),
      /no record_id column.*does not know: "Person ID" \(column 1\)/,
    );
  });

  it('refuses two columns that map onto one standard column', async () => {
    await assert.rejects(
      readBack('Person ID,record_id,family_name,given_name\n1,1,Lee,Ann\n', { mapping: partnerMapping }),
      /line 1, column record_id: record_id is given twice, by "Person ID" \(column 1\) and by "record_id" \(column 2\)/,
    );
  });

  it('reads compact dates', async () => {
    const read = await readBack('record_id,family_name,date_of_birth\n1,Lee,20120304\n2,Lee,2012-03-05\n', {
      mapping: { dateFormats: { date_of_birth: 'YYYYMMDD' } },
    });
    assert.deepEqual(
      read.rows.map((row) => row.date_of_birth),
      ['2012-03-04', '2012-03-05'],
    );
  });
});

describe('checkColumnMapping', () => {
  it('accepts a well-formed mapping', () => {
    assert.equal(checkColumnMapping(partnerMapping), partnerMapping);
  });

  it('names every problem of a mapping it refuses', () => {
    assert.throws(
      () =>
        checkColumnMapping({
          renames: { 'Person ID': 'person_id' },
          dateFormats: { date_of_birth: 'DD/MM/YY', town: 'YYYY' },
          values: { shoe_size: {} },
          colours: true,
        }),
      (error) => {
        assert.ok(error instanceof ColumnMappingError);
        assert.equal(error.problems.length, 6);
        assert.match(error.message, /"Person ID" → "person_id" is not a standard column/);
        assert.match(error.message, /"DD\/MM\/YY" must hold YYYY exactly once/);
        assert.match(error.message, /town is not a date column/);
        assert.match(error.message, /shoe_size is not a standard column/);
        assert.match(error.message, /"colours" is not part of a mapping/);
        return true;
      },
    );
  });

  it('is applied before reading', async () => {
    await assert.rejects(
      readBack('record_id\n1\n', { mapping: { renames: { a: 'b' } } as never }),
      ColumnMappingError,
    );
  });
});

describe('date layouts', () => {
  it('reads day-first, month-first and compact layouts into ISO dates', () => {
    assert.equal(dateReader('DD/MM/YYYY')('04/03/2012'), '2012-03-04');
    assert.equal(dateReader('DD/MM/YYYY')('4/3/2012'), '2012-03-04');
    assert.equal(dateReader('DD/MM/YYYY')('04/03/2012 00:00:00'), '2012-03-04');
    assert.equal(dateReader('MM/DD/YYYY')('03/04/2012'), '2012-03-04');
    assert.equal(dateReader('D.M.YYYY')('4.3.2012'), '2012-03-04');
    assert.equal(dateReader('YYYYMMDD')('20120304'), '2012-03-04');
  });

  it('gives null for text of another shape', () => {
    assert.equal(dateReader('DD/MM/YYYY')('2012-03-04'), null);
    assert.equal(dateReader('DD/MM/YYYY')('04/03/12'), null);
    assert.equal(dateReader('YYYYMMDD')('2012034'), null);
  });

  it('refuses layouts without each part exactly once', () => {
    assert.deepEqual(dateFormatProblems('DD-MM-YYYY'), []);
    assert.equal(dateFormatProblems('DD/MM').length, 1);
    assert.equal(dateFormatProblems('DD/MMM/YYYY').length, 1);
  });
});
