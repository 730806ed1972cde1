import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ageAt, assessmentWindow, isCalendarDate, sameDayYearsAway } from './assessment-dates.ts';

describe('age at the assessment date', () => {
  it('counts whole years, a birthday on D included', () => {
    assert.equal(ageAt('2007-11-01', '2025-11-01'), 18);
    assert.equal(ageAt('2007-11-02', '2025-11-01'), 17);
    assert.equal(ageAt('2007-10-31', '2025-11-01'), 18);
    assert.equal(ageAt('2025-11-01', '2025-11-01'), 0);
  });

  it('turns someone born on 29 February a year older on 28 February in other years', () => {
    assert.equal(ageAt('2008-02-29', '2026-02-27'), 17);
    assert.equal(ageAt('2008-02-29', '2026-02-28'), 18);
    assert.equal(ageAt('2008-02-29', '2026-03-01'), 18);
    // In a leap year the birthday is 29 February itself.
    assert.equal(ageAt('2008-02-29', '2028-02-28'), 19);
    assert.equal(ageAt('2008-02-29', '2028-02-29'), 20);
  });

  it('is unknown (-1) with no date of birth, or one after D', () => {
    assert.equal(ageAt(null, '2025-11-01'), -1);
    assert.equal(ageAt('', '2025-11-01'), -1);
    assert.equal(ageAt('2025-11-02', '2025-11-01'), -1);
  });
});

describe('12 months before and after D', () => {
  it('is the same calendar day a year away', () => {
    assert.deepEqual(assessmentWindow('2025-11-01'), {
      date: '2025-11-01',
      yearBefore: '2024-11-01',
      yearAfter: '2026-11-01',
    });
  });

  it('falls back from 29 February to 28 February', () => {
    assert.deepEqual(assessmentWindow('2024-02-29'), {
      date: '2024-02-29',
      yearBefore: '2023-02-28',
      yearAfter: '2025-02-28',
    });
    assert.equal(sameDayYearsAway('2024-02-29', 4), '2028-02-29');
    assert.equal(sameDayYearsAway('2025-02-28', -1), '2024-02-28');
  });

  it('refuses an assessment date that is not on the calendar', () => {
    assert.throws(() => assessmentWindow('2025-02-29'), RangeError);
    assert.throws(() => assessmentWindow('1/11/2025'), RangeError);
    assert.equal(isCalendarDate('2024-02-29'), true);
  });
});
