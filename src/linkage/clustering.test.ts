import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clusterRecords } from './clustering.ts';
import { linkRecords } from './link.ts';
import { handTrainedModel, record } from './linkage-fixtures.test-support.ts';
import type { PairScorer } from './scoring.ts';

const address = { address_line_1: '12 High Street', town: 'Leeds', postcode: 'LS6 2AB' };

describe('clustering safeguards', () => {
  it('keeps a father and son of one name at one address apart, though a record without a date of birth fits both', () => {
    const father = record('police', {
      given_name: 'John',
      family_name: 'Smith',
      date_of_birth: '1961-03-04',
      sex: 'M',
      ...address,
    });
    const son = record('school', {
      given_name: 'John',
      family_name: 'Smith',
      date_of_birth: '1995-07-08',
      sex: 'M',
      ...address,
    });
    const councilTax = record('council_tax', { given_name: 'John', family_name: 'Smith', ...address });
    const result = linkRecords([father, son, councilTax], { model: handTrainedModel(), train: false });
    const [fatherId, sonId, councilTaxId] = result.personIds;
    assert.notEqual(fatherId, sonId);
    assert.ok(
      councilTaxId === fatherId || councilTaxId === sonId,
      'the council tax record joins one of them',
    );
  });

  it('keeps twins apart: same family name, date of birth and address, different first names', () => {
    const twinA = record('school', {
      given_name: 'Amelia',
      family_name: 'Khan',
      date_of_birth: '2012-05-01',
      sex: 'F',
      ...address,
    });
    const twinB = record('school', {
      given_name: 'Olivia',
      family_name: 'Khan',
      date_of_birth: '2012-05-01',
      sex: 'F',
      ...address,
    });
    const result = linkRecords([twinA, twinB], { model: handTrainedModel(), train: false });
    assert.notEqual(result.personIds[0], result.personIds[1]);
  });

  it('brings together a mover with a nickname and a typo, and a swapped day and month', () => {
    const before = record('housing', {
      given_name: 'William',
      family_name: 'Jones',
      date_of_birth: '1980-02-07',
      ...address,
    });
    const after = record('police', {
      given_name: 'Bill',
      family_name: 'Jnoes',
      date_of_birth: '1980-07-02',
      address_line_1: '3 Park Road',
      town: 'Bradford',
      postcode: 'BD1 1AA',
    });
    const result = linkRecords([before, after], { model: handTrainedModel(), train: false });
    assert.equal(result.personIds[0], result.personIds[1]);
  });

  it('does not join two groups through one good pair when their other pairs disagree', () => {
    // Records 0 and 1 are one person, 2 and 3 another; 1 and 2 look alike (a vague record), 0 and 3 do not.
    const weights = [
      [0, 20, -30, -30],
      [20, 0, 15, -30],
      [-30, 15, 0, 20],
      [-30, -30, 20, 0],
    ];
    const scorer = {
      table: { size: 4 },
      comparisons: [],
      model: { comparisons: [] },
      levelWeights: [],
      weight: (i: number, j: number) => weights[i]![j]!,
      levelsOf: () => false,
    } as unknown as PairScorer;
    const edges = {
      count: 3,
      left: Int32Array.of(0, 2, 1),
      right: Int32Array.of(1, 3, 2),
      weight: Float32Array.of(20, 20, 15),
    };
    const coherent = clusterRecords(scorer, edges, { cannotLink: [], minMeanWeight: -5 });
    assert.deepEqual([...coherent.personOf], [0, 0, 2, 2]);
    assert.equal(coherent.refusedJoins, 1);
    const connected = clusterRecords(scorer, edges, { cannotLink: [] });
    assert.deepEqual([...connected.personOf], [0, 0, 0, 0], 'connected components alone would chain them');
  });
});
