import type { FrameworkDefinition, IndicatorEntry, IndicatorRule, ValueBound } from '../criteria/index.ts';
import type { FrameworkProblem } from './framework-check.ts';

/**
 * What a coordinator changes on the edit page, as typed: the title, eligibility, and for each indicator its
 * description and thresholds (keyed by JSON path, such as `problems[1].indicators[0].value.atLeast`) or
 * whether it stays. Anything else is changed as JSON.
 */
export interface FrameworkEdits {
  title: string;
  minimumProblems: string;
  programmeFamily: boolean;
  /** Indicators (or includes) to leave out, by path: `problems[1].indicators[0]`. */
  removed: readonly string[];
  /** New text of a description, a value bound or a total, by path. */
  changes: Readonly<Record<string, string>>;
}

export type EditedDefinition =
  | { ok: true; definition: FrameworkDefinition }
  | { ok: false; problems: FrameworkProblem[] };

export const entryPath = (problem: number, indicator: number): string =>
  `problems[${problem}].indicators[${indicator}]`;

const boundKeys = ['atLeast', 'above', 'atMost', 'below'] as const;

/** The paths of an indicator the edit page offers to change: its description and each threshold it has. */
export function editablePaths(rule: IndicatorRule, path: string): string[] {
  const paths = [`${path}.description`];
  if (rule.value)
    for (const key of boundKeys) if (rule.value[key] !== undefined) paths.push(`${path}.value.${key}`);
  if (rule.total) paths.push(`${path}.total.atLeast`);
  return paths;
}

const numberPattern = /^-?\d+(\.\d+)?$/;

/** Applies the edit page's changes to a definition (pure); the result is checked like any other file. */
export function applyFrameworkEdits(
  definition: FrameworkDefinition,
  edits: FrameworkEdits,
): EditedDefinition {
  const problems: FrameworkProblem[] = [];
  const title = edits.title.trim();
  if (title === '') problems.push({ path: 'title', message: 'Enter a title for the framework' });
  const minimum = edits.minimumProblems.trim();
  if (!/^\d+$/.test(minimum) || Number(minimum) < 1) {
    problems.push({
      path: 'eligibility.minimumProblems',
      message: 'Enter the minimum number of problems as a whole number, 1 or more',
    });
  }
  const removed = new Set(edits.removed);
  const number = (path: string, current: number): number => {
    const typed = edits.changes[path];
    if (typed === undefined) return current;
    const text = typed.trim().replace(/%$/, '').trim();
    if (!numberPattern.test(text)) {
      problems.push({ path, message: 'Enter the threshold as a number, like 8 or 2.5' });
      return current;
    }
    return Number(text);
  };
  const edited: FrameworkDefinition = {
    ...definition,
    title,
    eligibility: { programmeFamily: edits.programmeFamily, minimumProblems: Number(minimum) },
    problems: definition.problems.map((problem, problemIndex) => ({
      ...problem,
      indicators: problem.indicators.flatMap((entry, index): IndicatorEntry[] => {
        const path = entryPath(problemIndex, index);
        if (removed.has(path)) return [];
        if ('include' in entry) return [entry];
        const rule: IndicatorRule = { ...entry };
        const description = edits.changes[`${path}.description`];
        if (description !== undefined) {
          rule.description = description.trim();
          if (rule.description === '')
            problems.push({ path: `${path}.description`, message: 'Enter a description of the indicator' });
        }
        if (entry.value) {
          const bound: ValueBound = {};
          for (const key of boundKeys) {
            const current = entry.value[key];
            if (current !== undefined) bound[key] = number(`${path}.value.${key}`, current);
          }
          rule.value = bound;
        }
        if (entry.total)
          rule.total = { ...entry.total, atLeast: number(`${path}.total.atLeast`, entry.total.atLeast) };
        return [rule];
      }),
    })),
  };
  return problems.length > 0 ? { ok: false, problems } : { ok: true, definition: edited };
}
