/**
 * Time scoring a county's candidate pairs, apart from the stages before it:
 *   node_modules/.bin/node --max-old-space-size-percentage=75 bench/scoring.ts DIR [--runs 3] [--threads N]
 *     [--model FILE] [--today 2025-11-01]
 * (DIR: a county written by `kindred synth`. The model is trained on the county first unless --model gives a
 * trained one, e.g. from `kindred model train`. Each run scores every candidate pair with a new scorer, so its
 * caches start cold as in `kindred link`'s workers.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readExtractRows } from '../src/cli/extract-files.ts';
import {
  blockPairs,
  buildRecordTable,
  defaultModel,
  type LinkageModel,
  type LinkageRecord,
  PairScorer,
  probabilityToWeight,
  recordsFromRows,
  trainModel,
} from '../src/linkage/index.ts';
import { scoreCandidates } from '../src/linkage/score-pairs.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '3' },
    threads: { type: 'string' },
    model: { type: 'string' },
    today: { type: 'string', default: '2025-11-01' },
  },
});
const directory = positionals[0];
if (!directory) throw new Error('Give the directory of a county: bench/scoring.ts DIR');

const records: LinkageRecord[] = [];
for (const file of readdirSync(directory).sort()) {
  if (!file.endsWith('.csv') || file.startsWith('truth_')) continue;
  const { rows } = await readExtractRows(`${directory}/${file}`, values.today);
  for (const record of recordsFromRows(file.slice(0, -4), rows)) records.push(record);
}
const table = buildRecordTable(records);
let model: LinkageModel = values.model ? JSON.parse(readFileSync(values.model, 'utf8')) : defaultModel();
const { pairs } = blockPairs(table, model.blocking_rules_to_generate_predictions, {
  maxBlockSize: model.kindred_clustering.max_block_size,
});
if (!values.model) model = trainModel(model, table, pairs).model;
const threshold = probabilityToWeight(model.kindred_clustering.threshold_match_probability);

const runs: { seconds: number; cpu_seconds: number; matched: number; worker_chunks: number }[] = [];
for (let run = 0; run < Number(values.runs); run++) {
  const scorer = new PairScorer(model, table);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const edges = scoreCandidates(
    scorer,
    pairs,
    threshold,
    values.threads ? { threads: Number(values.threads) } : {},
  );
  const cpu = process.cpuUsage(cpuBefore);
  runs.push({
    seconds: Number(((performance.now() - started) / 1000).toFixed(2)),
    // This thread and the collector's; workers' time is not counted.
    cpu_seconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
    matched: edges.count,
    worker_chunks: edges.workerChunks,
  });
}
const sorted = runs.map((run) => run.seconds).sort((a, b) => a - b);
console.log(
  JSON.stringify({
    county: directory,
    records: table.size,
    candidate_pairs: pairs.count,
    median_seconds: sorted[Math.floor(sorted.length / 2)],
    pairs_per_second: Math.round(pairs.count / sorted[Math.floor(sorted.length / 2)]!),
    runs,
  }),
);
