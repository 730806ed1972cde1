/**
 * Dates as whole days since 1970-01-01 (so arithmetic is plain addition) and back to ISO text.
 * The windows of the criteria (12 months before and after the assessment date) are calendar years.
 * Conversions are integer arithmetic (Hinnant's civil calendar), not Date objects, which are slow.
 */

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

/** The day number of a year, month (1-12) and day. */
export function dayFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

export function civilFromDay(dayNumber: number): CivilDate {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shifted = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shifted + 2) / 5) + 1;
  const month = shifted < 10 ? shifted + 3 : shifted - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function dayOf(iso: string): number {
  return dayFromCivil(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
}

// Formatting a date is the commonest string operation of a county, so each day is formatted once.
const firstCachedDay = dayOf('1900-01-01');
const isoCache: string[] = [];
const two = (value: number): string => (value < 10 ? `0${value}` : String(value));

export function isoOf(day: number): string {
  const slot = day - firstCachedDay;
  const cached = slot >= 0 ? isoCache[slot] : undefined;
  if (cached !== undefined) return cached;
  const civil = civilFromDay(day);
  const iso = `${String(civil.year).padStart(4, '0')}-${two(civil.month)}-${two(civil.day)}`;
  if (slot >= 0 && slot < 80_000) isoCache[slot] = iso;
  return iso;
}

export function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** The same calendar day `years` away; 29 February falls back to 28 February in other years. */
export function sameDayYearsAway(day: number, years: number): number {
  const civil = civilFromDay(day);
  const year = civil.year + years;
  const dayOfMonth = civil.month === 2 && civil.day === 29 && !isLeapYear(year) ? 28 : civil.day;
  return dayFromCivil(year, civil.month, dayOfMonth);
}

/** Age in whole years at `at` for someone born on `born` (a 29 February birthday counts on 28 February). */
export function ageOn(born: number, at: number): number {
  const birth = civilFromDay(born);
  const then = civilFromDay(at);
  let age = then.year - birth.year;
  let birthdayDay = birth.day;
  if (birth.month === 2 && birth.day === 29 && !isLeapYear(then.year)) birthdayDay = 28;
  if (then.month < birth.month || (then.month === birth.month && then.day < birthdayDay)) age -= 1;
  return age;
}

export function yearOf(day: number): number {
  return civilFromDay(day).year;
}
