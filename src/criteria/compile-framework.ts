import { lookupFactCode } from '../facts/vocabulary.ts';
import { patternMatches } from './fact-patterns.ts';
import type {
  EligibilityRule,
  FrameworkDefinition,
  IndicatorRule,
  ProblemDefinition,
  Window,
} from './framework.ts';
import { isInclusion } from './framework.ts';
import { FrameworkError } from './framework-error.ts';

/** An indicator of a framework after inclusions are resolved. */
export interface ResolvedIndicator {
  /** The problem of this framework it counts towards. */
  problem: string;
  rule: IndicatorRule;
  /** Where it was written, when it came from another framework's problem. */
  includedFrom?: { framework: string; version: number; problem: string };
}

export interface ResolvedProblem {
  code: string;
  title: string;
  description?: string;
  indicators: ResolvedIndicator[];
}

/** What one fact code means to a framework: its kind, and the indicators (slots) that look at it. */
export interface CodeEntry {
  isEvent: boolean;
  vulnerableParent: boolean;
  slots: Int32Array;
}

/** Bits of a fact's timing at D; a fact counts for an indicator when it has the bit of the indicator's window. */
export const windowBits = { lastYear: 1, current: 2, endingWithinYear: 4 } as const;

const windowBitOf: Record<Window, number> = {
  last_12_months: windowBits.lastYear,
  current: windowBits.current,
  current_ending_within_12_months: windowBits.endingWithinYear,
};
export const valueModes = { none: 0, bound: 1, total: 2 } as const;

/** Every indicator as typed columns, so that evaluation reads numbers, not objects. */
export interface IndicatorTable {
  count: number;
  problemOf: Int32Array;
  needsAge: Uint8Array;
  ageFrom: Int32Array;
  ageTo: Int32Array;
  /** The window bit (windowBits) of each indicator. */
  window: Uint8Array;
  valueMode: Uint8Array;
  low: Float64Array;
  lowInclusive: Uint8Array;
  high: Float64Array;
  highInclusive: Uint8Array;
  totalAtLeast: Float64Array;
  emptyCounts: Float64Array;
}

/** A framework ready to assess households with: problems resolved, indicators compiled. */
export interface CriteriaFramework {
  id: string;
  version: number;
  title: string;
  definition: FrameworkDefinition;
  problems: ResolvedProblem[];
  eligibility: EligibilityRule;
  /** Indicators in slot order (the order of `problems`, then of their indicators). */
  indicators: ResolvedIndicator[];
  table: IndicatorTable;
  /** The entry for a fact code, worked out once per code. */
  codeEntry(code: string): CodeEntry;
}

export interface CompileOptions {
  /** The file the definition came from, for errors. */
  file?: string;
  /** Other frameworks that `include` may name. */
  library?: readonly FrameworkDefinition[];
}

const groupAges: Record<string, [number, number]> = {
  child: [0, 17],
  adult: [18, 1000],
  young_person: [16, 24],
};

/** Resolves a framework's inclusions and compiles its indicators; throws FrameworkError. */
export function compileFramework(
  definition: FrameworkDefinition,
  options: CompileOptions = {},
): CriteriaFramework {
  const file = options.file ?? `${definition.id}.json`;
  const library = options.library ?? [];
  const problems = definition.problems.map((problem, index) =>
    resolveProblem(definition, problem, `problems[${index}]`, file, library, [
      `${definition.id}/${problem.code}`,
    ]),
  );
  const indicators = problems.flatMap((problem) => problem.indicators);
  const table = indicatorTable(indicators, problems);
  const entries = new Map<string, CodeEntry>();
  const codeEntry = (code: string): CodeEntry => {
    let entry = entries.get(code);
    if (entry === undefined) {
      const slots: number[] = [];
      indicators.forEach((indicator, slot) => {
        if (indicator.rule.facts.some((pattern) => patternMatches(pattern, code))) slots.push(slot);
      });
      entry = {
        isEvent: lookupFactCode(code)?.kind === 'event',
        vulnerableParent: code === 'health.vulnerable_parent',
        slots: Int32Array.from(slots),
      };
      entries.set(code, entry);
    }
    return entry;
  };
  return {
    id: definition.id,
    version: definition.version,
    title: definition.title,
    definition,
    problems,
    eligibility: definition.eligibility,
    indicators,
    table,
    codeEntry,
  };
}

function resolveProblem(
  framework: FrameworkDefinition,
  problem: ProblemDefinition,
  path: string,
  file: string,
  library: readonly FrameworkDefinition[],
  trail: string[],
): ResolvedProblem {
  const indicators: ResolvedIndicator[] = [];
  problem.indicators.forEach((entry, index) => {
    const entryPath = `${path}.indicators[${index}]`;
    if (!isInclusion(entry)) {
      indicators.push({ problem: problem.code, rule: entry });
      return;
    }
    const { framework: id, problem: code, version } = entry.include;
    const source =
      id === framework.id && (version === undefined || version === framework.version)
        ? framework
        : library.find(
            (candidate) => candidate.id === id && (version === undefined || candidate.version === version),
          );
    if (!source) {
      const known =
        library.map((candidate) => `${candidate.id} version ${candidate.version}`).join(', ') || 'none';
      const wanted = version === undefined ? id : `${id} version ${version}`;
      throw new FrameworkError(
        file,
        `${entryPath}.include`,
        `framework ${wanted} is not available (available: ${known})`,
      );
    }
    const includedIndex = source.problems.findIndex((candidate) => candidate.code === code);
    const included = source.problems[includedIndex];
    if (!included) {
      const codes = source.problems.map((candidate) => candidate.code).join(', ');
      throw new FrameworkError(
        file,
        `${entryPath}.include.problem`,
        `${source.id} has no problem "${code}" (it has ${codes})`,
      );
    }
    const step = `${source.id}/${code}`;
    if (trail.includes(step)) {
      throw new FrameworkError(
        file,
        `${entryPath}.include`,
        `includes go round in a circle: ${[...trail, step].join(' -> ')}`,
      );
    }
    const sourceFile = source === framework ? file : `${source.id}.json`;
    const resolved = resolveProblem(source, included, `problems[${includedIndex}]`, sourceFile, library, [
      ...trail,
      step,
    ]);
    for (const indicator of resolved.indicators) {
      indicators.push({
        problem: problem.code,
        rule: indicator.rule,
        includedFrom: indicator.includedFrom ?? {
          framework: source.id,
          version: source.version,
          problem: code,
        },
      });
    }
  });
  const ids = new Set<string>();
  for (const indicator of indicators) {
    if (ids.has(indicator.rule.id)) {
      throw new FrameworkError(
        file,
        `${path}.indicators`,
        `indicator "${indicator.rule.id}" appears twice in problem "${problem.code}" once inclusions are resolved`,
      );
    }
    ids.add(indicator.rule.id);
  }
  const resolved: ResolvedProblem = { code: problem.code, title: problem.title, indicators };
  if (problem.description !== undefined) resolved.description = problem.description;
  return resolved;
}

function indicatorTable(
  indicators: readonly ResolvedIndicator[],
  problems: readonly ResolvedProblem[],
): IndicatorTable {
  const count = indicators.length;
  const table: IndicatorTable = {
    count,
    problemOf: new Int32Array(count),
    needsAge: new Uint8Array(count),
    ageFrom: new Int32Array(count),
    ageTo: new Int32Array(count),
    window: new Uint8Array(count),
    valueMode: new Uint8Array(count),
    low: new Float64Array(count).fill(Number.NEGATIVE_INFINITY),
    lowInclusive: new Uint8Array(count).fill(1),
    high: new Float64Array(count).fill(Number.POSITIVE_INFINITY),
    highInclusive: new Uint8Array(count).fill(1),
    totalAtLeast: new Float64Array(count),
    emptyCounts: new Float64Array(count),
  };
  const problemIndex = new Map(problems.map((problem, index) => [problem.code, index]));
  indicators.forEach(({ problem, rule }, slot) => {
    table.problemOf[slot] = problemIndex.get(problem)!;
    if (rule.who !== 'anyone') {
      const [from, to] =
        typeof rule.who === 'string' ? groupAges[rule.who]! : [rule.who.ageFrom ?? 0, rule.who.ageTo ?? 1000];
      table.needsAge[slot] = 1;
      table.ageFrom[slot] = from;
      table.ageTo[slot] = to;
    }
    table.window[slot] = windowBitOf[rule.when];
    if (rule.value) {
      table.valueMode[slot] = valueModes.bound;
      const { atLeast, above, atMost, below } = rule.value;
      if (atLeast !== undefined) table.low[slot] = atLeast;
      if (above !== undefined) [table.low[slot], table.lowInclusive[slot]] = [above, 0];
      if (atMost !== undefined) table.high[slot] = atMost;
      if (below !== undefined) [table.high[slot], table.highInclusive[slot]] = [below, 0];
    } else if (rule.total) {
      table.valueMode[slot] = valueModes.total;
      table.totalAtLeast[slot] = rule.total.atLeast;
      table.emptyCounts[slot] = rule.total.emptyCounts ?? 0;
    }
  });
  return table;
}
