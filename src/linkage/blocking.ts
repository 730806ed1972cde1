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

/** True when the two records share a key below `below` whose block was paired (neither alone nor too large). */
function sharesPairedKey(
  keys: RuleKeys,
  i: number,
  j: number,
  below: number,
  starts: Int32Array,
  maxBlock: number,
): boolean {
  let p = keys.offsets[i]!;
  const pEnd = keys.offsets[i + 1]!;
  let q = keys.offsets[j]!;
  const qEnd = keys.offsets[j + 1]!;
  while (p < pEnd && q < qEnd) {
    const a = keys.keys[p]!;
    const b = keys.keys[q]!;
    if (a >= below || b >= below) return false;
    if (a === b) {
      if (starts[a + 1]! - starts[a]! <= maxBlock) return true;
      p++;
      q++;
    } else if (a < b) p++;
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
 * found (Splink's order of rules), with an analysis of pairs and block sizes per rule. Pairs come
 * block by block, rule by rule: a block's records are compared with each other while at hand.
 */
export function blockPairs(
  table: RecordTable,
  rules: readonly (string | BlockingRuleSpec)[],
  options: BlockingOptions = {},
): { pairs: CandidatePairs; analysis: RuleAnalysis[] } {
  const maxBlockSize = options.maxBlockSize ?? Number.POSITIVE_INFINITY;
  const newFrom = options.newFrom ?? 0;
  if (table.size >= 2 ** 31 / Math.max(rules.length, 1) || rules.length > 255)
    throw new Error('Blocking handles up to 255 rules, and records times rules below 2^31.');
  const size = table.size;
  const ruleCount = rules.length;
  const earlier = new EarlierRuleKeys(size, ruleCount);
  const found = new PairChunks();
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
    for (let record = 0; record < size; record++) {
      for (let p = keys.offsets[record]!; p < keys.offsets[record + 1]!; p++)
        members[fill[keys.keys[p]!]!++] = record;
    }
    let beforeExclusion = 0;
    let kept = 0;
    const blockSizes: { size: number; key: number; member: number }[] = [];
    const skipped: { size: number; key: number; member: number }[] = [];
    for (let key = 1; key < keys.keyCount; key++) {
      const start = starts[key]!;
      const end = starts[key + 1]!;
      const blockSize = end - start;
      if (blockSize < 2) continue;
      if (blockSize > ruleMaxBlock) {
        skipped.push({ size: blockSize, key, member: members[start]! });
        continue;
      }
      if (blockSizes.length < 5 || blockSize > blockSizes[blockSizes.length - 1]!.size) {
        blockSizes.push({ size: blockSize, key, member: members[start]! });
        blockSizes.sort((a, b) => b.size - a.size);
        if (blockSizes.length > 5) blockSizes.pop();
      }
      for (let p = start; p < end; p++) {
        const a = members[p]!;
        const aHasSeveral = keys.offsets[a + 1]! - keys.offsets[a]! > 1;
        for (let q = p + 1; q < end; q++) {
          const b = members[q]!;
          if (a < newFrom && b < newFrom) continue;
          beforeExclusion++;
          // Blocks list records in ascending order, so a < b; a pair sharing two keys is counted at the first paired one.
          if (aHasSeveral && sharesPairedKey(keys, a, b, key, starts, ruleMaxBlock)) continue;
          if (earlier.joinedBefore(a, b, ruleIndex)) continue;
          found.push(a, b, ruleIndex);
          kept++;
        }
      }
      options.onPairs?.(found.count);
    }
    if (ruleIndex + 1 < ruleCount) earlier.keep(keys, ruleIndex, starts, ruleMaxBlock);
    analysis.push({
      blocking_rule: rule,
      pairs: kept,
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
  return { pairs: found.toCandidatePairs(), analysis };
}

/**
 * Each record's key under each rule already blocked, record by record, so whether an earlier rule
 * joined a pair reads two short rows: the key when the record has one in a block that was paired,
 * 0 when it has none (or its block was alone or too large), and when it has several, -(n + 1) for
 * their place n in the rule's list of several (a count, then the keys in order).
 */
class EarlierRuleKeys {
  private readonly rows: Int32Array;
  private readonly ruleCount: number;
  private readonly several: Int32Array[] = [];

  constructor(size: number, ruleCount: number) {
    this.ruleCount = ruleCount;
    this.rows = new Int32Array(ruleCount > 1 ? size * ruleCount : 0);
  }

  /** Remembers a rule's keys, leaving out blocks that paired nobody. */
  keep(keys: RuleKeys, rule: number, starts: Int32Array, maxBlock: number): void {
    const paired = (key: number): boolean => {
      const blockSize = starts[key + 1]! - starts[key]!;
      return blockSize >= 2 && blockSize <= maxBlock;
    };
    const rows = this.rows;
    const width = this.ruleCount;
    const records = keys.offsets.length - 1;
    let several = new Int32Array(1024);
    let at = 0;
    for (let record = 0; record < records; record++) {
      const start = keys.offsets[record]!;
      const end = keys.offsets[record + 1]!;
      let count = 0;
      let only = 0;
      for (let p = start; p < end; p++) {
        if (!paired(keys.keys[p]!)) continue;
        count++;
        only = keys.keys[p]!;
      }
      if (count <= 1) {
        rows[record * width + rule] = only;
        continue;
      }
      if (at + count + 1 > several.length) {
        const bigger = new Int32Array(Math.max(several.length * 2, at + count + 1));
        bigger.set(several.subarray(0, at));
        several = bigger;
      }
      rows[record * width + rule] = -(at + 1);
      several[at++] = count;
      for (let p = start; p < end; p++) if (paired(keys.keys[p]!)) several[at++] = keys.keys[p]!;
    }
    this.several[rule] = several;
  }

  /** True when a rule before `rule` put records a and b in one paired block. */
  joinedBefore(a: number, b: number, rule: number): boolean {
    const rows = this.rows;
    const width = this.ruleCount;
    const rowA = a * width;
    const rowB = b * width;
    for (let earlier = 0; earlier < rule; earlier++) {
      const keyA = rows[rowA + earlier]!;
      if (keyA === 0) continue;
      const keyB = rows[rowB + earlier]!;
      if (keyB === 0) continue;
      if (keyA > 0 && keyB > 0) {
        if (keyA === keyB) return true;
      } else if (this.shareSeveral(keyA, keyB, this.several[earlier]!)) return true;
    }
    return false;
  }

  /** Whether two rows' entries share a key, at least one of them a place in the list of several. */
  private shareSeveral(keyA: number, keyB: number, several: Int32Array): boolean {
    if (keyA > 0 || keyB > 0) {
      const key = keyA > 0 ? keyA : keyB;
      const at = -(keyA > 0 ? keyB : keyA) - 1;
      for (let p = at + 1; p <= at + several[at]!; p++) if (several[p] === key) return true;
      return false;
    }
    // Both lists are in key order.
    let p = -keyA;
    const pEnd = p + several[p - 1]!;
    let q = -keyB;
    const qEnd = q + several[q - 1]!;
    while (p < pEnd && q < qEnd) {
      const left = several[p]!;
      const right = several[q]!;
      if (left === right) return true;
      if (left < right) p++;
      else q++;
    }
    return false;
  }
}

/** Found pairs in chunks, so they grow without copying until their number is known. */
class PairChunks {
  private static readonly chunkSize = 1 << 20;
  private readonly chunks: { left: Int32Array; right: Int32Array; rule: Uint8Array }[] = [];
  private current = { left: new Int32Array(0), right: new Int32Array(0), rule: new Uint8Array(0) };
  private at = PairChunks.chunkSize;
  count = 0;

  push(left: number, right: number, rule: number): void {
    if (this.at === PairChunks.chunkSize) {
      this.current = {
        left: new Int32Array(PairChunks.chunkSize),
        right: new Int32Array(PairChunks.chunkSize),
        rule: new Uint8Array(PairChunks.chunkSize),
      };
      this.chunks.push(this.current);
      this.at = 0;
    }
    this.current.left[this.at] = left;
    this.current.right[this.at] = right;
    this.current.rule[this.at] = rule;
    this.at++;
    this.count++;
  }

  /** The pairs in the order found, on shared memory so scoring workers read them without a copy. */
  toCandidatePairs(): CandidatePairs {
    const count = this.count;
    const pairs: CandidatePairs = {
      count,
      left: sharedInt32(count),
      right: sharedInt32(count),
      rule: new Uint8Array(count),
    };
    let at = 0;
    for (const chunk of this.chunks) {
      const length = Math.min(PairChunks.chunkSize, count - at);
      pairs.left.set(chunk.left.subarray(0, length), at);
      pairs.right.set(chunk.right.subarray(0, length), at);
      pairs.rule.set(chunk.rule.subarray(0, length), at);
      at += length;
    }
    return pairs;
  }
}
