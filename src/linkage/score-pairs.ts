import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CandidatePairs } from './blocking.ts';
import type { MatchEdges } from './clustering.ts';
import type { LevelTest, LinkageModel } from './model.ts';
import type { Column, ColumnName, RecordTable } from './record-table.ts';
import type { PairScorer } from './scoring.ts';
import { singleValues } from './single-values.ts';
import { shippedAliasTable } from './standardise/aliases.ts';

/** Pairs a thread takes at a time from the shared counter. */
const defaultChunkSize = 1 << 15;

/** Below this many pairs a worker costs more to start than it saves. */
const defaultMinPairsForWorkers = 1 << 18;

/** Facts of training's λ sample (300,000 pairs of records far apart, each a cache miss) are found on every core too. */
const minFactsForWorkers = 1 << 17;

/**
 * Slots of the shared control array: the next chunk to take, the chunks done, the chunks workers
 * did, then one per worker for a chunk it failed (+1).
 */
const nextChunk = 0;
const chunksDone = 1;
const workerChunks = 2;
const failedSlots = 3;

export interface ScoringOptions {
  /** Threads in all, the calling one included (default: the cores the machine has, up to four). */
  threads?: number;
  /** Fewer pairs than this are scored on the calling thread alone. */
  minPairsForWorkers?: number;
  /** Pairs a thread takes at a time. */
  chunkSize?: number;
  /** Wait (up to ten seconds) for a worker to score the first chunk before scoring here: tests see workers at work. */
  firstChunkByWorker?: boolean;
}

/** What threads do with each pair: weigh it against a threshold, or find its facts (levels, agreed values, names crosswise). */
export type PairTask =
  | { task: 'weights'; thresholdWeight: number; weights: Float32Array }
  | { task: 'facts'; levels: Int32Array; agreed: Int32Array; swapped: Uint8Array }
  /** Each pair's level in one comparison (`comparisonOf` the pair), its cache left alone: random pairs rarely meet again. */
  | { task: 'levels'; comparisonOf: Uint8Array; levels: Int32Array };

/**
 * What a worker is given: the model, the table's columns that the comparisons read (their integer
 * arrays on shared memory, so only the value strings are copied), the pairs and the task, whose
 * arrays are shared too.
 */
export interface PairsJob {
  model: LinkageModel;
  size: number;
  columns: Partial<Record<ColumnName, Column>>;
  sources: Int32Array;
  sourceNames: string[];
  /** The table's single values (see single-values.ts), on shared memory. */
  singles: Int32Array;
  left: Int32Array;
  right: Int32Array;
  task: PairTask;
  control: Int32Array;
  slot: number;
  chunkSize: number;
}

/**
 * Scores every candidate pair and keeps those at or above the threshold weight, in pair order. Large
 * sets are shared out in chunks between this thread and workers, each with its own scorer: a pair's
 * weight does not depend on which thread weighed it, so the edges are the same as on one thread.
 */
export function scoreCandidates(
  scorer: PairScorer,
  pairs: CandidatePairs,
  thresholdWeight: number,
  options: ScoringOptions = {},
): MatchEdges & { workerChunks: number } {
  const weights = new Float32Array(new SharedArrayBuffer(pairs.count * 4));
  const workerChunks = runOnPairs(
    scorer,
    pairs.left.subarray(0, pairs.count),
    pairs.right.subarray(0, pairs.count),
    { task: 'weights', thresholdWeight, weights },
    options,
  );
  let count = 0;
  for (let p = 0; p < pairs.count; p++) if (weights[p] !== Number.NEGATIVE_INFINITY) count++;
  const edges = {
    workerChunks,
    count,
    left: new Int32Array(count),
    right: new Int32Array(count),
    weight: new Float32Array(count),
  };
  let at = 0;
  for (let p = 0; p < pairs.count; p++) {
    const weight = weights[p]!;
    if (weight === Number.NEGATIVE_INFINITY) continue;
    edges.left[at] = pairs.left[p]!;
    edges.right[at] = pairs.right[p]!;
    edges.weight[at] = weight;
    at++;
  }
  return edges;
}

/** Each pair's levels and agreed values (one per comparison, pair after pair) and whether its names were compared crosswise. */
export interface PairFactArrays {
  levels: Int32Array;
  agreed: Int32Array;
  swapped: Uint8Array;
}

/**
 * The level of each pair in one comparison (`comparisonOf` the pair), found on every core when
 * there are many, without filling the comparisons' caches: for the random pairs u is counted on.
 */
export function pairLevels(
  scorer: PairScorer,
  left: Int32Array,
  right: Int32Array,
  comparisonOf: Uint8Array,
  options: ScoringOptions = {},
): Int32Array {
  const task: PairTask = {
    task: 'levels',
    comparisonOf: sharedCopy(comparisonOf),
    levels: new Int32Array(new SharedArrayBuffer(left.length * 4)),
  };
  runOnPairs(scorer, sharedCopy(left), sharedCopy(right), task, options);
  return task.levels;
}

/** The array itself when on shared memory, else a copy there, so workers read it. */
function sharedCopy<T extends Int32Array | Uint8Array>(array: T): T {
  if (array.buffer instanceof SharedArrayBuffer) return array;
  const copy = new (array.constructor as new (buffer: SharedArrayBuffer) => T)(
    new SharedArrayBuffer(array.byteLength),
  );
  copy.set(array as never);
  return copy;
}

/** The facts of many pairs (see `PairScorer.factsOf`), found on every core when there are many. */
export function pairFacts(
  scorer: PairScorer,
  left: Int32Array,
  right: Int32Array,
  options: ScoringOptions = { minPairsForWorkers: minFactsForWorkers },
): PairFactArrays {
  const width = scorer.comparisons.length;
  const task: PairTask = {
    task: 'facts',
    levels: new Int32Array(new SharedArrayBuffer(left.length * width * 4)),
    agreed: new Int32Array(new SharedArrayBuffer(left.length * width * 4)),
    swapped: new Uint8Array(new SharedArrayBuffer(left.length)),
  };
  runOnPairs(scorer, sharedCopy(left), sharedCopy(right), task, options);
  return task;
}

/**
 * Does the task for every pair, in chunks taken from a shared counter by this thread and, for large
 * sets, by workers; returns how many chunks workers did.
 */
function runOnPairs(
  scorer: PairScorer,
  left: Int32Array,
  right: Int32Array,
  task: PairTask,
  options: ScoringOptions,
): number {
  const chunkSize = options.chunkSize ?? defaultChunkSize;
  const chunks = Math.ceil(left.length / chunkSize);
  const threads = Math.max(1, options.threads ?? Math.min(availableParallelism(), 4));
  const useWorkers =
    threads > 1 &&
    left.length >= (options.minPairsForWorkers ?? defaultMinPairsForWorkers) &&
    scorer.table.aliases === shippedAliasTable() &&
    left.buffer instanceof SharedArrayBuffer;
  const control = new Int32Array(new SharedArrayBuffer(4 * (failedSlots + threads)));
  const workers: Worker[] = [];
  if (useWorkers) {
    for (let slot = 1; slot < threads; slot++) {
      const job: PairsJob = {
        model: scorer.model,
        size: scorer.table.size,
        columns: columnsRead(scorer.model, scorer.table),
        sources: scorer.table.sources,
        sourceNames: scorer.table.sourceNames,
        singles: singleValues(scorer.table),
        left,
        right,
        task,
        control,
        slot,
        chunkSize,
      };
      const worker = new Worker(new URL('./scoring-worker.ts', import.meta.url), { workerData: job });
      // A chunk a worker fails is done again here, and throws here if it must.
      worker.on('error', () => undefined);
      worker.unref();
      workers.push(worker);
    }
  }
  if (useWorkers && options.firstChunkByWorker) Atomics.wait(control, chunksDone, 0, 10_000);
  workOnChunks(scorer, left, right, task, control, chunkSize, 0);
  // Wait for the chunks workers took; one a worker failed is done here.
  for (;;) {
    const done = Atomics.load(control, chunksDone);
    if (done >= chunks) break;
    let retried = false;
    for (let slot = 1; slot < threads; slot++) {
      const failed = Atomics.exchange(control, failedSlots + slot, 0);
      if (failed === 0) continue;
      doChunk(scorer, left, right, task, chunkSize, failed - 1);
      Atomics.add(control, chunksDone, 1);
      retried = true;
    }
    if (!retried) Atomics.wait(control, chunksDone, done, 50);
  }
  for (const worker of workers) void worker.terminate();
  return Atomics.load(control, workerChunks);
}

/** Takes chunks from the shared counter until none is left; a chunk that throws is handed back (`slot` > 0). */
export function workOnChunks(
  scorer: PairScorer,
  left: Int32Array,
  right: Int32Array,
  task: PairTask,
  control: Int32Array,
  chunkSize: number,
  slot: number,
): void {
  const chunks = Math.ceil(left.length / chunkSize);
  for (;;) {
    const chunk = Atomics.add(control, nextChunk, 1);
    if (chunk >= chunks) return;
    try {
      doChunk(scorer, left, right, task, chunkSize, chunk);
    } catch (error) {
      if (slot === 0) throw error;
      Atomics.store(control, failedSlots + slot, chunk + 1);
      Atomics.notify(control, chunksDone);
      throw error;
    }
    if (slot > 0) Atomics.add(control, workerChunks, 1);
    Atomics.add(control, chunksDone, 1);
    Atomics.notify(control, chunksDone);
  }
}

/** One chunk of pairs: each weight where it reaches the threshold (-Infinity where not), or each pair's facts. */
function doChunk(
  scorer: PairScorer,
  left: Int32Array,
  right: Int32Array,
  task: PairTask,
  chunkSize: number,
  chunk: number,
): void {
  const end = Math.min(left.length, (chunk + 1) * chunkSize);
  if (task.task === 'weights') {
    scorer.weightsAtLeast(left, right, chunk * chunkSize, end, task.thresholdWeight, task.weights);
    return;
  }
  if (task.task === 'levels') {
    const comparisons = scorer.comparisons;
    const caching = comparisons.map((comparison) => comparison.caching);
    for (const comparison of comparisons) comparison.caching = false;
    try {
      for (let p = chunk * chunkSize; p < end; p++)
        task.levels[p] = comparisons[task.comparisonOf[p]!]!.compare(left[p]!, right[p]!);
    } finally {
      comparisons.forEach((comparison, k) => {
        comparison.caching = caching[k]!;
      });
    }
    return;
  }
  const width = scorer.comparisons.length;
  for (let p = chunk * chunkSize; p < end; p++) {
    const at = p * width;
    const swapped = scorer.factsOf(
      left[p]!,
      right[p]!,
      task.levels.subarray(at, at + width),
      task.agreed.subarray(at, at + width),
    );
    task.swapped[p] = swapped ? 1 : 0;
  }
}

/** The columns a model's comparisons read (and the names, which crosswise entry reads), with their values. */
function columnsRead(model: LinkageModel, table: RecordTable): Partial<Record<ColumnName, Column>> {
  const names = new Set<ColumnName>(['given_name', 'family_name']);
  const add = (test: LevelTest): void => {
    if ('column' in test) names.add(test.column);
    if ('columns' in test) for (const column of test.columns ?? []) names.add(column);
    if ('tokens_column' in test) names.add(test.tokens_column);
    if (test.test === 'all') for (const part of test.tests) add(part);
  };
  for (const comparison of model.comparisons) {
    for (const level of comparison.comparison_levels) {
      add(level.kindred_test);
      if (level.tf_adjustment_column) names.add(level.tf_adjustment_column as ColumnName);
    }
  }
  return Object.fromEntries([...names].map((name) => [name, table.columns[name]]));
}
