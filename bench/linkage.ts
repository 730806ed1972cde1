/**
 * Linkage quality and timing on the public benchmark sets:
 *   node_modules/.bin/node bench/linkage.ts [febrl3 febrl4 fake_1000 historical_50k county=DIR]
 * (county=DIR: a county written by `kindred synth`, with its truth_records.csv)
 */
import { linkRecords } from '../src/linkage/index.ts';
import { benchmarkSets, countyFromDirectory, pairwiseQuality } from './linkage-datasets.ts';

const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(benchmarkSets);
for (const name of names) {
  const loadSet = name.startsWith('county=') ? () => countyFromDirectory(name.slice(7)) : benchmarkSets[name];
  if (!loadSet)
    throw new Error(`Unknown benchmark set ${name}; known: ${Object.keys(benchmarkSets).join(', ')}`);
  const set = await loadSet();
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const result = linkRecords(set.records);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  const quality = pairwiseQuality(result.personIds, set.truth);
  console.log(
    JSON.stringify({
      set: name,
      records: set.records.length,
      precision: Number(quality.precision.toFixed(4)),
      recall: Number(quality.recall.toFixed(4)),
      f1: Number(quality.f1.toFixed(4)),
      predicted_pairs: quality.predicted_pairs,
      true_pairs: quality.true_pairs,
      candidate_pairs: result.figures.candidate_pairs,
      matched_pairs: result.figures.matched_pairs,
      refused_joins: result.figures.refused_joins,
      seconds: Number(seconds.toFixed(2)),
      // User + system CPU of this process (garbage-collector threads included): steadier than wall
      // clock when others share the machine.
      cpu_seconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
      stages: Object.fromEntries(
        Object.entries(result.figures.seconds).map(([stage, s]) => [stage, Number(s.toFixed(2))]),
      ),
      lambda: result.model.probability_two_random_records_match,
    }),
  );
  if (process.env.KINDRED_BENCH_VERBOSE) {
    console.log(JSON.stringify(result.blocking.map((rule) => [rule.blocking_rule, rule.pairs])));
    for (const comparison of result.model.comparisons) {
      console.log(
        comparison.output_column_name,
        comparison.comparison_levels
          .filter((level) => !level.is_null_level)
          .map(
            (level) =>
              `${level.label_for_charts}: m=${level.m_probability?.toFixed(4)} u=${level.u_probability?.toExponential(2)} w=${Math.log2((level.m_probability ?? 0) / (level.u_probability ?? 1)).toFixed(1)}`,
          )
          .join(' | '),
      );
    }
  }
}
