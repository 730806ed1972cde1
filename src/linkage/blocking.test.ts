import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { countyFromDirectory } from '../../bench/linkage-datasets.ts';
import { generateCounty } from '../synth/index.ts';
import { type BlockingRuleSpec, blockPairs, ruleKeys } from './blocking.ts';
import { defaultModel } from './default-model.ts';
import { buildRecordTable, type RecordTable } from './record-table.ts';
import type { LinkageRecord } from './records.ts';

/**
 * Splink's candidate pairs worked out the slow way: every pair of records, found by the first rule
 * under which they share a key whose block is neither alone nor larger than the rule allows.
 */
function pairsByBruteForce(
  table: RecordTable,
  rules: readonly BlockingRuleSpec[],
  newFrom = 0,
): Map<string, number> {
  const pairedKeys = rules.map((spec) => {
    const keys = ruleKeys(table, spec.blocking_rule);
    const sizes = new Map<number, number>();
    for (const key of keys.keys) sizes.set(key, (sizes.get(key) ?? 0) + 1);
    const max = spec.kindred_max_block_size ?? Number.POSITIVE_INFINITY;
    return Array.from({ length: table.size }, (_, record) =>
      Array.from(keys.keys.subarray(keys.offsets[record]!, keys.offsets[record + 1]!)).filter((key) => {
        const size = sizes.get(key)!;
        return size >= 2 && size <= max;
      }),
    );
  });
  const found = new Map<string, number>();
  for (let a = 0; a < table.size; a++) {
    for (let b = a + 1; b < table.size; b++) {
      if (b < newFrom) continue;
      const rule = pairedKeys.findIndex((keys) => keys[a]!.some((key) => keys[b]!.includes(key)));
      if (rule >= 0) found.set(`${a} ${b}`, rule);
    }
  }
  return found;
}

function pairsFound(
  table: RecordTable,
  rules: readonly BlockingRuleSpec[],
  newFrom = 0,
): Map<string, number> {
  const { pairs } = blockPairs(table, rules, { newFrom });
  const found = new Map<string, number>();
  for (let p = 0; p < pairs.count; p++) {
    const key = `${pairs.left[p]} ${pairs.right[p]}`;
    assert.ok(!found.has(key), `pair ${key} found twice`);
    assert.ok(pairs.left[p]! < pairs.right[p]!, `pair ${key} is not lower record first`);
    found.set(key, pairs.rule[p]!);
  }
  return found;
}

describe('blocking', () => {
  it('finds each pair once, by the first rule that joins it, on a synthetic county', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'kindred-blocking-'));
    try {
      await generateCounty({ people: 400, seed: 3, asOf: '2025-11-01', outDir: directory });
      const { records } = await countyFromDirectory(directory);
      // Records with two variants have several keys under a rule: some are kept apart by an earlier rule only through them.
      const withVariants: LinkageRecord[] = records.map((record, index) =>
        index % 7 === 0 && records[index + 1]
          ? { ...record, variants: [...record.variants, ...records[index + 1]!.variants] }
          : record,
      );
      const table = buildRecordTable(withVariants);
      // The default rules, with small blocks on some so that skipped blocks leave pairs to later rules.
      const rules = defaultModel().blocking_rules_to_generate_predictions.map((rule, index) =>
        index % 3 === 1 ? { ...rule, kindred_max_block_size: 3 } : rule,
      );
      const expected = pairsByBruteForce(table, rules);
      assert.ok(expected.size > 1000, `only ${expected.size} pairs`);
      assert.deepEqual(pairsFound(table, rules), expected);
      const newFrom = Math.floor(table.size * 0.8);
      assert.deepEqual(pairsFound(table, rules, newFrom), pairsByBruteForce(table, rules, newFrom));
      // A worker finding each rule's pairs while the next rule's blocks are made finds the same, in the same order.
      const here = blockPairs(table, rules, { minRecordsForWorker: Number.POSITIVE_INFINITY });
      const withWorker = blockPairs(table, rules, { minRecordsForWorker: 0 });
      assert.equal(withWorker.workerRules, rules.length);
      assert.equal(here.workerRules, 0);
      assert.equal(withWorker.pairs.count, here.pairs.count);
      assert.deepEqual(withWorker.pairs.left, here.pairs.left);
      assert.deepEqual(withWorker.pairs.right, here.pairs.right);
      assert.deepEqual(withWorker.pairs.rule, here.pairs.rule);
      assert.deepEqual(withWorker.analysis, here.analysis);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('counts the pairs each rule adds in its analysis', () => {
    const record = (recordId: string, family_name: string, date_of_birth: string, town: string) => ({
      source: 'a',
      recordId,
      variants: [{ given_name: 'Ann', family_name, date_of_birth, town }],
    });
    const table = buildRecordTable([
      record('1', 'Smith', '1980-01-02', 'Leeds'),
      record('2', 'Smith', '1980-01-02', 'Leeds'),
      record('3', 'Smith', '1990-05-06', 'Leeds'),
      record('4', 'Jones', '1990-05-06', 'York'),
    ]);
    const { pairs, analysis } = blockPairs(table, [
      'l.family_name = r.family_name and l.date_of_birth = r.date_of_birth',
      'l.family_name = r.family_name',
      'l.date_of_birth = r.date_of_birth',
    ]);
    assert.equal(pairs.count, 4);
    assert.deepEqual(
      analysis.map((rule) => [rule.pairs, rule.pairs_before_exclusion]),
      [
        [1, 1],
        [2, 3],
        [1, 2],
      ],
    );
  });
});
