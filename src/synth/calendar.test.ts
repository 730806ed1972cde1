import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ageOn, dayOf, isoOf, sameDayYearsAway } from './calendar.ts';

describe('calendar', () => {
  it('turns ISO dates into day numbers and back', () => {
    assert.equal(dayOf('1970-01-01'), 0);
    assert.equal(dayOf('2000-03-01') - dayOf('2000-02-28'), 2);
    for (const iso of ['1900-01-01', '1925-12-31', '2024-02-29', '2025-11-01', '2100-03-01'])
      assert.equal(isoOf(dayOf(iso)), iso);
  });

  it('finds the same day a year away, 29 February falling back to the 28th', () => {
    assert.equal(isoOf(sameDayYearsAway(dayOf('2025-11-01'), -1)), '2024-11-01');
    assert.equal(isoOf(sameDayYearsAway(dayOf('2024-02-29'), -1)), '2023-02-28');
    assert.equal(isoOf(sameDayYearsAway(dayOf('2024-02-29'), 4)), '2028-02-29');
  });

  it('counts ages in whole years, a 29 February birthday counting on the 28th', () => {
    assert.equal(ageOn(dayOf('2007-11-01'), dayOf('2025-11-01')), 18);
    assert.equal(ageOn(dayOf('2007-11-02'), dayOf('2025-11-01')), 17);
    assert.equal(ageOn(dayOf('2008-02-29'), dayOf('2026-02-28')), 18);
    assert.equal(ageOn(dayOf('2008-02-29'), dayOf('2026-02-27')), 17);
  });
});
