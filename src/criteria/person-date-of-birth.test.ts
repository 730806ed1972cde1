import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { personDateOfBirth } from './person-date-of-birth.ts';

const rows = (...values: (string | null)[]) => values.map((date_of_birth) => ({ date_of_birth }));

describe("a person's date of birth when records disagree", () => {
  it('takes the most frequent non-empty value', () => {
    assert.equal(personDateOfBirth(rows('2010-01-02', '2010-02-01', '2010-01-02', null, '')), '2010-01-02');
    assert.equal(personDateOfBirth(rows(null, null, '2010-02-01')), '2010-02-01');
  });

  it('breaks a tie with the value on the latest row (rows in upload order)', () => {
    assert.equal(personDateOfBirth(rows('2010-01-02', '2010-02-01')), '2010-02-01');
    assert.equal(personDateOfBirth(rows('2010-02-01', '2010-01-02')), '2010-01-02');
    // The tied value seen last wins even when an untied or empty value comes after it.
    assert.equal(personDateOfBirth(rows('A', 'B', 'B', 'A', 'C', null)), 'A');
  });

  it('is null when no row has one', () => {
    assert.equal(personDateOfBirth(rows(null, '')), null);
    assert.equal(personDateOfBirth([]), null);
  });
});
