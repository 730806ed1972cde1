import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runKindred } from '../../../test/cli/run-kindred.ts';
import { defaultModel, type LinkageModel } from '../../linkage/index.ts';
import { handTrainedModel } from '../../linkage/linkage-fixtures.test-support.ts';

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

describe('kindred model import and export', () => {
  const directory = mkdtempSync(join(tmpdir(), 'kindred-model-store-'));
  const env = { KINDRED_DATA_DIR: join(directory, 'data') };
  const modelPath = join(directory, 'model.json');
  const exported = join(directory, 'exported.json');
  after(() => rmSync(directory, { recursive: true, force: true }));

  before(async () => {
    writeFileSync(modelPath, JSON.stringify(handTrainedModel()));
    for (const [email, role, organisation, kind] of [
      ['analyst@northtown.example', 'analyst', 'Northtown Council', 'council'],
      ['data@police.example', 'partner_data_officer', 'Northtown Police', 'police'],
    ] as const) {
      const added = await runKindred(
        [
          'user',
          'add',
          '--email',
          email,
          '--name',
          role,
          '--organisation',
          organisation,
          '--organisation-kind',
          kind,
          '--role',
          role,
        ],
        env,
      );
      assert.equal(added.code, 0, added.stderr);
    }
  });

  it('keeps a trained model as a new version and writes it back out unchanged', async () => {
    const imported = await runKindred(
      ['model', 'import', modelPath, '--as', 'analyst@northtown.example', '--note', 'first'],
      env,
    );
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /as version 1 of the council's linkage model/);
    const again = await runKindred(['model', 'import', modelPath, '--as', 'analyst@northtown.example'], env);
    assert.match(again.stdout, /as version 2 /);

    const written = await runKindred(
      ['model', 'export', '--as', 'analyst@northtown.example', '--version', '1', '--out', exported],
      env,
    );
    assert.equal(written.code, 0, written.stderr);
    assert.match(written.stdout, /Wrote version 1 /);
    assert.deepEqual(JSON.parse(readFileSync(exported, 'utf8')), JSON.parse(readFileSync(modelPath, 'utf8')));
  });

  it('refuses an untrained model, an unknown version and anyone but the council coordinators and analysts', async () => {
    const untrained = join(directory, 'untrained.json');
    writeFileSync(untrained, JSON.stringify(defaultModel()));
    const refused = await runKindred(
      ['model', 'import', untrained, '--as', 'analyst@northtown.example'],
      env,
    );
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /cannot be imported: it is not trained/);
    const unknown = await runKindred(
      ['model', 'export', '--as', 'analyst@northtown.example', '--version', '9', '--out', exported],
      env,
    );
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no version 9 of its linkage model/);
    const partner = await runKindred(['model', 'import', modelPath, '--as', 'data@police.example'], env);
    assert.equal(partner.code, 1);
    assert.match(partner.stderr, /is not a council coordinator or analyst/);
    const nobody = await runKindred(['model', 'export', '--out', exported], env);
    assert.equal(nobody.code, 2);
    assert.match(nobody.stderr, /--as EMAIL is required/);
  });
});
