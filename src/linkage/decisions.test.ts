import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LinkageDecisions } from './decisions.ts';
import { linkRecords } from './link.ts';
import { handTrainedModel, record } from './linkage-fixtures.test-support.ts';
import { linksWithinPeople } from './person-links.ts';

// Amy Adams at home, Amy Adams without a date of birth elsewhere (just under the threshold), and Amy Smith of the
// same birthday elsewhere (just over it): the model is unsure of both.
const records = () => [
  record(
    'police',
    {
      given_name: 'Amy',
      family_name: 'Adams',
      date_of_birth: '1985-03-04',
      sex: 'F',
      address_line_1: '1 High Street',
      town: 'Northtown',
      postcode: 'NS1 4AB',
    },
    'A1',
  ),
  record(
    'police',
    {
      given_name: 'Amy',
      family_name: 'Adams',
      sex: 'F',
      address_line_1: '9 Hill Road',
      town: 'Easttown',
      postcode: 'NS3 1ZZ',
    },
    'A9',
  ),
  record(
    'school',
    {
      given_name: 'Amy',
      family_name: 'Smith',
      date_of_birth: '1985-03-04',
      sex: 'F',
      address_line_1: '7 Far Lane',
      town: 'Westtown',
      postcode: 'NS4 2EF',
    },
    'S1',
  ),
];
const key = (source: string, recordId: string) => ({ source, recordId });
const link = (decisions?: LinkageDecisions) =>
  linkRecords(records(), {
    model: handTrainedModel(),
    train: false,
    reviewBand: 7,
    ...(decisions ? { decisions } : {}),
  });

describe('analysts’ decisions override the model', () => {
  it('the model alone joins Amy Smith to Amy Adams and leaves the record without a date of birth apart', () => {
    const result = link();
    assert.equal(result.personIds[0], result.personIds[2]);
    assert.notEqual(result.personIds[0], result.personIds[1]);
    assert.deepEqual(
      result.nearThreshold.map((pair) => [pair.left, pair.right]).sort(),
      [
        [0, 1],
        [0, 2],
      ],
      'both uncertain pairs are kept for review',
    );
  });

  it('a pair confirmed as one person is joined, whatever its weight', () => {
    const result = link({ samePerson: [[key('police', 'A9'), key('police', 'A1')]], differentPeople: [] });
    assert.equal(result.personIds[0], result.personIds[1]);
  });

  it('a pair rejected as two people is kept apart, even above the threshold', () => {
    const result = link({ samePerson: [], differentPeople: [[key('school', 'S1'), key('police', 'A1')]] });
    assert.notEqual(result.personIds[0], result.personIds[2]);
  });

  it('decisions about records not being linked are ignored', () => {
    const result = link({ samePerson: [[key('police', 'A1'), key('dwp', 'X')]], differentPeople: [] });
    assert.equal(new Set(result.personIds).size, 2);
  });
});

describe('links within people', () => {
  it('explains each record of a person by its strongest match: n − 1 links for n records', () => {
    const result = link({ samePerson: [[key('police', 'A9'), key('police', 'A1')]], differentPeople: [] });
    const links = linksWithinPeople(result);
    assert.equal(links.length, 2);
    for (const pair of links) {
      assert.equal(result.personIds[pair.left], result.personIds[pair.right]);
      assert.equal(pair.weight, result.scorer.weight(pair.left, pair.right));
    }
  });
});
