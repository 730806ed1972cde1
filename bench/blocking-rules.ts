/**
 * What each prediction blocking rule brings on a county with truth: its candidate pairs (after earlier rules'),
 * the true pairs among them, the pairs the trained model joins and the true pairs among those.
 *   node_modules/.bin/node --max-old-space-size-percentage=75 bench/blocking-rules.ts DIR
 * (DIR: a county written by `kindred synth`, with its truth_records.csv; the default model, trained on it)
 */
import {
  blockPairs,
  buildRecordTable,
  type CandidatePairs,
  defaultModel,
  PairScorer,
  probabilityToWeight,
  trainModel,
} from '../src/linkage/index.ts';
import { scoreCandidates } from '../src/linkage/score-pairs.ts';
import { countyFromDirectory } from './linkage-datasets.ts';

const directory = process.argv[2];
if (!directory) throw new Error('Give the directory of a county: bench/blocking-rules.ts DIR');
const county = await countyFromDirectory(directory);
const table = buildRecordTable(county.records);
const untrained = defaultModel();
const { pairs, analysis } = blockPairs(table, untrained.blocking_rules_to_generate_predictions, {
  maxBlockSize: untrained.kindred_clustering.max_block_size,
});
const model = trainModel(untrained, table, pairs).model;
const threshold = probabilityToWeight(model.kindred_clustering.threshold_match_probability);
const scorer = new PairScorer(model, table);
const same = (left: number, right: number): boolean => county.truth[left] === county.truth[right];

// A rule's pairs follow the earlier rules' in the candidates.
let from = 0;
const rules = analysis.map((rule) => {
  const slice: CandidatePairs = {
    count: rule.pairs,
    left: pairs.left.subarray(from, from + rule.pairs),
    right: pairs.right.subarray(from, from + rule.pairs),
    rule: pairs.rule.subarray(from, from + rule.pairs),
  };
  from += rule.pairs;
  let truePairs = 0;
  for (let p = 0; p < slice.count; p++) if (same(slice.left[p]!, slice.right[p]!)) truePairs++;
  const joined = scoreCandidates(scorer, slice, threshold);
  let trueJoined = 0;
  for (let e = 0; e < joined.count; e++) if (same(joined.left[e]!, joined.right[e]!)) trueJoined++;
  return {
    blocking_rule: rule.blocking_rule,
    candidate_pairs: rule.pairs,
    true_pairs: truePairs,
    joined: joined.count,
    true_joined: trueJoined,
  };
});
for (const rule of rules) console.log(JSON.stringify(rule));
