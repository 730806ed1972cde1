import { PairIndex } from './pair-index.ts';
import { type ColumnName, columnNames, type RecordTable, sharedInt32 } from './record-table.ts';

/** Parses `l.a = r.a and l.b = r.b` into the columns it joins on. */
export function blockingColumns(rule: string): ColumnName[] {
  const columns: ColumnName[] = [];
  for (const part of rule.split(/\s+and\s+/i)) {
    const join = /^\s*l\.(\w+)\s*=\s*r\.(\w+)\s*$/i.exec(part);
    if (!join || join[1] !== join[2]) {
      throw new Error(
        `Blocking rule "${rule}": each part must read l.column = r.column, got "${part.trim()}".`,
      );
    }
    const column = join[1] as ColumnName;
    if (!columnNames.includes(column)) {
      throw new Error(
        `Blocking rule "${rule}": unknown column "${column}" (known: ${columnNames.join(', ')}).`,
      );
    }
    columns.push(column);
  }
  return columns;
}

/** Each record's blocking keys under one rule, sorted, as ids of the rule's key values. */
export interface RuleKeys {
  rule: string;
  offsets: Int32Array;
  keys: Int32Array;
  keyCount: number;
}

/** Records with more combinations than this keep only the first ones (a record with many variants). */
const maxKeysPerRecord = 32;

/**
 * Working arrays that blocking keeps from rule to rule and from call to call on one table: every large
 * typed array made anew counts towards V8's external memory, and with a million records on the heap
 * each collection that sets off takes seconds.
 */
class BlockingScratch {
  readonly combined: PairIndex;
  private readonly arrays = new Map<string, Int32Array>();

  constructor(size: number) {
    this.combined = new PairIndex(size);
  }

  /** An Int32Array of at least `length` under this name (its contents are left as they were). */
  int32(name: string, length: number): Int32Array {
    let array = this.arrays.get(name);
    if (!array || array.length < length) {
      array = new Int32Array(Math.max(length, Math.ceil((array?.length ?? 0) * 1.5)));
      this.arrays.set(name, array);
    }
    return array.subarray(0, length);
  }
}

const scratchOfTable = new WeakMap<RecordTable, BlockingScratch>();

function scratchFor(table: RecordTable): BlockingScratch {
  let scratch = scratchOfTable.get(table);
  if (!scratch) {
    scratch = new BlockingScratch(table.size);
    scratchOfTable.set(table, scratch);
  }
  return scratch;
}

/** Each record's keys under one rule; the arrays are the table's blocking scratch, good until the next rule. */
export function ruleKeys(table: RecordTable, rule: string): RuleKeys {
  const columns = blockingColumns(rule).map((name) => table.columns[name]);
  const first = columns[0]!;
  const scratch = scratchFor(table);
  if (columns.length === 1) {
    const keys = scratch.int32('keys', first.ids.length);
    keys.set(first.ids);
    for (let record = 0; record + 1 < first.offsets.length; record++) {
      const start = first.offsets[record]!;
      const end = first.offsets[record + 1]!;
      if (end - start > 1) keys.subarray(start, end).sort();
    }
    return { rule, offsets: first.offsets, keys, keyCount: first.values.length };
  }
  const combined = scratch.combined;
  combined.clear();
  const offsets = scratch.int32('offsets', table.size + 1);
  offsets[0] = 0;
  let keys = scratch.int32('keys', table.size + maxKeysPerRecord);
  let count = 0;
  let current: number[] = [];
  let next: number[] = [];
  for (let record = 0; record < table.size; record++) {
    if (count + maxKeysPerRecord > keys.length) {
      const kept = keys.slice(0, count);
      keys = scratch.int32('keys', keys.length * 2 + maxKeysPerRecord);
      keys.set(kept);
    }
    // Most records have one value in each column: one key, made without lists.
    let values = 1;
    for (const column of columns) values *= column.offsets[record + 1]! - column.offsets[record]!;
    if (values === 0) {
      offsets[record + 1] = count;
      continue;
    }
    if (values === 1) {
      let key = first.ids[first.offsets[record]!]!;
      for (let c = 1; c < columns.length; c++) {
        const column = columns[c]!;
        key = combined.intern(key, column.ids[column.offsets[record]!]!);
      }
      keys[count++] = key;
      offsets[record + 1] = count;
      continue;
    }
    current.length = 0;
    for (let p = first.offsets[record]!; p < first.offsets[record + 1]!; p++) current.push(first.ids[p]!);
    for (let c = 1; c < columns.length && current.length > 0; c++) {
      const column = columns[c]!;
      next.length = 0;
      for (const key of current) {
        for (let p = column.offsets[record]!; p < column.offsets[record + 1]!; p++) {
          if (next.length >= maxKeysPerRecord) break;
          next.push(combined.intern(key, column.ids[p]!));
        }
      }
      [current, next] = [next, current];
    }
    if (current.length > 1) current.sort((a, b) => a - b);
    for (const key of current) keys[count++] = key;
    offsets[record + 1] = count;
  }
  return { rule, offsets, keys: keys.subarray(0, count), keyCount: combined.size + 1 };
}

/** True when the two records share a key below `below` (all keys when omitted). */
function sharesKey(keys: RuleKeys, i: number, j: number, below = Number.POSITIVE_INFINITY): boolean {
  let p = keys.offsets[i]!;
  const pEnd = keys.offsets[i + 1]!;
  let q = keys.offsets[j]!;
  const qEnd = keys.offsets[j + 1]!;
  while (p < pEnd && q < qEnd) {
    const a = keys.keys[p]!;
    const b = keys.keys[q]!;
    if (a >= below || b >= below) return false;
    if (a === b) return true;
    if (a < b) p++;
    else q++;
  }
  return false;
}

/** Record pairs to compare, left < right, with the rule that found each. */
export interface CandidatePairs {
  count: number;
  left: Int32Array;
  right: Int32Array;
  rule: Uint8Array;
}

export interface RuleAnalysis {
  blocking_rule: string;
  /** Pairs this rule found that no earlier rule had. */
  pairs: number;
  /** Pairs this rule joins before taking out earlier rules' pairs. */
  pairs_before_exclusion: number;
  largest_blocks: { size: number; key: string }[];
  /** Blocks larger than the limit, left out (each would pair everything with everything). */
  skipped_blocks: { size: number; key: string }[];
}

/** A blocking rule as the model holds it; Kindred may bound its blocks (a common name pairs with nobody on it). */
export interface BlockingRuleSpec {
  blocking_rule: string;
  kindred_max_block_size?: number;
}

export interface BlockingOptions {
  maxBlockSize?: number;
  /** Incremental linking: only pairs with at least one record at or after this index. */
  newFrom?: number;
  /** Called with the running count of pairs, for progress. */
  onPairs?: (count: number) => void;
}

/** A block's key in words, from one of its records: `family_name=smith, date_of_birth=19800101`. */
function describeKey(table: RecordTable, rule: string, member: number): string {
  return blockingColumns(rule)
    .map((name) => {
      const column = table.columns[name];
      const values = [];
      for (let p = column.offsets[member]!; p < column.offsets[member + 1]!; p++)
        values.push(column.values[column.ids[p]!]);
      return `${name}=${values.join('|')}`;
    })
    .join(', ');
}

/**
 * Candidate pairs from blocking rules as equi-joins, each rule leaving out pairs an earlier rule
 * found (Splink's order of rules), with an analysis of pairs and block sizes per rule.
 */
export function blockPairs(
  table: RecordTable,
  rules: readonly (string | BlockingRuleSpec)[],
  options: BlockingOptions = {},
): { pairs: CandidatePairs; analysis: RuleAnalysis[] } {
  const maxBlockSize = options.maxBlockSize ?? Number.POSITIVE_INFINITY;
  const newFrom = options.newFrom ?? 0;
  if (table.size >= 2 ** 24 || rules.length > 32)
    throw new Error('Blocking handles up to 16,777,215 records and 32 rules.');
  // Each found pair as one exact number: left · 2^29 + right · 2^5 + rule. Sorted, the first of
  // each (left, right) is the earliest rule that found it, so later rules leave it out (Splink's order).
  let codes = new Float64Array(Math.max(1 << 16, table.size * 4));
  let found = 0;
  const scratch = scratchFor(table);
  const analysis: RuleAnalysis[] = [];
  rules.forEach((ruleSpec, ruleIndex) => {
    const rule = typeof ruleSpec === 'string' ? ruleSpec : ruleSpec.blocking_rule;
    const ruleMaxBlock = Math.min(
      maxBlockSize,
      typeof ruleSpec === 'string'
        ? Number.POSITIVE_INFINITY
        : (ruleSpec.kindred_max_block_size ?? Number.POSITIVE_INFINITY),
    );
    const keys = ruleKeys(table, rule);
    // Counting sort of (key, record) so each block's records are contiguous.
    const starts = scratch.int32('starts', keys.keyCount + 1).fill(0);
    for (const key of keys.keys) starts[key + 1]!++;
    for (let key = 0; key < keys.keyCount; key++) starts[key + 1]! += starts[key]!;
    const members = scratch.int32('members', keys.keys.length);
    const fill = scratch.int32('fill', keys.keyCount);
    fill.set(starts.subarray(0, keys.keyCount));
    // Room for every pair of the rule's blocks, made at most once per rule.
    let most = 0;
    for (let key = 1; key < keys.keyCount; key++) {
      const size = starts[key + 1]! - starts[key]!;
      if (size >= 2 && size <= ruleMaxBlock) most += (size * (size - 1)) / 2;
    }
    if (found + most > codes.length) {
      const bigger = new Float64Array(Math.max(found + most, codes.length * 2));
      bigger.set(codes.subarray(0, found));
      codes = bigger;
    }
    for (let record = 0; record < table.size; record++) {
      for (let p = keys.offsets[record]!; p < keys.offsets[record + 1]!; p++)
        members[fill[keys.keys[p]!]!++] = record;
    }
    let beforeExclusion = 0;
    const blockSizes: { size: number; key: number; member: number }[] = [];
    const skipped: { size: number; key: number; member: number }[] = [];
    for (let key = 1; key < keys.keyCount; key++) {
      const start = starts[key]!;
      const end = starts[key + 1]!;
      const size = end - start;
      if (size < 2) continue;
      if (size > ruleMaxBlock) {
        skipped.push({ size, key, member: members[start]! });
        continue;
      }
      if (blockSizes.length < 5 || size > blockSizes[blockSizes.length - 1]!.size) {
        blockSizes.push({ size, key, member: members[start]! });
        blockSizes.sort((a, b) => b.size - a.size);
        if (blockSizes.length > 5) blockSizes.pop();
      }
      for (let p = start; p < end; p++) {
        const a = members[p]!;
        for (let q = p + 1; q < end; q++) {
          const b = members[q]!;
          if (a < newFrom && b < newFrom) continue;
          beforeExclusion++;
          // Blocks list records in ascending order, so a < b; a pair sharing two keys is counted at the first.
          if (keys.offsets[a + 1]! - keys.offsets[a]! > 1 && sharesKey(keys, a, b, key)) continue;
          codes[found++] = a * 536870912 + b * 32 + ruleIndex;
        }
      }
      options.onPairs?.(found);
    }
    analysis.push({
      blocking_rule: rule,
      pairs: 0,
      pairs_before_exclusion: beforeExclusion,
      largest_blocks: blockSizes.map((block) => ({
        size: block.size,
        key: describeKey(table, rule, block.member),
      })),
      skipped_blocks: skipped.map((block) => ({
        size: block.size,
        key: describeKey(table, rule, block.member),
      })),
    });
  });
  const sorted = codes.subarray(0, found).sort();
  let count = 0;
  let previousPair = -1;
  for (const code of sorted) {
    const pair = Math.floor(code / 32);
    if (pair !== previousPair) count++;
    previousPair = pair;
  }
  // On shared memory, so scoring workers read the pairs without a copy.
  const pairs: CandidatePairs = {
    count,
    left: sharedInt32(count),
    right: sharedInt32(count),
    rule: new Uint8Array(count),
  };
  let at = 0;
  previousPair = -1;
  for (const code of sorted) {
    const pair = Math.floor(code / 32);
    if (pair === previousPair) continue;
    previousPair = pair;
    const rule = code - pair * 32;
    pairs.left[at] = Math.floor(pair / 16777216);
    pairs.right[at] = pair % 16777216;
    pairs.rule[at] = rule;
    at++;
    analysis[rule]!.pairs++;
  }
  return { pairs, analysis };
}
