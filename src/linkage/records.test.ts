import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { recordsFromRows } from './records.ts';

describe('records from extract rows', () => {
  it('keeps records in order of their first row and their variants in file order', () => {
    const records = recordsFromRows('health', [
      { record_id: 'B', given_name: 'Ann', family_name: 'Lee' },
      { record_id: 'A', given_name: 'Bob' },
      { record_id: 'B', given_name: 'Anne', family_name: 'Lee' },
      { record_id: 'B', given_name: 'Ann', family_name: 'Lee' },
      { record_id: 'C', given_name: 'Cy', town: 'Leeds' },
      { record_id: 'B', given_name: 'Ann', family_name: 'Leigh' },
    ]);
    assert.deepEqual(records, [
      {
        source: 'health',
        recordId: 'B',
        variants: [
          { given_name: 'Ann', family_name: 'Lee' },
          { given_name: 'Anne', family_name: 'Lee' },
          { given_name: 'Ann', family_name: 'Leigh' },
        ],
      },
      { source: 'health', recordId: 'A', variants: [{ given_name: 'Bob' }] },
      { source: 'health', recordId: 'C', variants: [{ given_name: 'Cy', town: 'Leeds' }] },
    ]);
  });

  it('finds a record again when its rows are in order of record_id and when one comes out of order later', () => {
    const records = recordsFromRows('schools', [
      { record_id: 'A', given_name: 'Ann' },
      { record_id: 'A', given_name: 'Ann' },
      { record_id: 'A', given_name: 'Anne' },
      { record_id: 'B', given_name: 'Bob' },
      { record_id: 'C', given_name: 'Cy' },
      { record_id: 'A', given_name: 'Annie' },
      { record_id: 'C', given_name: 'Cy' },
      { record_id: 'B', given_name: 'Rob' },
      { record_id: 'D', given_name: 'Di' },
    ]);
    assert.deepEqual(
      records.map((record) => [record.recordId, record.variants.map((variant) => variant.given_name)]),
      [
        ['A', ['Ann', 'Anne', 'Annie']],
        ['B', ['Bob', 'Rob']],
        ['C', ['Cy']],
        ['D', ['Di']],
      ],
    );
  });

  it('leaves empty values out, so a missing, null and empty value are the same variant', () => {
    const [record] = recordsFromRows('police', [
      { record_id: 'P', given_name: 'Ann', family_name: null, town: '' },
      { record_id: 'P', given_name: 'Ann' },
      { record_id: 'P', given_name: 'Ann', family_name: '', town: null, postcode: undefined },
    ]);
    assert.deepEqual(record!.variants, [{ given_name: 'Ann' }]);
    assert.deepEqual(Object.keys(record!.variants[0]!), ['given_name']);
  });

  it('keeps the identity columns only, in the order of the extract', () => {
    const row = {
      record_id: 'R',
      fact: 'school_attendance',
      uprn: '12',
      postcode: 'LS6 2AB',
      town: 'Leeds',
      address_line_2: 'Flat 1',
      address_line_1: '3 Mill Lane',
      sex: 'F' as const,
      date_of_birth: '2015-01-02',
      family_name: 'Lee',
      given_name: 'Ann',
      nhs_number: '9434765919',
    };
    const [record] = recordsFromRows('schools', [row]);
    assert.deepEqual(Object.keys(record!.variants[0]!), [
      'nhs_number',
      'given_name',
      'family_name',
      'date_of_birth',
      'sex',
      'address_line_1',
      'address_line_2',
      'town',
      'postcode',
      'uprn',
    ]);
  });
});
