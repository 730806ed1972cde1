import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runKindred } from '../../../test/cli/run-kindred.ts';
import type { LinkageModel } from '../../linkage/index.ts';

describe('kindred model train and show', () => {
  const directory = mkdtempSync(join(tmpdir(), 'kindred-model-'));
  const county = join(directory, 'county');
  const sources = ['police', 'schools', 'council_tax'].map(
    (source) => `${source}=${join(county, `${source}.csv`)}`,
  );
  const modelPath = join(directory, 'model.json');
  after(() => rmSync(directory, { recursive: true, force: true }));

  before(async () => {
    const synth = await runKindred([
      'synth',
      '--people',
      '600',
      '--seed',
      '3',
      '--as-of',
      '2025-11-01',
      '--out',
      county,
    ]);
    assert.equal(synth.code, 0, synth.stderr);
  });

  it('trains on the files alone, and linking with that model gives the people linking trains for itself', async () => {
    const trained = await runKindred([
      'model',
      'train',
      ...sources,
      '--today',
      '2025-11-01',
      '--out',
      modelPath,
    ]);
    assert.equal(trained.code, 0, trained.stderr);
    assert.match(trained.stderr, /Trained on [\d,]+ records; the model is in /);
    const model = JSON.parse(readFileSync(modelPath, 'utf8')) as LinkageModel;
    assert.ok((model.kindred_trained?.candidate_pairs ?? 0) > 0);
    assert.ok(
      model.probability_two_random_records_match > 0 && model.probability_two_random_records_match < 1,
    );
    for (const comparison of model.comparisons) {
      for (const level of comparison.comparison_levels.filter((each) => !each.is_null_level)) {
        assert.ok(
          level.m_probability! > 0 && level.m_probability! <= 1,
          `${comparison.output_column_name} m`,
        );
        assert.ok(
          level.u_probability! > 0 && level.u_probability! <= 1,
          `${comparison.output_column_name} u`,
        );
      }
    }

    const withModel = join(directory, 'with-model.csv');
    const selfTrained = join(directory, 'self-trained.csv');
    const linked = await runKindred([
      'link',
      '--model',
      modelPath,
      ...sources,
      '--today',
      '2025-11-01',
      '--out',
      withModel,
    ]);
    assert.equal(linked.code, 0, linked.stderr);
    assert.doesNotMatch(linked.stderr, /\btrain\b/, 'a trained model is used as it is');
    const alone = await runKindred(['link', ...sources, '--today', '2025-11-01', '--out', selfTrained]);
    assert.equal(alone.code, 0, alone.stderr);
    assert.match(alone.stderr, /\btrain\b/);
    assert.equal(readFileSync(withModel, 'utf8'), readFileSync(selfTrained, 'utf8'));
  });

  it('shows λ, the blocking rules and every level with m, u and its weight in bits', async () => {
    const shown = await runKindred(['model', 'show', modelPath]);
    assert.equal(shown.code, 0, shown.stderr);
    const model = JSON.parse(readFileSync(modelPath, 'utf8')) as LinkageModel;
    assert.match(shown.stdout, /Trained \S+ on [\d,]+ records, [\d,]+ candidate pairs\./);
    assert.match(shown.stdout, /Probability two random records match \(λ\): /);
    assert.match(shown.stdout, /1\. l\.nhs_number = r\.nhs_number/);
    const nhs = model.comparisons.find((comparison) => comparison.output_column_name === 'nhs_number')!;
    const exact = nhs.comparison_levels.find((level) => level.label_for_charts === 'Exact match')!;
    const bits = Math.log2(exact.m_probability! / exact.u_probability!);
    assert.match(
      shown.stdout,
      new RegExp(`Exact match\\s+${exact.m_probability!.toFixed(4)}\\s+\\S+\\s+\\+${bits.toFixed(2)}`),
    );
    for (const comparison of model.comparisons)
      assert.match(shown.stdout, new RegExp(`^${comparison.output_column_name}: `, 'm'));
  });

  it('says what is wrong: no files, no --out, a file that is not a model', async () => {
    const noOut = await runKindred(['model', 'train', ...sources]);
    assert.equal(noOut.code, 2);
    assert.match(noOut.stderr, /--out is required/);
    const noFiles = await runKindred(['model', 'train', '--out', join(directory, 'x.json')]);
    assert.equal(noFiles.code, 2);
    const notModel = join(directory, 'not-a-model.json');
    writeFileSync(notModel, '{"hello": 1}');
    const shown = await runKindred(['model', 'show', notModel]);
    assert.equal(shown.code, 1);
    assert.match(shown.stderr, /is not a Kindred model of version 1/);
    const group = await runKindred(['model']);
    assert.match(group.stdout, /kindred model train/);
    assert.match(group.stdout, /kindred model show/);
  });
});
