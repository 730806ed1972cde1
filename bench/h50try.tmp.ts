import { defaultModel, linkRecords } from '../src/linkage/index.ts';
import { benchmarkSets, countyFromDirectory, pairwiseQuality } from './linkage-datasets.ts';

const [name = 'historical_50k', ...extra] = process.argv.slice(2);
const set = name.startsWith('county=') ? await countyFromDirectory(name.slice(7)) : await benchmarkSets[name]!();
const model = defaultModel();
for (const rule of extra) {
  const [text, max] = rule.split('@');
  model.blocking_rules_to_generate_predictions.push(max ? { blocking_rule: text!, kindred_max_block_size: Number(max) } : { blocking_rule: text! });
}
const t = performance.now();
const result = linkRecords(set.records, { model });
const q = pairwiseQuality(result.personIds, set.truth);
console.log(name, 'P', q.precision.toFixed(4), 'R', q.recall.toFixed(4), 'F1', q.f1.toFixed(4), 'cand', result.figures.candidate_pairs, 's', ((performance.now() - t) / 1000).toFixed(1));
if (process.env.RULES) for (const a of result.blocking) console.log(String((a as { pairs?: number }).pairs ?? JSON.stringify(a)).padStart(9), JSON.stringify(a).slice(0, 160));
