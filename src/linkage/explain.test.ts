import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explainPair } from './explain.ts';
import { linkRecords } from './link.ts';
import { handTrainedModel, record } from './linkage-fixtures.test-support.ts';

describe('explanations', () => {
  it('gives each comparison’s weight, adding up to the pair’s match weight', () => {
    const result = linkRecords(
      [
        record('a', {
          given_name: 'Liz',
          family_name: 'Taylor',
          date_of_birth: '1990-01-02',
          postcode: 'LS6 2AB',
        }),
        record('b', {
          given_name: 'Elizabeth',
          family_name: 'Taylor',
          date_of_birth: '1990-01-02',
          postcode: 'LS6 2QQ',
        }),
      ],
      { model: handTrainedModel(), train: false },
    );
    const explanation = explainPair(result.scorer, 0, 1);
    const total = explanation.bars.reduce(
      (sum, bar) => sum + bar.log2_bayes_factor,
      explanation.prior.log2_bayes_factor,
    );
    assert.ok(Math.abs(total - explanation.match_weight) < 1e-9);
    assert.ok(Math.abs(explanation.match_weight - result.scorer.weight(0, 1)) < 1e-9);
    const byName = Object.fromEntries(explanation.bars.map((bar) => [bar.column_name, bar]));
    assert.equal(byName.given_name!.label_for_charts, 'Known alias (nickname)');
    assert.equal(byName.postcode!.label_for_charts, 'Same postcode sector');
    assert.equal(byName.nhs_number!.comparison_vector_value, -1);
    assert.equal(byName.nhs_number!.log2_bayes_factor, 0);
    assert.ok(byName.date_of_birth!.log2_bayes_factor > 0);
    assert.ok(explanation.match_probability > 0.5);
  });

  it('compares names crosswise when given and family names were entered the other way round', () => {
    const result = linkRecords(
      [
        record('a', { given_name: 'Isla', family_name: 'Hall' }),
        record('b', { given_name: 'Hall', family_name: 'Isla' }),
      ],
      { model: handTrainedModel(), train: false },
    );
    const explanation = explainPair(result.scorer, 0, 1);
    assert.ok(explanation.names_swapped);
    assert.equal(
      explanation.bars.find((bar) => bar.column_name === 'family_name')!.label_for_charts,
      'Exact match',
    );
  });
});
