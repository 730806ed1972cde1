/** Calendar arithmetic of criteria.md's shared definitions, on ISO dates (`2025-11-01`), which compare as text. */

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** True when the text is an ISO date that exists on the calendar. */
export function isCalendarDate(text: string): boolean {
  const parts = isoDatePattern.exec(text);
  if (!parts) return false;
  const year = Number(parts[1]);
  const month = Number(parts[2]);
  const day = Number(parts[3]);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

/** The same calendar day `years` away; 29 February falls back to 28 February in other years. */
export function sameDayYearsAway(date: string, years: number): string {
  const year = Number(date.slice(0, 4)) + years;
  const month = date.slice(5, 7);
  let day = date.slice(8, 10);
  if (month === '02' && day === '29' && !isLeapYear(year)) day = '28';
  return `${pad(year, 4)}-${month}-${day}`;
}

/**
 * Age in whole years at `date` for someone born on `dateOfBirth`: a 29 February birthday turns on
 * 28 February in other years. -1 when the date of birth is missing, malformed or after `date`.
 */
export function ageAt(dateOfBirth: string | null | undefined, date: string): number {
  if (dateOfBirth?.length !== 10 || dateOfBirth > date) return -1;
  const birthYear = digits(dateOfBirth, 0, 4);
  let birthday = digits(dateOfBirth, 5, 2) * 100 + digits(dateOfBirth, 8, 2);
  const year = digits(date, 0, 4);
  const day = digits(date, 5, 2) * 100 + digits(date, 8, 2);
  if (birthYear < 0 || birthday < 0 || year < 0) return -1;
  if (birthday === 229 && !isLeapYear(year)) birthday = 228;
  return year - birthYear - (day < birthday ? 1 : 0);
}

/** The number written by `width` digits at `from`, or -1 when one is not a digit (no substrings made). */
function digits(text: string, from: number, width: number): number {
  let number = 0;
  for (let index = from; index < from + width; index++) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return -1;
    number = number * 10 + digit;
  }
  return number;
}

/** The dates an assessment at D compares facts with. */
export interface AssessmentWindow {
  /** D itself. */
  date: string;
  /** 12 months before D: "in the last 12 months" is after this day and on or before D. */
  yearBefore: string;
  /** The same calendar day a year after D: "within 12 months after D" is after D and on or before this. */
  yearAfter: string;
}

export function assessmentWindow(date: string): AssessmentWindow {
  if (!isCalendarDate(date))
    throw new RangeError(`Assessment date "${date}" is not a calendar date (YYYY-MM-DD).`);
  return { date, yearBefore: sameDayYearsAway(date, -1), yearAfter: sameDayYearsAway(date, 1) };
}
