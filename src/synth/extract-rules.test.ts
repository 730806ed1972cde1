/**
 * Every extract keeps the rules of shared/spec/extract-format.md, checked here on their own terms;
 * the only values that break them are the identity noise the spec drops with a warning, and the
 * manifest counts those. The ingest validator is run too, as a partner upload would meet it.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { lookupFactCode } from '../facts/vocabulary.ts';
import { readExtractFile } from '../ingest/index.ts';
import { allRows, fixtureAsOf, type Row, smallCounty } from './county-fixture.test-support.ts';
import { isValidNhsNumber } from './nhs-numbers.ts';
import { sourceNames } from './sources.ts';

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const plainDecimal = /^-?\d+(?:\.\d+)?$/;

function isRealDate(text: string): boolean {
  if (!isoDate.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** What is wrong with a row's facts (each rejects the row), by the spec's words. */
function factProblems(row: Row): string[] {
  const problems: string[] = [];
  const code = row.fact ?? '';
  if (code === '') {
    if (row.fact_start || row.fact_end || row.fact_value) problems.push('fact dates or value without a fact');
    return problems;
  }
  const known = lookupFactCode(code);
  if (!known) return [`unknown code ${code}`];
  const start = row.fact_start ?? '';
  const end = row.fact_end ?? '';
  if (!isRealDate(start)) problems.push(`fact_start "${start}" is not a real date`);
  else if (start > fixtureAsOf) problems.push('fact_start after the upload day');
  if (end !== '' && !isRealDate(end)) problems.push(`fact_end "${end}" is not a real date`);
  if (end !== '' && end < start) problems.push('fact_end before fact_start');
  if (known.kind === 'event' && end !== '') problems.push(`${code} is an event with a fact_end`);
  const value = row.fact_value ?? '';
  if (value !== '') {
    if (!plainDecimal.test(value)) problems.push(`fact_value "${value}" is not a plain decimal`);
    const number = Number(value);
    if (!known.value && !code.startsWith('local.')) problems.push(`${code} carries no value`);
    if (known.value === 'percent' && (number < 0 || number > 100)) problems.push('absence outside 0-100');
    if (known.value === 'count' && (!Number.isInteger(number) || number < 0))
      problems.push('a count that is not whole');
    if (known.value === 'pounds' && number < 0) problems.push('negative pounds');
    if (known.value === 'hours' && (number < 0 || number > 168)) problems.push('hours outside 0-168');
  }
  return problems;
}

describe('extracts keep the rules of the standard format', () => {
  it('has a checker that finds what it looks for', () => {
    assert.deepEqual(
      factProblems({
        fact: 'education.absence',
        fact_start: '2025-01-06',
        fact_end: '2025-01-05',
        fact_value: '10%',
      }),
      ['fact_end before fact_start', 'fact_value "10%" is not a plain decimal'],
    );
    assert.deepEqual(
      factProblems({ fact: 'dv.victim', fact_start: '2025-02-30', fact_end: '2025-03-01', fact_value: '' }),
      ['fact_start "2025-02-30" is not a real date', 'dv.victim is an event with a fact_end'],
    );
  });

  it('rejects no row: facts have known codes, real dates, ends not before starts, plain values', async () => {
    const county = await smallCounty();
    const problems: string[] = [];
    for (const { source, row } of allRows(county)) {
      if (row.__fieldCount) problems.push(`${source} ${row.record_id}: ${row.__fieldCount} fields`);
      if (!row.record_id) problems.push(`${source}: a row without record_id`);
      for (const problem of factProblems(row)) problems.push(`${source} ${row.record_id}: ${problem}`);
    }
    assert.deepEqual(problems.slice(0, 10), []);
  });

  it('writes identity values that pass their checks, but for the invalid ones the manifest counts', async () => {
    const county = await smallCounty();
    for (const source of sourceNames) {
      let invalidNhs = 0;
      let impossibleBirth = 0;
      let uprnNotDigits = 0;
      for (const row of county.extracts.get(source) ?? []) {
        if (row.nhs_number && !isValidNhsNumber(row.nhs_number)) invalidNhs++;
        const born = row.date_of_birth ?? '';
        if (born !== '') {
          if (!isRealDate(born)) impossibleBirth++;
          else assert.ok(born <= fixtureAsOf, `${source} ${row.record_id}: born after the upload day`);
        }
        if (row.uprn && !/^\d{1,12}$/.test(row.uprn)) uprnNotDigits++;
        assert.ok(
          ['', 'F', 'M', 'X', 'U'].includes(row.sex ?? ''),
          `${source} ${row.record_id}: sex ${row.sex}`,
        );
      }
      const counts = county.summary.sources[source];
      assert.equal(invalidNhs, counts.rowsWithInvalidNhsNumber, `${source} NHS numbers`);
      assert.equal(impossibleBirth, counts.rowsWithImpossibleDateOfBirth, `${source} dates of birth`);
      assert.equal(uprnNotDigits, counts.rowsWithUprnNotDigits, `${source} UPRNs`);
    }
    const total = (
      key: 'rowsWithInvalidNhsNumber' | 'rowsWithImpossibleDateOfBirth' | 'rowsWithUprnNotDigits',
    ): number => sourceNames.reduce((sum, source) => sum + county.summary.sources[source][key], 0);
    assert.ok(total('rowsWithInvalidNhsNumber') > 0, 'a few NHS numbers are mistyped');
    assert.ok(total('rowsWithImpossibleDateOfBirth') > 0, 'a date of birth is impossible');
    assert.ok(total('rowsWithUprnNotDigits') > 0, 'a UPRN went through a spreadsheet');
    const rows = sourceNames.reduce((sum, source) => sum + county.summary.sources[source].rows, 0);
    assert.ok(
      total('rowsWithInvalidNhsNumber') +
        total('rowsWithImpossibleDateOfBirth') +
        total('rowsWithUprnNotDigits') <
        rows / 100,
      'noise is a small share',
    );
  });

  it('gives every record the identity an upload needs, even after invalid values are dropped', async () => {
    const county = await smallCounty();
    for (const source of sourceNames) {
      const identified = new Map<string, boolean>();
      for (const row of county.extracts.get(source) ?? []) {
        const nhs = row.nhs_number !== '' && isValidNhsNumber(row.nhs_number ?? '');
        const born = isRealDate(row.date_of_birth ?? '');
        const named = row.family_name !== '' && (row.given_name !== '' || born);
        identified.set(
          row.record_id as string,
          (identified.get(row.record_id as string) ?? false) || nhs || named,
        );
      }
      const missing = [...identified].filter(([, ok]) => !ok).map(([id]) => id);
      assert.deepEqual(missing, [], `${source} records without identity`);
    }
  });

  it('passes the ingest validator with no row or record rejected, and one warning per invalid value', async () => {
    const county = await smallCounty();
    for (const source of sourceNames) {
      const { summary, issues } = await readExtractFile(join(county.directory, `${source}.csv`), {
        today: fixtureAsOf,
      });
      const counts = county.summary.sources[source];
      assert.equal(
        summary.rowsRejected,
        0,
        `${source}: ${issues.find((issue) => issue.severity === 'error')?.message}`,
      );
      assert.deepEqual(summary.rejectedRecordIds, [], source);
      assert.equal(summary.rowsAccepted, counts.rows, source);
      assert.equal(summary.records, counts.records, source);
      assert.equal(
        summary.warnings,
        counts.rowsWithInvalidNhsNumber + counts.rowsWithImpossibleDateOfBirth + counts.rowsWithUprnNotDigits,
        source,
      );
    }
  });
});
