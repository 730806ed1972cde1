/** A date of birth as the number yyyymmdd (19850207), or null when missing or not a real date. */
export function standardiseDate(raw: string | null | undefined): number | null {
  if (raw === null || raw === undefined) return null;
  const parts = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$/.exec(raw);
  if (!parts) return null;
  const year = Number(parts[1]);
  const month = Number(parts[2]);
  const day = Number(parts[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return year * 10000 + month * 100 + day;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export const dateYear = (date: number): number => Math.floor(date / 10000);
export const dateMonth = (date: number): number => Math.floor(date / 100) % 100;
export const dateDay = (date: number): number => date % 100;

/** True when one date is the other with day and month exchanged (a US-style entry). */
export function dayMonthSwapped(a: number, b: number): boolean {
  return a !== b && dateYear(a) === dateYear(b) && dateMonth(a) === dateDay(b) && dateDay(a) === dateMonth(b);
}

/** Days since 1 January 1970 for a yyyymmdd number. */
export function dateDays(date: number): number {
  return Date.UTC(dateYear(date), dateMonth(date) - 1, dateDay(date)) / 86400000;
}
