/** Factories for criteria tests: households, members and facts in a line each. */
import { sameDayYearsAway } from './assessment-dates.ts';
import type { AssessedFact, Household, HouseholdMember } from './household.ts';

export interface TestFact extends AssessedFact {
  upload?: string;
}

/** The ISO date `days` after `date` (negative for before). */
export function addDays(date: string, days: number): string {
  const time = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return new Date(time + days * 86_400_000).toISOString().slice(0, 10);
}

/** A date of birth giving exactly `age` at `date`; `turningNextDay` gives age - 1, a birthday tomorrow. */
export function bornAged(age: number, date: string, turningNextDay = false): string {
  const birthday = sameDayYearsAway(date, -age);
  if (!turningNextDay) return birthday;
  const dayAfter = addDays(birthday, 1);
  // Someone born on 29 February turns a year older on 28 February in other years, not the next day.
  return dayAfter.endsWith('-02-29') ? addDays(dayAfter, 1) : dayAfter;
}

export function fact(
  code: string,
  start: string,
  end: string | null = null,
  value: number | null = null,
): TestFact {
  return { source: 'test', record_id: `R-${code}-${start}`, code, start, end, value, upload: 'U1' };
}

export function member(
  personId: string,
  dateOfBirth: string | null,
  facts: TestFact[] = [],
): HouseholdMember<TestFact> {
  return { personId, dateOfBirth, facts };
}

export function household(...members: HouseholdMember<TestFact>[]): Household<TestFact> {
  return { id: 'H1', members };
}
