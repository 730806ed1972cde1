import { assessmentWindow } from './assessment-dates.ts';
import type { CodeEntry, CriteriaFramework, IndicatorTable } from './compile-framework.ts';
import { valueModes, windowBits } from './compile-framework.ts';

/** One framework at one assessment date: what every household's assessment and evidence read. */
export class AssessmentContext {
  readonly framework: CriteriaFramework;
  readonly frameworkVersion: { id: string; version: number };
  readonly date: string;
  readonly yearBefore: string;
  readonly yearAfter: string;
  readonly table: IndicatorTable;
  readonly indicatorIds: string[];
  readonly problemCodes: string[];
  readonly #entries = new Map<string, CodeEntry>();
  readonly #problemLists = new Map<number, readonly string[]>();

  constructor(framework: CriteriaFramework, assessmentDate: string) {
    const window = assessmentWindow(assessmentDate);
    this.framework = framework;
    this.frameworkVersion = Object.freeze({ id: framework.id, version: framework.version });
    this.date = window.date;
    this.yearBefore = window.yearBefore;
    this.yearAfter = window.yearAfter;
    this.table = framework.table;
    this.indicatorIds = framework.indicators.map((indicator) => indicator.rule.id);
    this.problemCodes = framework.problems.map((problem) => problem.code);
  }

  entry(code: string): CodeEntry {
    let entry = this.#entries.get(code);
    if (entry === undefined) {
      entry = this.framework.codeEntry(code);
      this.#entries.set(code, entry);
    }
    return entry;
  }

  /** The sorted problem codes of a set of problems (bit i = problem i), one shared list per set. */
  problemsOf(problemSet: number): readonly string[] {
    let list = this.#problemLists.get(problemSet);
    if (list === undefined) {
      list = Object.freeze(this.problemCodes.filter((_, index) => (problemSet & (1 << index)) !== 0).sort());
      this.#problemLists.set(problemSet, list);
    }
    return list;
  }

  /** The window bits of a fact that started on or before D. */
  timing(isEvent: boolean, start: string, end: string | null | undefined): number {
    if (isEvent) return start > this.yearBefore ? windowBits.lastYear : 0;
    if (!end) return windowBits.lastYear | windowBits.current;
    if (end < this.date) return end > this.yearBefore ? windowBits.lastYear : 0;
    return (
      windowBits.lastYear |
      windowBits.current |
      (end > this.date && end <= this.yearAfter ? windowBits.endingWithinYear : 0)
    );
  }
}

/** Whether a fact with these window bits and value counts for the indicator in `slot` (its age already checked). */
export function factCounts(
  table: IndicatorTable,
  slot: number,
  timing: number,
  value: number | null | undefined,
): boolean {
  if ((timing & table.window[slot]!) === 0) return false;
  if (table.valueMode[slot] !== valueModes.bound) return true;
  if (value === null || value === undefined) return false;
  const low = table.low[slot]!;
  const high = table.high[slot]!;
  if (table.lowInclusive[slot] === 1 ? value < low : value <= low) return false;
  return table.highInclusive[slot] === 1 ? value <= high : value < high;
}

/** Whether someone of `age` (-1 unknown) is in the indicator's age group. */
export function ageFits(table: IndicatorTable, slot: number, age: number): boolean {
  return table.needsAge[slot] === 0 || (age >= table.ageFrom[slot]! && age <= table.ageTo[slot]!);
}
