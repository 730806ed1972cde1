import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CandidatePairs } from './blocking.ts';
import type { MatchEdges } from './clustering.ts';
import type { LevelTest, LinkageModel } from './model.ts';
import type { Column, ColumnName, RecordTable } from './record-table.ts';
import type { PairScorer } from './scoring.ts';
import { shippedAliasTable } from './standardise/aliases.ts';

/** Pairs a thread takes at a time from the shared counter. */
const defaultChunkSize = 1 << 15;

/** Below this many pairs a worker costs more to start than it saves. */
const defaultMinPairsForWorkers = 1 << 18;

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

/**
 * What a scoring worker is given: the model, the table's columns that the comparisons read (their
 * integer arrays on shared memory, so only the value strings are copied), the pairs and where to write.
 */
export interface ScoringJob {
  model: LinkageModel;
  size: number;
  columns: Partial<Record<ColumnName, Column>>;
  sources: Int32Array;
  sourceNames: string[];
  left: Int32Array;
  right: Int32Array;
  weights: Float32Array;
  control: Int32Array;
  slot: number;
  thresholdWeight: number;
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
  const chunkSize = options.chunkSize ?? defaultChunkSize;
  const weights = new Float32Array(new SharedArrayBuffer(pairs.count * 4));
  const chunks = Math.ceil(pairs.count / chunkSize);
  const threads = Math.max(1, options.threads ?? Math.min(availableParallelism(), 4));
  const useWorkers =
    threads > 1 &&
    pairs.count >= (options.minPairsForWorkers ?? defaultMinPairsForWorkers) &&
    scorer.table.aliases === shippedAliasTable() &&
    pairs.left.buffer instanceof SharedArrayBuffer;
  const control = new Int32Array(new SharedArrayBuffer(4 * (failedSlots + threads)));
  const workers: Worker[] = [];
  if (useWorkers) {
    for (let slot = 1; slot < threads; slot++) {
      const job: ScoringJob = {
        model: scorer.model,
        size: scorer.table.size,
        columns: columnsRead(scorer.model, scorer.table),
        sources: scorer.table.sources,
        sourceNames: scorer.table.sourceNames,
        left: pairs.left.subarray(0, pairs.count),
        right: pairs.right.subarray(0, pairs.count),
        weights,
        control,
        slot,
        thresholdWeight,
        chunkSize,
      };
      const worker = new Worker(new URL('./scoring-worker.ts', import.meta.url), { workerData: job });
      // A chunk a worker fails is scored again here, and throws here if it must.
      worker.on('error', () => undefined);
      worker.unref();
      workers.push(worker);
    }
  }
  const left = pairs.left.subarray(0, pairs.count);
  const right = pairs.right.subarray(0, pairs.count);
  if (useWorkers && options.firstChunkByWorker) Atomics.wait(control, chunksDone, 0, 10_000);
  scoreChunks(scorer, left, right, weights, control, thresholdWeight, chunkSize, 0);
  // Wait for the chunks workers took; one a worker failed is scored here.
  for (;;) {
    const done = Atomics.load(control, chunksDone);
    if (done >= chunks) break;
    let retried = false;
    for (let slot = 1; slot < threads; slot++) {
      const failed = Atomics.exchange(control, failedSlots + slot, 0);
      if (failed === 0) continue;
      scoreChunk(scorer, left, right, weights, thresholdWeight, chunkSize, failed - 1);
      Atomics.add(control, chunksDone, 1);
      retried = true;
    }
    if (!retried) Atomics.wait(control, chunksDone, done, 50);
  }
  for (const worker of workers) void worker.terminate();

  let count = 0;
  for (let p = 0; p < pairs.count; p++) if (weights[p] !== Number.NEGATIVE_INFINITY) count++;
  const edges = {
    workerChunks: Atomics.load(control, workerChunks),
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

/** Takes chunks from the shared counter until none is left; a chunk that throws is handed back (`slot` > 0). */
export function scoreChunks(
  scorer: PairScorer,
  left: Int32Array,
  right: Int32Array,
  weights: Float32Array,
  control: Int32Array,
  thresholdWeight: number,
  chunkSize: number,
  slot: number,
): void {
  const chunks = Math.ceil(left.length / chunkSize);
  for (;;) {
    const chunk = Atomics.add(control, nextChunk, 1);
    if (chunk >= chunks) return;
    try {
      scoreChunk(scorer, left, right, weights, thresholdWeight, chunkSize, chunk);
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

/** Weighs one chunk of pairs: the weight where it reaches the threshold, -Infinity where it does not. */
function scoreChunk(
  scorer: PairScorer,
  left: Int32Array,
  right: Int32Array,
  weights: Float32Array,
  thresholdWeight: number,
  chunkSize: number,
  chunk: number,
): void {
  const end = Math.min(left.length, (chunk + 1) * chunkSize);
  for (let p = chunk * chunkSize; p < end; p++) {
    weights[p] = scorer.weightAtLeast(left[p]!, right[p]!, thresholdWeight);
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
