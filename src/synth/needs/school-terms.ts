/** School terms in England (autumn, spring, summer), the periods absence is measured over. */
import { dayOf, isoOf } from '../calendar.ts';

export interface Term {
  start: number;
  end: number;
}

const termDates: readonly [string, string, number][] = [
  // [start month-day, end month-day, years after the academic year's September]
  ['09-03', '12-19', 0],
  ['01-06', '03-27', 1],
  ['04-13', '07-22', 1],
];

/** The `count` most recent terms that ended on or before `asOf`, latest first. */
export function completedTerms(asOf: number, count: number): Term[] {
  const year = Number(isoOf(asOf).slice(0, 4));
  const terms: Term[] = [];
  for (let academicYear = year; academicYear >= year - 3 && terms.length < count; academicYear--) {
    for (let index = termDates.length - 1; index >= 0 && terms.length < count; index--) {
      const [start, end, offset] = termDates[index] as [string, string, number];
      const term = {
        start: dayOf(`${academicYear + offset}-${start}`),
        end: dayOf(`${academicYear + offset}-${end}`),
      };
      if (term.end <= asOf) terms.push(term);
    }
  }
  return terms;
}

/** The term under way at `asOf`, if school is in session. */
export function currentTerm(asOf: number): Term | undefined {
  const year = Number(isoOf(asOf).slice(0, 4));
  for (const academicYear of [year, year - 1]) {
    for (const [start, end, offset] of termDates) {
      const term = {
        start: dayOf(`${academicYear + offset}-${start}`),
        end: dayOf(`${academicYear + offset}-${end}`),
      };
      if (term.start <= asOf && asOf < term.end) return term;
    }
  }
  return undefined;
}
