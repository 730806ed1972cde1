import { workerData } from 'node:worker_threads';
import { type Column, type ColumnName, columnNames, type RecordTable } from './record-table.ts';
import { type ScoringJob, scoreChunks } from './score-pairs.ts';
import { PairScorer } from './scoring.ts';
import { shippedAliasTable } from './standardise/aliases.ts';

// A scoring worker (see score-pairs.ts): rebuilds the table from the columns it was given (the others
// empty: no comparison reads them) and scores chunks until none is left.
const job = workerData as ScoringJob;
const empty: Column = {
  offsets: new Int32Array(job.size + 1),
  ids: new Int32Array(0),
  values: [''],
  counts: new Int32Array(1),
};
const table: RecordTable = {
  size: job.size,
  columns: Object.fromEntries(columnNames.map((name) => [name, job.columns[name] ?? empty])) as Record<
    ColumnName,
    Column
  >,
  aliases: shippedAliasTable(),
  sources: job.sources,
  sourceNames: job.sourceNames,
};
scoreChunks(
  new PairScorer(job.model, table),
  job.left,
  job.right,
  job.weights,
  job.control,
  job.thresholdWeight,
  job.chunkSize,
  job.slot,
);
