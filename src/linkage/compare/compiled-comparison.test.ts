import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { combinedLocationComparison, defaultModel } from '../default-model.ts';
import { buildRecordTable } from '../record-table.ts';
import type { IdentityValues } from '../records.ts';
import { CompiledComparison, namesSwapped } from './compiled-comparison.ts';

const tableOf = (...variants: IdentityValues[][]) =>
  buildRecordTable(
    variants.map((values, index) => ({ source: 's', recordId: String(index), variants: values })),
  );

describe('compiled comparisons', () => {
  it('compares a record’s every variant and takes the best level', () => {
    const table = tableOf(
      [{ postcode: 'LS6 2AB' }, { postcode: 'BD1 1AA' }],
      [{ postcode: 'BD1 1AA' }],
      [{ postcode: 'LS6 2XY' }],
      [{}],
    );
    const model = combinedLocationComparison();
    const postcode = new CompiledComparison(
      {
        output_column_name: 'postcode',
        comparison_description: 'Postcode',
        comparison_levels: [
          {
            sql_condition: '',
            label_for_charts: 'null',
            is_null_level: true,
            kindred_test: { test: 'null', column: 'postcode' },
          },
          {
            sql_condition: '',
            label_for_charts: 'exact',
            kindred_test: { test: 'exact', column: 'postcode' },
          },
          {
            sql_condition: '',
            label_for_charts: 'sector',
            kindred_test: { test: 'postcode_sector', column: 'postcode' },
          },
          { sql_condition: '', label_for_charts: 'else', kindred_test: { test: 'else' } },
        ],
      },
      table,
    );
    assert.equal(postcode.compare(0, 1), 1);
    assert.equal(postcode.compare(0, 2), 2);
    assert.equal(postcode.compare(1, 2), 3);
    assert.equal(postcode.compare(0, 3), 0);
    const location = new CompiledComparison(model, table);
    assert.equal(model.comparison_levels[location.compare(0, 2)]!.label_for_charts, 'Same postcode sector');
    assert.equal(location.compare(0, 3), 0);
  });

  it('gives the same levels once it stops remembering value pairs that seldom meet again', () => {
    // 400 dates of birth, each pair met once: past the trial of the cache, which then stops.
    const dates = Array.from({ length: 400 }, (_, n) => {
      const day = new Date(Date.UTC(1975, 0, 1) + (n % 2 === 0 ? n * 19 : n * 3) * 86_400_000);
      return day.toISOString().slice(0, 10);
    });
    dates.push('1980-03-04', '1980-04-03');
    const table = tableOf(...dates.map((date_of_birth) => [{ date_of_birth }]));
    const spec = defaultModel().comparisons.find((each) => each.output_column_name === 'date_of_birth')!;
    const comparison = new CompiledComparison(spec, table);
    const levels = (): number[] => {
      const found: number[] = [];
      for (let i = 0; i < table.size; i++)
        for (let j = i + 1; j < table.size; j++) found.push(comparison.compare(i, j));
      return found;
    };
    const first = levels();
    assert.ok(first.length > 1 << 16);
    assert.ok(new Set(first).size >= 4, 'exact, swapped, near and far dates all met');
    assert.equal(comparison.compare(table.size - 2, table.size - 1), 2, 'day and month swapped');
    assert.deepEqual(levels(), first);
  });

  it('compares names crosswise only when they were entered the other way round', () => {
    const table = tableOf(
      [{ given_name: 'Isla', family_name: 'Hall' }],
      [{ given_name: 'Hall', family_name: 'Isla' }],
      [{ given_name: 'Englefield' }],
      [{ given_name: 'Arthur', family_name: 'Englefield' }],
      [{ given_name: 'Ali', family_name: 'Guled' }],
      [{ given_name: 'Omar', family_name: 'Ali' }],
    );
    assert.ok(namesSwapped(table, 0, 1));
    assert.ok(namesSwapped(table, 2, 3), 'a family name entered as the only name');
    assert.ok(!namesSwapped(table, 4, 5), 'a father’s given name as the child’s family name is not a swap');
    assert.ok(!namesSwapped(table, 0, 0));
  });
});
