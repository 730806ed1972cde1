import { workerData } from 'node:worker_threads';
import { type Column, type ColumnName, columnNames, type RecordTable } from './record-table.ts';
import { type PairsJob, workOnChunks } from './score-pairs.ts';
import { PairScorer } from './scoring.ts';
import { singleValues } from './single-values.ts';
import { shippedAliasTable } from './standardise/aliases.ts';

// A worker of score-pairs.ts: rebuilds the table from the columns it was given (the others empty: no
// comparison reads them) and does chunks of pairs until none is left.
const job = workerData as PairsJob;
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
singleValues(table, job.singles);
workOnChunks(
  new PairScorer(job.model, table),
  job.left,
  job.right,
  job.task,
  job.control,
  job.chunkSize,
  job.slot,
);
