/**
 * The engine's part of keeping a run's explanations: after linking a synthetic county (with the review band, as a
 * run links), the time to shape what is kept of its pairs (`linkageEvidence`) and to write it as the JSON a run's
 * batches carry, that JSON's size, and the time to rebuild the pairs' explanations from the kept model.
 *
 *   node_modules/.bin/node bench/linkage-evidence-engine.ts --county DIR   (a directory from `kindred synth`)
 */
import { parseArgs } from 'node:util';
import {
  evidenceRecordKey,
  linkageEvidence,
  reviewBandBits,
} from '../src/clerical-review/linkage-evidence.ts';
import { PairExplainer } from '../src/clerical-review/pair-explanations.ts';
import { linkRecords } from '../src/linkage/index.ts';
import { countyFromDirectory } from './linkage-datasets.ts';

const { values } = parseArgs({
  options: { county: { type: 'string' }, runs: { type: 'string', default: '3' } },
});
if (!values.county) throw new Error('--county DIR is required');
const linkage = linkRecords((await countyFromDirectory(values.county)).records, {
  reviewBand: reviewBandBits,
});
for (let run = 0; run < Number(values.runs); run++) {
  const started = performance.now();
  const evidence = linkageEvidence(linkage, () => 'F1');
  const shaped = performance.now();
  const { pairs } = evidence;
  const json = JSON.stringify(pairs);
  const values = JSON.stringify([...evidence.comparedValues.values()]);
  const rebuilding = performance.now();
  // What the pages do when read: bind the model once, then rebuild each pair they show.
  const explainer = new PairExplainer(JSON.parse(JSON.stringify(evidence.model)));
  const bound = performance.now();
  const side = (source: string, recordId: string) => ({
    source,
    comparedValues: evidence.comparedValues.get(evidenceRecordKey(source, recordId))!,
  });
  for (const pair of pairs)
    explainer.explain(
      pair,
      side(pair.left_source, pair.left_record_id),
      side(pair.right_source, pair.right_record_id),
    );
  const rebuilt = performance.now();
  console.log(
    JSON.stringify({
      pairs: pairs.length,
      shapeSeconds: Number(((shaped - started) / 1000).toFixed(3)),
      jsonSeconds: Number(((performance.now() - shaped) / 1000).toFixed(3)),
      pairJsonBytes: json.length,
      recordValuesJsonBytes: values.length,
      bindModelMs: Number((bound - rebuilding).toFixed(2)),
      rebuildMicrosecondsPerPair: Number((((rebuilt - bound) * 1000) / pairs.length).toFixed(1)),
    }),
  );
}
