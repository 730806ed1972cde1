import { type MessagePort, receiveMessageOnPort, type Worker } from 'node:worker_threads';
import { startHelperThread } from './helper-thread.ts';
import { type Column, type ColumnName, columnNames, type RecordTable, sharedInt32 } from './record-table.ts';

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
  private readonly arrays = new Map<string, Int32Array>();

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
    scratch = new BlockingScratch();
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
  // Each combination of values so far, as entries (a record and a key) in record order: one per
  // record for most, several for a record with several values (at most 32).
  let entries = entriesOfColumn(first, scratch);
  let keyCount = first.values.length;
  for (let c = 1; c < columns.length; c++) {
    ({ entries, keyCount } = combineEntries(entries, keyCount, columns[c]!, scratch, c % 2));
  }
  // Keys numbered by first appearance, so blocks come in the order of their first records.
  const remap = scratch.int32('remap', keyCount).fill(0);
  let next = 1;
  const offsets = scratch.int32('offsets', table.size + 1);
  const keys = scratch.int32('keys', entries.count);
  offsets.fill(0);
  for (let e = 0; e < entries.count; e++) {
    const key = entries.key[e]!;
    if (remap[key] === 0) remap[key] = next++;
    keys[e] = remap[key]!;
    offsets[entries.record[e]! + 1]!++;
  }
  for (let record = 0; record < table.size; record++) {
    offsets[record + 1]! += offsets[record]!;
    const start = offsets[record]!;
    const end = offsets[record + 1]!;
    if (end - start > 1) keys.subarray(start, end).sort();
  }
  return { rule, offsets, keys, keyCount: next };
}

/** Records and keys of combinations of values, in record order. */
interface Entries {
  count: number;
  record: Int32Array;
  key: Int32Array;
}

/** One entry per value of the column, in record order, keyed by the value id (the column's own ids, only read). */
function entriesOfColumn(column: Column, scratch: BlockingScratch): Entries {
  const count = column.ids.length;
  const record = scratch.int32('entryRecord0', count);
  const { offsets } = column;
  // A loop, not a fill per record: most records hold one value, and a million calls cost more than the work.
  for (let r = 0; r + 1 < offsets.length; r++)
    for (let p = offsets[r]!; p < offsets[r + 1]!; p++) record[p] = r;
  return { count, record, key: column.ids };
}

/**
 * Each entry combined with each of its record's values in another column, as new keys: entries
 * are grouped by key (a counting sort), and within a group a value's new key is found in an array
 * indexed by value, small enough to stay in the processor's cache, where a hash table of every
 * pair cost a cache miss a record.
 */
function combineEntries(
  entries: Entries,
  keyCount: number,
  column: Column,
  scratch: BlockingScratch,
  set: number,
): { entries: Entries; keyCount: number } {
  let record = scratch.int32(`entryRecord${set}`, Math.max(entries.count, column.ids.length) + 1024);
  let key = scratch.int32(`entryKey${set}`, record.length);
  let value = scratch.int32('entryValue', record.length);
  let count = 0;
  let lastRecord = -1;
  let ofRecord = 0;
  for (let e = 0; e < entries.count; e++) {
    const r = entries.record[e]!;
    if (r !== lastRecord) {
      lastRecord = r;
      ofRecord = 0;
    }
    for (let p = column.offsets[r]!; p < column.offsets[r + 1]! && ofRecord < maxKeysPerRecord; p++) {
      if (count === record.length) {
        record = grown(scratch, `entryRecord${set}`, record, count);
        key = grown(scratch, `entryKey${set}`, key, count);
        value = grown(scratch, 'entryValue', value, count);
      }
      record[count] = r;
      key[count] = entries.key[e]!;
      value[count] = column.ids[p]!;
      count++;
      ofRecord++;
    }
  }
  // Group by key; within each group, number each value's combination the first time it is met.
  const starts = scratch.int32('groupStarts', keyCount + 1).fill(0);
  for (let e = 0; e < count; e++) starts[key[e]! + 1]!++;
  for (let k = 0; k < keyCount; k++) starts[k + 1]! += starts[k]!;
  const sortedEntry = scratch.int32('sortedEntry', count);
  const sortedValue = scratch.int32('sortedValue', count);
  for (let e = 0; e < count; e++) {
    const at = starts[key[e]!]!++;
    sortedEntry[at] = e;
    sortedValue[at] = value[e]!;
  }
  const stamp = scratch.int32('valueStamp', column.values.length).fill(-1);
  const combined = scratch.int32('valueKey', column.values.length);
  let next = 1;
  for (let at = 0, k = 0; at < count; at++) {
    while (starts[k]! <= at) k++;
    const v = sortedValue[at]!;
    if (stamp[v] !== k) {
      stamp[v] = k;
      combined[v] = next++;
    }
    key[sortedEntry[at]!] = combined[v]!;
  }
  return { entries: { count, record, key }, keyCount: next };
}

/** A scratch array made larger, keeping its first `count` numbers. */
function grown(scratch: BlockingScratch, name: string, array: Int32Array, count: number): Int32Array {
  const kept = array.slice(0, count);
  const bigger = scratch.int32(name, array.length * 2);
  bigger.set(kept);
  return bigger;
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
  /** Tables with fewer records are blocked on the calling thread alone (default 200,000). */
  minRecordsForWorker?: number;
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
 * block by block, rule by rule: a block's records are compared with each other while at hand. On a
 * large table a worker thread finds each rule's pairs while this thread makes the next rule's blocks.
 */
export function blockPairs(
  table: RecordTable,
  rules: readonly (string | BlockingRuleSpec)[],
  options: BlockingOptions = {},
): { pairs: CandidatePairs; analysis: RuleAnalysis[]; workerRules: number } {
  const maxBlockSize = options.maxBlockSize ?? Number.POSITIVE_INFINITY;
  const newFrom = options.newFrom ?? 0;
  if (table.size >= 2 ** 31 / Math.max(rules.length, 1) || rules.length > 255)
    throw new Error('Blocking handles up to 255 rules, and records times rules below 2^31.');
  const size = table.size;
  const earlier = new EarlierRuleKeys(size, rules.length);
  const found = new PairChunks();
  const finder =
    rules.length > 0 && size >= (options.minRecordsForWorker ?? defaultMinRecordsForWorker)
      ? new BlockingWorker(earlier, newFrom)
      : undefined;
  const analysis: RuleAnalysis[] = [];
  // Blocks are made in two alternating sets, so the worker reads one rule's while the next is made.
  const blockSets = [new SharedBlocks(), new SharedBlocks()];
  let workerRules = 0;
  const finish = (pending: { rule: number; blocks: RuleBlocks }): void => {
    const byWorker = finder?.result(pending.blocks, found, earlier, newFrom);
    if (byWorker) workerRules++;
    const result = byWorker ?? findRulePairs(pending.blocks, earlier, newFrom, found);
    analysis[pending.rule]!.pairs = result.kept;
    analysis[pending.rule]!.pairs_before_exclusion = result.beforeExclusion;
  };
  let pending: { rule: number; blocks: RuleBlocks } | undefined;
  try {
    rules.forEach((ruleSpec, ruleIndex) => {
      const rule = typeof ruleSpec === 'string' ? ruleSpec : ruleSpec.blocking_rule;
      const ruleMaxBlock = Math.min(
        maxBlockSize,
        typeof ruleSpec === 'string'
          ? Number.POSITIVE_INFINITY
          : (ruleSpec.kindred_max_block_size ?? Number.POSITIVE_INFINITY),
      );
      const keys = ruleKeys(table, rule);
      const blocks = blockSets[ruleIndex % 2]!.of(keys, ruleIndex, ruleMaxBlock, size);
      const { starts, members } = blocks;
      const blockSizes: { size: number; key: number; member: number }[] = [];
      const skipped: { size: number; key: number; member: number }[] = [];
      for (let key = 1; key < keys.keyCount; key++) {
        const blockSize = starts[key + 1]! - starts[key]!;
        if (blockSize < 2) continue;
        if (blockSize > ruleMaxBlock) {
          skipped.push({ size: blockSize, key, member: members[starts[key]!]! });
          continue;
        }
        if (blockSizes.length < 5 || blockSize > blockSizes[blockSizes.length - 1]!.size) {
          blockSizes.push({ size: blockSize, key, member: members[starts[key]!]! });
          blockSizes.sort((a, b) => b.size - a.size);
          if (blockSizes.length > 5) blockSizes.pop();
        }
      }
      analysis.push({
        blocking_rule: rule,
        pairs: 0,
        pairs_before_exclusion: 0,
        largest_blocks: blockSizes.map((block) => ({
          size: block.size,
          key: describeKey(table, rule, block.member),
        })),
        skipped_blocks: skipped.map((block) => ({
          size: block.size,
          key: describeKey(table, rule, block.member),
        })),
      });
      // The rule's own keys first: a pair sharing two of them is counted at the first.
      earlier.keep(keys, ruleIndex, starts, ruleMaxBlock);
      if (pending) finish(pending);
      finder?.start(blocks, earlier.severalOf(ruleIndex));
      pending = { rule: ruleIndex, blocks };
    });
    if (pending) finish(pending);
  } finally {
    finder?.stop();
  }
  return { pairs: found.toCandidatePairs(), analysis, workerRules };
}

/** Tables smaller than this are blocked on the calling thread alone: a worker costs more to start. */
const defaultMinRecordsForWorker = 200_000;

/** One rule's blocks: the records of block `key` are members[starts[key]] .. members[starts[key + 1]]. */
export interface RuleBlocks {
  rule: number;
  starts: Int32Array;
  members: Int32Array;
  keyCount: number;
  maxBlock: number;
  /** Room for every pair of the rule's blocks (before leaving any out). */
  most: number;
}

/** Where found pairs go: the calling thread's chunks, or a worker's shared arrays. */
export interface PairSink {
  push(left: number, right: number, rule: number): void;
}

/**
 * The pairs of one rule's blocks that no earlier rule found, in block order. Blocks list records in
 * ascending order, so each pair is lower record first.
 */
export function findRulePairs(
  blocks: RuleBlocks,
  earlier: EarlierRuleKeys,
  newFrom: number,
  sink: PairSink,
  fromKey = 1,
  toKey = blocks.keyCount,
): { kept: number; beforeExclusion: number } {
  const { starts, members, rule, maxBlock } = blocks;
  let beforeExclusion = 0;
  let kept = 0;
  for (let key = fromKey; key < toKey; key++) {
    const start = starts[key]!;
    const end = starts[key + 1]!;
    if (end - start < 2 || end - start > maxBlock) continue;
    for (let p = start; p < end; p++) {
      const a = members[p]!;
      const aHasSeveral = earlier.hasSeveral(a, rule);
      for (let q = p + 1; q < end; q++) {
        const b = members[q]!;
        if (a < newFrom && b < newFrom) continue;
        beforeExclusion++;
        // A pair sharing two of this rule's keys is counted at the first.
        if (aHasSeveral && earlier.shareKeyBelow(a, b, rule, key)) continue;
        if (earlier.joinedBefore(a, b, rule)) continue;
        sink.push(a, b, rule);
        kept++;
      }
    }
  }
  return { kept, beforeExclusion };
}

/** Each rule's blocks laid out on shared memory (the arrays are reused from rule to rule). */
class SharedBlocks {
  private starts = sharedInt32(0);
  private members = sharedInt32(0);
  private fill = new Int32Array(0);

  of(keys: RuleKeys, rule: number, maxBlock: number, size: number): RuleBlocks {
    if (this.starts.length < keys.keyCount + 1) {
      this.starts = sharedInt32(Math.ceil((keys.keyCount + 1) * 1.25));
      this.fill = new Int32Array(this.starts.length);
    }
    if (this.members.length < keys.keys.length)
      this.members = sharedInt32(Math.ceil(keys.keys.length * 1.25));
    // Counting sort of (key, record) so each block's records are contiguous.
    const starts = this.starts.subarray(0, keys.keyCount + 1).fill(0);
    for (const key of keys.keys) starts[key + 1]!++;
    for (let key = 0; key < keys.keyCount; key++) starts[key + 1]! += starts[key]!;
    const members = this.members;
    const fill = this.fill;
    fill.set(starts.subarray(0, keys.keyCount));
    for (let record = 0; record < size; record++) {
      for (let p = keys.offsets[record]!; p < keys.offsets[record + 1]!; p++)
        members[fill[keys.keys[p]!]!++] = record;
    }
    let most = 0;
    for (let key = 1; key < keys.keyCount; key++) {
      const blockSize = starts[key + 1]! - starts[key]!;
      if (blockSize >= 2 && blockSize <= maxBlock) most += (blockSize * (blockSize - 1)) / 2;
    }
    return { rule, starts, members, keyCount: keys.keyCount, maxBlock, most };
  }
}

/**
 * Each record's key under each rule already blocked, record by record, so whether an earlier rule
 * joined a pair reads two short rows: the key when the record has one in a block that was paired,
 * 0 when it has none (or its block was alone or too large), and when it has several, -(n + 1) for
 * their place n in the rule's list of several (a count, then the keys in order).
 */
export class EarlierRuleKeys {
  /** On shared memory: a blocking worker reads the rows as they are kept. */
  readonly rows: Int32Array;
  readonly ruleCount: number;
  private readonly several: Int32Array[] = [];

  constructor(size: number, ruleCount: number, rows?: Int32Array) {
    this.ruleCount = ruleCount;
    this.rows = rows ?? sharedInt32(size * ruleCount);
  }

  /** The list of several keys of a rule kept here (another thread's `keep`). */
  severalOf(rule: number): Int32Array {
    return this.several[rule]!;
  }

  /** Takes another thread's list of several keys of a rule. */
  addSeveral(rule: number, several: Int32Array): void {
    this.several[rule] = several;
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
    this.several[rule] = sharedInt32(several.subarray(0, at));
  }

  /** True when the record is in several of the rule's paired blocks. */
  hasSeveral(record: number, rule: number): boolean {
    return this.rows[record * this.ruleCount + rule]! < 0;
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
      } else if (this.shareSeveral(keyA, keyB, this.several[earlier]!, Number.POSITIVE_INFINITY)) return true;
    }
    return false;
  }

  /** True when records a and b share one of the rule's paired keys below `below`. */
  shareKeyBelow(a: number, b: number, rule: number, below: number): boolean {
    const keyA = this.rows[a * this.ruleCount + rule]!;
    const keyB = this.rows[b * this.ruleCount + rule]!;
    if (keyA === 0 || keyB === 0) return false;
    if (keyA > 0 && keyB > 0) return keyA === keyB && keyA < below;
    return this.shareSeveral(keyA, keyB, this.several[rule]!, below);
  }

  /** Whether two rows' entries share a key below `below`, at least one of them a place in the list of several. */
  private shareSeveral(keyA: number, keyB: number, several: Int32Array, below: number): boolean {
    if (keyA > 0 || keyB > 0) {
      const key = keyA > 0 ? keyA : keyB;
      if (key >= below) return false;
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
      if (left >= below || right >= below) return false;
      if (left === right) return true;
      if (left < right) p++;
      else q++;
    }
    return false;
  }
}

/** Pairs in two arrays that grow as needed, kept from rule to rule. */
class GrowingPairs implements PairSink {
  left = new Int32Array(1 << 16);
  right = new Int32Array(1 << 16);
  count = 0;

  clear(): void {
    this.count = 0;
  }

  push(left: number, right: number): void {
    if (this.count === this.left.length) {
      const grownLeft = new Int32Array(this.left.length * 2);
      const grownRight = new Int32Array(this.left.length * 2);
      grownLeft.set(this.left);
      grownRight.set(this.right);
      this.left = grownLeft;
      this.right = grownRight;
    }
    this.left[this.count] = left;
    this.right[this.count] = right;
    this.count++;
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

  /** Pairs another thread found, all of one rule, copied a chunk's worth at a time. */
  append(left: Int32Array, right: Int32Array, count: number, rule: number): void {
    for (let from = 0; from < count; ) {
      if (this.at === PairChunks.chunkSize) this.push(left[from]!, right[from++]!, rule);
      const take = Math.min(count - from, PairChunks.chunkSize - this.at);
      this.current.left.set(left.subarray(from, from + take), this.at);
      this.current.right.set(right.subarray(from, from + take), this.at);
      this.current.rule.fill(rule, this.at, this.at + take);
      this.at += take;
      this.count += take;
      from += take;
    }
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

/**
 * Slots of a blocking worker's control array: tasks posted, tasks done, the last task's pairs kept
 * and found before exclusion, whether it failed, whether it has started.
 */
const tasksPosted = 0;
const tasksDone = 1;
const keptSlot = 2;
const beforeExclusionSlot = 3;
const failedSlot = 4;
const startedSlot = 5;
/** The rule's parts of blocks still to take: the first in the low 16 bits, one past the last above. */
const partsSlot = 6;

/** Each rule's blocks are found in about this many parts, taken by the worker from the front and by the calling thread from the back. */
const partsPerRule = 256;

/** The keys of part `part` of a rule's blocks. */
function partKeys(blocks: RuleBlocks, part: number): { fromKey: number; toKey: number } {
  const size = Math.ceil((blocks.keyCount - 1) / partsPerRule);
  return { fromKey: 1 + part * size, toKey: Math.min(blocks.keyCount, 1 + (part + 1) * size) };
}

/** Takes the first part left (from the front) or the last (from the back), or -1 when none is left. */
function takePart(control: Int32Array, fromFront: boolean): number {
  for (;;) {
    const parts = Atomics.load(control, partsSlot);
    const first = parts & 0xffff;
    const end = parts >>> 16;
    if (first >= end) return -1;
    const next = fromFront ? (first + 1) | (end << 16) : first | ((end - 1) << 16);
    if (Atomics.compareExchange(control, partsSlot, parts, next) === parts)
      return fromFront ? first : end - 1;
  }
}

/** A rule whose blocks hold more pairs than this is done on the calling thread, its pairs growing as found. */
const maxPairsForWorker = 50_000_000;

/** What a blocking worker is given when it starts (blocking-worker.ts). */
export interface BlockingWorkerData {
  size: number;
  ruleCount: number;
  rows: Int32Array;
  newFrom: number;
  control: Int32Array;
  port: MessagePort;
}

/** A task for a blocking worker: one rule's blocks, the rule's list of several keys, and where to put the pairs. */
export interface BlockingTask {
  blocks?: RuleBlocks;
  several?: Int32Array;
  left?: Int32Array;
  right?: Int32Array;
  stop?: true;
}

/**
 * A worker thread that finds one rule's pairs at a time while the calling thread makes the next
 * rule's blocks. The caller waits with `Atomics.wait`, so blocking stays synchronous; a rule the
 * worker fails, or could not start for, is found again on the calling thread.
 */
class BlockingWorker {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly control = sharedInt32(7);
  private left = sharedInt32(0);
  private right = sharedInt32(0);
  private failed = false;
  private running: RuleBlocks | undefined;

  constructor(earlier: EarlierRuleKeys, newFrom: number) {
    // A failure is seen in the control array, and the rule found here.
    ({ worker: this.worker, port: this.port } = startHelperThread(
      new URL('./blocking-worker.ts', import.meta.url),
      (port): BlockingWorkerData => ({
        size: earlier.rows.length / Math.max(earlier.ruleCount, 1),
        ruleCount: earlier.ruleCount,
        rows: earlier.rows,
        newFrom,
        control: this.control,
        port,
      }),
    ));
  }

  /** Sets the worker finding the rule's pairs (unless it failed before, or the rule is too large to hand over). */
  start(blocks: RuleBlocks, several: Int32Array): void {
    this.running = undefined;
    if (this.failed || blocks.most > maxPairsForWorker) return;
    const task: BlockingTask = { blocks, several };
    if (this.left.length < blocks.most) {
      this.left = sharedInt32(Math.ceil(blocks.most * 1.25));
      this.right = sharedInt32(this.left.length);
      task.left = this.left;
      task.right = this.right;
    }
    Atomics.store(this.control, partsSlot, partsPerRule << 16);
    this.port.postMessage(task);
    Atomics.add(this.control, tasksPosted, 1);
    Atomics.notify(this.control, tasksPosted);
    this.running = blocks;
  }

  /** Waits for the rule's pairs and adds them to `sink`; undefined when the rule is to be found here. */
  result(
    blocks: RuleBlocks,
    sink: PairChunks,
    earlier: EarlierRuleKeys,
    newFrom: number,
  ): { kept: number; beforeExclusion: number } | undefined {
    if (this.running !== blocks) return undefined;
    this.running = undefined;
    // The parts the worker has not taken yet are found here, from the last back.
    const here: { part: number; found: { kept: number; beforeExclusion: number } }[] = [];
    const helped = this.helped;
    helped.clear();
    for (let part = takePart(this.control, false); part >= 0; part = takePart(this.control, false)) {
      const { fromKey, toKey } = partKeys(blocks, part);
      here.push({ part, found: findRulePairs(blocks, earlier, newFrom, helped, fromKey, toKey) });
    }
    const done = Atomics.load(this.control, tasksPosted);
    const waitingSince = Date.now();
    while (Atomics.load(this.control, tasksDone) < done) {
      const notStarted = Atomics.load(this.control, startedSlot) === 0 && Date.now() - waitingSince > 30_000;
      if (Atomics.load(this.control, failedSlot) === 1 || notStarted) {
        this.failed = true;
        return undefined;
      }
      Atomics.wait(this.control, tasksDone, done - 1, 100);
    }
    if (Atomics.load(this.control, failedSlot) === 1) {
      this.failed = true;
      return undefined;
    }
    const kept = Atomics.load(this.control, keptSlot);
    sink.append(this.left, this.right, kept, blocks.rule);
    let beforeExclusion = Atomics.load(this.control, beforeExclusionSlot);
    // The parts found here came last first: added in their order, after the worker's.
    let at = 0;
    const ranges = here.map(({ found }) => {
      at += found.kept;
      return at - found.kept;
    });
    for (let n = here.length - 1; n >= 0; n--) {
      const start = ranges[n]!;
      sink.append(
        helped.left.subarray(start),
        helped.right.subarray(start),
        here[n]!.found.kept,
        blocks.rule,
      );
      beforeExclusion += here[n]!.found.beforeExclusion;
    }
    return { kept: kept + helped.count, beforeExclusion };
  }

  /** Pairs of the parts the calling thread found while the worker found the rest. */
  private readonly helped = new GrowingPairs();

  stop(): void {
    const stop: BlockingTask = { stop: true };
    this.port.postMessage(stop);
    Atomics.add(this.control, tasksPosted, 1);
    Atomics.notify(this.control, tasksPosted);
    this.port.close();
    void this.worker.terminate();
  }
}

/** The worker's side (blocking-worker.ts): takes tasks until told to stop. */
export function runBlockingWorker(data: BlockingWorkerData): void {
  const { control, port } = data;
  const earlier = new EarlierRuleKeys(data.size, data.ruleCount, data.rows);
  const sink = {
    left: sharedInt32(0),
    right: sharedInt32(0),
    count: 0,
    push(left: number, right: number): void {
      this.left[this.count] = left;
      this.right[this.count] = right;
      this.count++;
    },
  };
  Atomics.store(control, startedSlot, 1);
  let seen = 0;
  for (;;) {
    Atomics.wait(control, tasksPosted, seen, 100);
    const received = receiveMessageOnPort(port);
    if (!received) continue;
    seen++;
    const task = received.message as BlockingTask;
    if (task.stop) break;
    try {
      if (task.left && task.right) {
        sink.left = task.left;
        sink.right = task.right;
      }
      sink.count = 0;
      const blocks = task.blocks!;
      earlier.addSeveral(blocks.rule, task.several!);
      let beforeExclusion = 0;
      for (let part = takePart(control, true); part >= 0; part = takePart(control, true)) {
        const { fromKey, toKey } = partKeys(blocks, part);
        beforeExclusion += findRulePairs(blocks, earlier, data.newFrom, sink, fromKey, toKey).beforeExclusion;
      }
      Atomics.store(control, keptSlot, sink.count);
      Atomics.store(control, beforeExclusionSlot, beforeExclusion);
    } catch {
      Atomics.store(control, failedSlot, 1);
    }
    Atomics.add(control, tasksDone, 1);
    Atomics.notify(control, tasksDone);
  }
  port.close();
}
