import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ann, readBack, readOne } from './fixtures/extracts.ts';

/** The only issue of a one-row extract, checked to name the file, line 2 and the column. */
function onlyIssue(
  issues: readonly { file: string; line: number; column: string | null; message: string }[],
  column: string,
) {
  assert.equal(issues.length, 1, `expected one issue, got ${JSON.stringify(issues)}`);
  const issue = issues[0]!;
  assert.equal(issue.file, 'partner.csv');
  assert.equal(issue.line, 2);
  assert.equal(issue.column, column);
  assert.ok(issue.message.includes(column), `the message names ${column}: ${issue.message}`);
  return issues[0]! as (typeof issues)[number] & { severity: string; agreementBreach?: true };
}

describe('identity columns', () => {
  it('keeps an NHS number that passes modulus 11, without its spaces', async () => {
    const { row, issues } = await readOne({ ...ann, nhs_number: '943 476 5919' });
    assert.equal(row?.nhs_number, '9434765919');
    assert.deepEqual(issues, []);
  });

  it('drops an NHS number that fails modulus 11 or is not 10 digits, with a warning, and keeps the row', async () => {
    for (const nhsNumber of ['943 476 5918', '94347659', '943476591X', '1111111111']) {
      const { row, issues } = await readOne({ ...ann, nhs_number: nhsNumber });
      assert.equal(row?.nhs_number, null, nhsNumber);
      assert.equal(row?.given_name, 'Ann');
      assert.equal(onlyIssue(issues, 'nhs_number').severity, 'warning');
    }
  });

  it('keeps a real date of birth, leap days included', async () => {
    const { row, issues } = await readOne({ ...ann, date_of_birth: '2024-02-29' });
    assert.equal(row?.date_of_birth, '2024-02-29');
    assert.deepEqual(issues, []);
  });

  it('drops an impossible, misshapen or future date of birth with a warning', async () => {
    for (const date of ['2025-02-30', '2023-02-29', '2025-13-01', '04/03/2012', '2012-3-4', '2025-07-01']) {
      const { row, issues } = await readOne({ ...ann, date_of_birth: date });
      assert.equal(row?.date_of_birth, null, date);
      assert.equal(onlyIssue(issues, 'date_of_birth').severity, 'warning');
    }
  });

  it('accepts a date of birth on the upload day, and old ones (historical records are linked too)', async () => {
    assert.equal((await readOne({ ...ann, date_of_birth: '2025-06-30' })).row?.date_of_birth, '2025-06-30');
    assert.equal((await readOne({ ...ann, date_of_birth: '1855-01-01' })).row?.date_of_birth, '1855-01-01');
  });

  it('keeps the sex codes, in either case, and drops others with a warning', async () => {
    for (const [given, kept] of [
      ['F', 'F'],
      ['m', 'M'],
      ['X', 'X'],
      ['U', 'U'],
      ['', null],
    ] as const) {
      const { row, issues } = await readOne({ ...ann, sex: given });
      assert.equal(row?.sex, kept);
      assert.deepEqual(issues, []);
    }
    const { row, issues } = await readOne({ ...ann, sex: 'Female' });
    assert.equal(row?.sex, null);
    assert.equal(onlyIssue(issues, 'sex').severity, 'warning');
  });

  it('keeps a UPRN of digits and drops anything else with a warning', async () => {
    assert.equal((await readOne({ ...ann, uprn: '100023336956' })).row?.uprn, '100023336956');
    for (const uprn of ['1.00023E+11', '10002333695A', '1000233369561']) {
      const { row, issues } = await readOne({ ...ann, uprn });
      assert.equal(row?.uprn, null);
      assert.equal(onlyIssue(issues, 'uprn').severity, 'warning');
    }
  });

  it('writes UK postcodes in canonical form and keeps others upper case without spaces', async () => {
    for (const [given, kept] of [
      ['sw1a1aa', 'SW1A 1AA'],
      [' SW1A  1AA ', 'SW1A 1AA'],
      ['tn23 1aa', 'TN23 1AA'],
      ['m1 1ae', 'M1 1AE'],
      ['gir 0aa', 'GIR 0AA'],
      ['bfpo 105', 'BFPO105'],
      ['75008 Paris', '75008PARIS'],
    ] as const) {
      const { row, issues } = await readOne({ ...ann, postcode: given });
      assert.equal(row?.postcode, kept, given);
      assert.deepEqual(issues, []);
    }
  });

  it('keeps names and addresses as recorded, trimmed, and empty values as null', async () => {
    const { row } = await readOne({
      ...ann,
      given_name: '  Mary Ann ',
      address_line_1: '1 High St',
      town: '',
    });
    assert.equal(row?.given_name, 'Mary Ann');
    assert.equal(row?.address_line_1, '1 High St');
    assert.equal(row?.town, null);
  });

  it('keeps formula-looking values as data', async () => {
    const { row } = await readOne({
      ...ann,
      given_name: '=HYPERLINK("http://x")',
      address_line_1: '+1',
      town: '@Town',
    });
    assert.equal(row?.given_name, '=HYPERLINK("http://x")');
    assert.equal(row?.address_line_1, '+1');
    assert.equal(row?.town, '@Town');
  });

  it('rejects a row without record_id', async () => {
    const { row, issues } = await readOne({ ...ann, record_id: '' });
    assert.equal(row, undefined);
    assert.equal(onlyIssue(issues, 'record_id').severity, 'error');
  });
});

describe('fact columns', () => {
  const fact = { ...ann, fact: 'children.child_in_need', fact_start: '2024-09-01' };

  it('accepts an identity-only row and a fact row', async () => {
    const read = await readBack(
      `record_id,given_name,family_name,fact,fact_start,fact_end,fact_value\nR1,Ann,Lee,,,,\nR1,Ann,Lee,children.child_in_need,2024-09-01,2025-03-31,\n`,
    );
    assert.deepEqual(read.issues, []);
    assert.equal(read.rows[0]?.fact, null);
    assert.deepEqual(
      [read.rows[1]?.fact, read.rows[1]?.fact_start, read.rows[1]?.fact_end, read.rows[1]?.fact_value],
      ['children.child_in_need', '2024-09-01', '2025-03-31', null],
    );
  });

  it('accepts local codes and codes in upper case', async () => {
    assert.equal((await readOne({ ...fact, fact: 'local.family_hub' })).row?.fact, 'local.family_hub');
    assert.equal(
      (await readOne({ ...fact, fact: 'CRIME.Proven_Offence' })).row?.fact,
      'crime.proven_offence',
    );
  });

  it('rejects an unknown code', async () => {
    for (const code of ['crime.burglary', 'CIN', 'local.', 'local.Has Space']) {
      const { row, issues } = await readOne({ ...fact, fact: code });
      assert.equal(row, undefined, code);
      const issue = onlyIssue(issues, 'fact');
      assert.equal(issue.severity, 'error');
      assert.equal(issue.agreementBreach, undefined);
    }
  });

  it('rejects a code the agreement does not cover, marked as an agreement breach', async () => {
    const allowedFactCodes = new Set(['children.child_in_need']);
    assert.deepEqual((await readOne(fact, { allowedFactCodes })).issues, []);
    for (const code of ['health.mental_health', 'crime.burglary']) {
      const { row, issues, summary } = await readOne({ ...fact, fact: code }, { allowedFactCodes });
      assert.equal(row, undefined);
      const issue = onlyIssue(issues, 'fact');
      assert.equal(issue.severity, 'error');
      assert.equal(issue.agreementBreach, true, code);
      assert.equal(summary.agreementBreaches, 1);
    }
  });

  it('rejects a missing, impossible, misshapen or future fact_start', async () => {
    for (const start of ['', '2025-02-30', '01/09/2024', '2025-07-01']) {
      const { row, issues } = await readOne({ ...fact, fact_start: start });
      assert.equal(row, undefined, start);
      assert.equal(onlyIssue(issues, 'fact_start').severity, 'error');
    }
  });

  it('accepts a fact starting on the upload day', async () => {
    assert.equal((await readOne({ ...fact, fact_start: '2025-06-30' })).row?.fact_start, '2025-06-30');
  });

  it('accepts a fact_end in the future or on fact_start, and rejects one before fact_start or impossible', async () => {
    assert.equal((await readOne({ ...fact, fact_end: '2027-01-31' })).row?.fact_end, '2027-01-31');
    assert.equal((await readOne({ ...fact, fact_end: '2024-09-01' })).row?.fact_end, '2024-09-01');
    for (const end of ['2024-08-31', '2024-09-31', 'ongoing']) {
      const { row, issues } = await readOne({ ...fact, fact_end: end });
      assert.equal(row, undefined, end);
      assert.equal(onlyIssue(issues, 'fact_end').severity, 'error');
    }
  });

  it('ignores a fact_end on an event with a warning, and keeps the row', async () => {
    const { row, issues } = await readOne({ ...fact, fact: 'crime.proven_offence', fact_end: '2024-09-02' });
    assert.equal(row?.fact_end, null);
    assert.equal(row?.fact, 'crime.proven_offence');
    assert.equal(onlyIssue(issues, 'fact_end').severity, 'warning');
  });

  it('accepts a measure without fact_end (it runs to the assessment date)', async () => {
    const { row, issues } = await readOne({ ...fact, fact: 'education.absence', fact_value: '12.5' });
    assert.deepEqual([row?.fact_end, row?.fact_value], [null, 12.5]);
    assert.deepEqual(issues, []);
  });

  it('accepts plain decimal values and rejects anything else', async () => {
    const absence = { ...fact, fact: 'education.absence' };
    for (const [given, kept] of [
      ['10', 10],
      ['9.95', 9.95],
      ['0', 0],
      ['100', 100],
    ] as const) {
      assert.equal((await readOne({ ...absence, fact_value: given })).row?.fact_value, kept);
    }
    for (const value of ['10%', '1,5', '.5', '5.', '1e1', '£5', 'ten', '100.01', '-1']) {
      const { row, issues } = await readOne({ ...absence, fact_value: value });
      assert.equal(row, undefined, value);
      assert.equal(onlyIssue(issues, 'fact_value').severity, 'error');
    }
  });

  it('checks values against what the code measures', async () => {
    const exclusion = { ...fact, fact: 'education.fixed_term_exclusion' };
    assert.equal((await readOne({ ...exclusion, fact_value: '2' })).row?.fact_value, 2);
    assert.equal((await readOne({ ...exclusion, fact_value: '1.5' })).row, undefined);
    assert.equal(
      (await readOne({ ...fact, fact: 'work.financial_exclusion', fact_value: '1520.75' })).row?.fact_value,
      1520.75,
    );
    assert.equal((await readOne({ ...fact, fact: 'work.employment', fact_value: '200' })).row, undefined);
    assert.equal((await readOne({ ...fact, fact: 'local.hours', fact_value: '-3' })).row?.fact_value, -3);
  });

  it('ignores a value on a code that carries none, with a warning', async () => {
    const { row, issues } = await readOne({ ...fact, fact_value: '3' });
    assert.equal(row?.fact_value, null);
    assert.equal(onlyIssue(issues, 'fact_value').severity, 'warning');
  });

  it('rejects fact dates or values given without a fact code', async () => {
    const { row, issues } = await readOne({ ...ann, fact_start: '2024-01-01' });
    assert.equal(row, undefined);
    assert.equal(onlyIssue(issues, 'fact').severity, 'error');
  });

  it('reports every error of a rejected row, and not its warnings', async () => {
    const { row, issues } = await readOne({
      ...fact,
      nhs_number: '123',
      fact: 'nope',
      fact_start: '2025-02-30',
    });
    assert.equal(row, undefined);
    assert.deepEqual(
      issues.map((issue) => [issue.column, issue.severity]),
      [
        ['fact', 'error'],
        ['fact_start', 'error'],
      ],
    );
  });
});

describe('rows', () => {
  it('rejects a row with the wrong number of fields, and keeps reading', async () => {
    const read = await readBack(
      'record_id,given_name,family_name\nR1,Ann,Lee\nR2,Bob\nR3,Cy,Day,extra\nR4,Di,Fox\n',
    );
    assert.deepEqual(
      read.rows.map((row) => row.record_id),
      ['R1', 'R4'],
    );
    assert.deepEqual(
      read.issues.map((issue) => [issue.line, issue.column, issue.severity]),
      [
        [3, null, 'error'],
        [4, null, 'error'],
      ],
    );
    assert.match(read.issues[0]!.message, /2 fields but the header has 3/);
  });

  it('rejects a row whose quoting is broken, naming the column', async () => {
    const read = await readBack('record_id,given_name,family_name\nR1,"Ann"ie,Lee\n');
    assert.equal(read.rows.length, 0);
    assert.deepEqual([read.issues[0]?.line, read.issues[0]?.column], [2, 'given_name']);
  });

  it('numbers rows by the line where they start, after quoted line breaks', async () => {
    const read = await readBack(
      'record_id,given_name,family_name,address_line_1,sex\nR1,Ann,Lee,"1 High St\nAshford",F\nR2,Bob,Ray,,Q\n',
    );
    assert.deepEqual(
      read.rows.map((row) => row.line),
      [2, 4],
    );
    assert.equal(read.issues[0]?.line, 4);
  });

  it('skips blank lines and rows of empty fields', async () => {
    const read = await readBack('record_id,given_name,family_name\n\nR1,Ann,Lee\n,,\n  ,,\n');
    assert.equal(read.summary.rowsRead, 1);
    assert.deepEqual(read.issues, []);
  });
});

describe('the record rule', () => {
  it('rejects, at the end, a record with no identifying row, naming its first line', async () => {
    const read = await readBack(
      'record_id,nhs_number,given_name,family_name,date_of_birth\n' +
        'A,,Ann,,\n' + // line 2: given name only
        'B,,,Bell,1990-01-01\n' + // line 3: family name and date of birth: enough
        'A,,Ann,,1990-01-01\n' + // line 4: still no family name
        'C,9434765919,,,\n' + // line 5: an NHS number is enough
        'D,,Dee,Day,2025-02-30\n' + // line 6: family and given name are enough
        'E,9434765918,,Eve,2030-01-01\n' + // line 7: both dropped, family name alone is not enough
        'F,,,Fox,\n' + // line 8: family name alone…
        'F,,Fay,,\n', // line 9: …and given name on another row: not on the same row
    );
    const ending = read.events.slice(-4);
    assert.deepEqual(
      ending.map((event) => (event as { kind: string }).kind),
      ['issue', 'issue', 'issue', 'end'],
    );
    const recordIssues = read.issues.filter((issue) => issue.column === 'record_id');
    assert.deepEqual(
      recordIssues.map((issue) => [issue.line, issue.severity]),
      [
        [2, 'error'],
        [7, 'error'],
        [8, 'error'],
      ],
    );
    assert.match(recordIssues[0]!.message, /record A .*2 rows are rejected/);
    assert.deepEqual(read.summary.rejectedRecordIds, ['A', 'E', 'F']);
    assert.deepEqual(read.summary, {
      rowsRead: 8,
      rowsAccepted: 3,
      rowsRejected: 5,
      warnings: 3,
      records: 3,
      rejectedRecordIds: ['A', 'E', 'F'],
      agreementBreaches: 0,
    });
  });

  it('counts only accepted rows toward a record’s identity', async () => {
    const read = await readBack(
      'record_id,given_name,family_name,fact,fact_start\nG,Gil,Gray,nope,2024-01-01\nG,,,crime.proven_offence,2024-01-01\n',
    );
    assert.deepEqual(read.summary.rejectedRecordIds, ['G']);
    assert.equal(read.issues.at(-1)?.line, 2);
  });
});
