import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { countyFromDirectory } from '../../bench/linkage-datasets.ts';
import { explainPair, type LinkResult, linkRecords } from '../linkage/index.ts';
import { handTrainedModel, record } from '../linkage/linkage-fixtures.test-support.ts';
import { generateCounty } from '../synth/index.ts';
import { evidenceRecordKey, linkageEvidence, type PairRecord, reviewBandBits } from './linkage-evidence.ts';
import { PairExplainer } from './pair-explanations.ts';

/** A kept pair and its records' values as the database gives them back: through JSON, as a run stores them. */
const asStored = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Each kept pair's explanation rebuilt from the stored facts and the run's model, beside explainPair's. */
function rebuiltAndExplained(linkage: LinkResult) {
  const evidence = linkageEvidence(linkage, () => 'F1');
  const explainer = new PairExplainer(asStored(evidence.model));
  const index = new Map(linkage.records.map((each, i) => [evidenceRecordKey(each.source, each.recordId), i]));
  return evidence.pairs.map((stored: PairRecord) => {
    const pair = asStored(stored);
    const side = (source: string, recordId: string) => ({
      source,
      comparedValues: asStored(evidence.comparedValues.get(evidenceRecordKey(source, recordId))!),
    });
    return {
      pair,
      rebuilt: explainer.explain(
        pair,
        side(pair.left_source, pair.left_record_id),
        side(pair.right_source, pair.right_record_id),
      ),
      explained: explainPair(
        linkage.scorer,
        index.get(evidenceRecordKey(pair.left_source, pair.left_record_id))!,
        index.get(evidenceRecordKey(pair.right_source, pair.right_record_id))!,
      ),
    };
  });
}

describe('explanations rebuilt from what a run keeps', () => {
  const people = 1_500;
  let directory = '';
  let linkage: LinkResult;

  before(async () => {
    directory = await mkdtemp(join(tmpdir(), 'kindred-pair-explanations-'));
    await generateCounty({ people, seed: 5, asOf: '2025-11-01', outDir: directory });
    linkage = linkRecords((await countyFromDirectory(directory)).records, { reviewBand: reviewBandBits });
  });
  after(async () => {
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('equal explainPair’s for every kept pair of a county linked with a model trained on it', () => {
    const pairs = rebuiltAndExplained(linkage);
    assert.ok(pairs.length > 500, `${pairs.length} pairs kept`);
    for (const { pair, rebuilt, explained } of pairs)
      assert.deepEqual(rebuilt, explained, JSON.stringify(pair));
    const bars = pairs.flatMap((each) => each.explained.bars);
    assert.ok(
      bars.some((bar) => Math.abs(bar.tf_adjustment) > 0.01),
      'some pairs carry term-frequency adjustments',
    );
    assert.ok(
      pairs.some((each) => each.explained.same_home),
      'some pairs share a home',
    );
    assert.ok(
      bars.some((bar) => bar.value_l.includes('|') || bar.value_r.includes('|')),
      'some records have several values',
    );
    assert.ok(
      pairs.some((each) => each.pair.near_threshold && each.pair.person_id === null),
      'some pairs are near the threshold between two people',
    );
  });

  it('keep no labels, values or explanation in a pair, and each record’s values once', () => {
    const { pairs, model, comparedValues } = linkageEvidence(linkage, () => 'F1');
    for (const values of comparedValues.values())
      assert.equal(values.length, model.comparisons.length, 'a record keeps each column once');
    const labels = model.comparisons.flatMap((comparison) =>
      comparison.comparison_levels.map((level) => level.label_for_charts),
    );
    for (const pair of pairs.slice(0, 200)) {
      assert.deepEqual(Object.keys(pair).sort(), [
        'family_id',
        'left_record_id',
        'left_source',
        'levels',
        'log2_bayes_factors',
        'match_probability',
        'match_weight',
        'names_swapped',
        'near_threshold',
        'pair_no',
        'person_id',
        'right_record_id',
        'right_source',
      ]);
      const text = JSON.stringify(pair);
      for (const label of labels) assert.ok(!text.includes(label), `a pair carries the label ${label}`);
      assert.equal(pair.levels.length, model.comparisons.length);
      assert.equal(pair.log2_bayes_factors.length, model.comparisons.length);
    }
  });

  it('show the values compared crosswise when given and family names were entered the other way round', () => {
    const crosswise = linkRecords(
      [
        record('a', { given_name: 'Isla', family_name: 'Hall', date_of_birth: '2001-02-03' }),
        record('b', { given_name: 'Hall', family_name: 'Isla', date_of_birth: '2001-02-03' }),
      ],
      { model: handTrainedModel(), train: false, reviewBand: reviewBandBits },
    );
    const [only] = rebuiltAndExplained(crosswise);
    assert.ok(only, 'the pair is kept');
    assert.ok(only.explained.names_swapped);
    assert.deepEqual(only.rebuilt, only.explained);
    const family = only.rebuilt.bars.find((bar) => bar.column_name === 'family_name')!;
    assert.deepEqual([family.value_l, family.value_r], ['hall', 'hall']);
  });
});
