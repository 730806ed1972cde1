import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formHouseholds, type HouseholdRecord, householdMembers } from './form-households.ts';

let recordNumber = 0;
function record(person_id: string, source: string, fields: Partial<HouseholdRecord> = {}): HouseholdRecord {
  recordNumber++;
  return { source, record_id: `R${recordNumber}`, person_id, ...fields };
}

/** Households as sorted lists of sorted person ids. */
function groups(records: HouseholdRecord[]): string[][] {
  return [...householdMembers(formHouseholds(records)).values()].map((members) => members.sort()).sort();
}

describe('households by the reference rule', () => {
  it('joins people whose records share a household_ref within one source', () => {
    const records = [
      record('P1', 'dwp', { household_ref: 'claim-9' }),
      record('P2', 'dwp', { household_ref: 'claim-9' }),
      record('P3', 'police', { household_ref: 'claim-9' }),
    ];
    assert.deepEqual(groups(records), [['P1', 'P2'], ['P3']]);
  });

  it('joins people whose records share a uprn, across sources', () => {
    const records = [
      record('P1', 'dwp', { uprn: '100' }),
      record('P2', 'school', { uprn: '100' }),
      record('P3', 'school', { uprn: '101' }),
    ];
    assert.deepEqual(groups(records), [['P1', 'P2'], ['P3']]);
  });

  it('reads a uprn as a number, leading zeros and spaces aside', () => {
    const records = [
      record('P1', 'dwp', { uprn: '000100023' }),
      record('P2', 'school', { uprn: ' 100023 ' }),
    ];
    assert.deepEqual(groups(records), [['P1', 'P2']]);
  });

  it('joins on the same normalised address when at least one record has no uprn', () => {
    const records = [
      record('P1', 'dwp', { address_line_1: '10 High St.', postcode: 'me14 1xx', uprn: '100' }),
      record('P2', 'school', { address_line_1: '10, HIGH STREET', postcode: 'ME14 1XX' }),
    ];
    assert.deepEqual(groups(records), [['P1', 'P2']]);
  });

  it('does not join two records with different uprns on the same address text', () => {
    const records = [
      record('P1', 'dwp', { address_line_1: 'Flat 1, 10 High St', postcode: 'ME14 1XX', uprn: '100' }),
      record('P2', 'school', { address_line_1: 'Flat 1, 10 High Street', postcode: 'ME14 1XX', uprn: '200' }),
    ];
    assert.deepEqual(groups(records), [['P1'], ['P2']]);
  });

  it('joins records with uprns through a third record at the address without one', () => {
    const records = [
      record('P1', 'dwp', { address_line_1: '10 High St', postcode: 'ME14 1XX', uprn: '100' }),
      record('P2', 'school', { address_line_1: '10 High St', postcode: 'ME14 1XX', uprn: '200' }),
      record('P3', 'police', { address_line_1: '10 high street', postcode: 'ME141XX' }),
    ];
    assert.deepEqual(groups(records), [['P1', 'P2', 'P3']]);
  });

  it('needs both a first line and a postcode to join on address', () => {
    const records = [
      record('P1', 'dwp', { address_line_1: '10 High St', postcode: null }),
      record('P2', 'school', { address_line_1: '10 High St', postcode: '' }),
      record('P3', 'police', { address_line_1: '', postcode: 'ME14 1XX' }),
      record('P4', 'health', { address_line_1: null, postcode: 'ME14 1XX' }),
    ];
    assert.deepEqual(groups(records), [['P1'], ['P2'], ['P3'], ['P4']]);
  });

  it('does not join the same first line at another postcode', () => {
    const records = [
      record('P1', 'dwp', { address_line_1: '10 High St', postcode: 'ME14 1XX' }),
      record('P2', 'school', { address_line_1: '10 High St', postcode: 'ME15 1XX' }),
    ];
    assert.deepEqual(groups(records), [['P1'], ['P2']]);
  });

  it('forms connected groups: a person links households through any of their records', () => {
    const records = [
      record('P1', 'dwp', { household_ref: 'c1' }),
      record('P2', 'dwp', { household_ref: 'c1' }),
      record('P2', 'school', { uprn: '300' }),
      record('P3', 'police', { uprn: '300' }),
      record('P3', 'police', { address_line_1: '2 Oak Gdns', postcode: 'CT1 2AA' }),
      record('P4', 'health', { address_line_1: '2 Oak Gardens', postcode: 'ct1 2aa' }),
      record('P5', 'health', {}),
    ];
    assert.deepEqual(groups(records), [['P1', 'P2', 'P3', 'P4'], ['P5']]);
  });

  it('names a household after its smallest person id, whatever the record order', () => {
    const records = [
      record('P9', 'dwp', { uprn: '1' }),
      record('P3', 'dwp', { uprn: '1' }),
      record('P5', 'dwp', { uprn: '1' }),
      record('P7', 'dwp'),
    ];
    const forward = formHouseholds(records);
    const backward = formHouseholds([...records].reverse());
    assert.deepEqual(Object.fromEntries(forward), { P9: 'P3', P3: 'P3', P5: 'P3', P7: 'P7' });
    assert.deepEqual(Object.fromEntries(backward), Object.fromEntries(forward));
  });

  it('makes a person with no address and no household_ref a household alone', () => {
    assert.deepEqual(groups([record('P1', 'dwp'), record('P2', 'dwp', { uprn: ' ', household_ref: '' })]), [
      ['P1'],
      ['P2'],
    ]);
  });
});
