import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { linkIncrementally, linkRecords } from './link.ts';
import { handTrainedModel, record } from './linkage-fixtures.test-support.ts';
import { recordsFromRows } from './records.ts';

describe('records from extract rows', () => {
  it('groups rows by record_id and keeps each identity variant once', () => {
    const records = recordsFromRows('police', [
      { record_id: 'N1', given_name: 'Ann', family_name: 'Lee', postcode: 'LS6 2AB' },
      { record_id: 'N1', given_name: 'Ann', family_name: 'Lee', postcode: 'LS6 2AB' },
      { record_id: 'N1', given_name: 'Ann', family_name: 'Lee', postcode: 'BD1 1AA' },
      { record_id: 'N2', given_name: 'Bob', family_name: null },
    ]);
    assert.equal(records.length, 2);
    assert.equal(records[0]!.variants.length, 2);
    assert.deepEqual(records[1]!.variants, [{ given_name: 'Bob' }]);
  });

  it('matches on any of a record’s variants', () => {
    const [moved] = recordsFromRows('housing', [
      {
        record_id: 'H1',
        given_name: 'Ann',
        family_name: 'Lee',
        date_of_birth: '1980-01-01',
        postcode: 'LS6 2AB',
      },
      {
        record_id: 'H1',
        given_name: 'Ann',
        family_name: 'Brown',
        date_of_birth: '1980-01-01',
        postcode: 'BD1 1AA',
      },
    ]);
    const married = record('school', {
      given_name: 'Ann',
      family_name: 'Brown',
      date_of_birth: '1980-01-01',
      postcode: 'BD1 1AA',
    });
    const result = linkRecords([moved!, married], { model: handTrainedModel(), train: false });
    assert.equal(result.personIds[0], result.personIds[1]);
  });
});

describe('incremental linking', () => {
  it('links new records to existing people without relinking the old ones, and keeps their ids', () => {
    const model = handTrainedModel();
    const existing = [
      record('police', {
        given_name: 'Ann',
        family_name: 'Lee',
        date_of_birth: '1980-01-01',
        postcode: 'LS6 2AB',
      }),
      record('police', {
        given_name: 'Sam',
        family_name: 'Khan',
        date_of_birth: '1990-02-02',
        postcode: 'LS6 2AB',
      }),
    ];
    const first = linkRecords(existing, { model, train: false });
    const added = [
      record('school', {
        given_name: 'Annie',
        family_name: 'Lee',
        date_of_birth: '1980-01-01',
        postcode: 'LS6 2AB',
      }),
      record('school', {
        given_name: 'Zara',
        family_name: 'Patel',
        date_of_birth: '2001-03-03',
        postcode: 'LS9 9ZZ',
      }),
    ];
    const next = linkIncrementally(
      existing.map((entry, index) => ({ record: entry, personId: first.personIds[index]! })),
      added,
      { model },
    );
    assert.deepEqual(next.personIds.slice(0, 2), first.personIds);
    assert.equal(next.personIds[2], first.personIds[0]);
    assert.ok(!first.personIds.includes(next.personIds[3]!));
    assert.equal(next.figures.candidate_pairs > 0, true);
    assert.ok(
      next.blocking.every((rule) => rule.pairs_before_exclusion <= 4),
      'only pairs with a new record',
    );
  });
});

describe('training', () => {
  it('trains m, u and λ on the records themselves and writes them into the model', () => {
    const people = [
      'Ann Lee',
      'Bob Khan',
      'Cat Jones',
      'Dan Smith',
      'Eve Brown',
      'Fay Green',
      'Guy Patel',
      'Hal Ward',
    ];
    const rows = people.flatMap((name, index) => {
      const [given, family] = name.split(' ');
      const born = `19${70 + index}-0${(index % 9) + 1}-1${index % 9}`;
      return [
        {
          record_id: `${index}a`,
          given_name: given!,
          family_name: family!,
          date_of_birth: born,
          postcode: `LS${index} 1AB`,
        },
        {
          record_id: `${index}b`,
          given_name: given!,
          family_name: family!,
          date_of_birth: born,
          postcode: `LS${index} 1AB`,
        },
      ];
    });
    const result = linkRecords(recordsFromRows('a', rows));
    assert.ok(result.training);
    const givenName = result.model.comparisons.find(
      (comparison) => comparison.output_column_name === 'given_name',
    )!;
    const exact = givenName.comparison_levels[1]!;
    assert.ok(exact.m_probability! > exact.u_probability!);
    assert.ok(result.model.probability_two_random_records_match > 0);
    assert.equal(result.figures.people, people.length);
  });
});
