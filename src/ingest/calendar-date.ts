/** Calendar dates as ISO text (`2025-02-28`), which compare correctly as strings. */

const zero = 48;

function digitAt(text: string, index: number): number {
  const digit = text.charCodeAt(index) - zero;
  return digit >= 0 && digit <= 9 ? digit : -1;
}

const digitPositions = [0, 1, 2, 3, 5, 6, 8, 9];

/** The ISO date for text in the standard `YYYY-MM-DD` form, or null when it has another shape. */
export function isoDateShape(text: string): string | null {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return null;
  for (const index of digitPositions) if (digitAt(text, index) < 0) return null;
  return text;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** True when an ISO-shaped date exists on the calendar (2024-02-29 does, 2025-02-30 does not). */
export function isRealDate(iso: string): boolean {
  const year = digitAt(iso, 0) * 1000 + digitAt(iso, 1) * 100 + digitAt(iso, 2) * 10 + digitAt(iso, 3);
  const month = digitAt(iso, 5) * 10 + digitAt(iso, 6);
  const day = digitAt(iso, 8) * 10 + digitAt(iso, 9);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** The local calendar day now, as an upload day. */
export function localToday(now = new Date()): string {
  const month = String(now.getMonth() + 1).padStart(2, '0');
  const day = String(now.getDate()).padStart(2, '0');
  return `${now.getFullYear()}-${month}-${day}`;
}
