import {
  type CriteriaFramework,
  compileFramework,
  type FrameworkDefinition,
  FrameworkError,
  parseFramework,
} from '../criteria/index.ts';
import { orderedDefinition } from './framework-text.ts';

/** Something wrong with a framework a coordinator wants to save: where (a JSON path, '' for the whole) and what. */
export interface FrameworkProblem {
  path: string;
  message: string;
}

/** The id, version and origin a saved definition must have, whatever the edited text says. */
export interface ExpectedIdentity {
  id: string;
  version: number;
  basedOn: { id: string; version: number };
}

export type CheckedFramework =
  | { ok: true; definition: FrameworkDefinition; framework: CriteriaFramework }
  | { ok: false; problems: FrameworkProblem[] };

const problemOf = (error: FrameworkError): FrameworkProblem => ({ path: error.path, message: error.reason });

/**
 * Checks a definition as the criteria engine reads it (parseFramework, then compileFramework against the
 * library) and returns it ready to store: fields in file order, and every `include` that named no version
 * pinned to the version it resolved to, so a saved version always means the same rules.
 */
export function checkDefinition(
  json: unknown,
  expected: ExpectedIdentity,
  library: readonly FrameworkDefinition[],
): CheckedFramework {
  const file = `${expected.id}.json`;
  let parsed: FrameworkDefinition;
  try {
    const versioned =
      typeof json === 'object' && json !== null && !Array.isArray(json)
        ? { ...(json as Record<string, unknown>), version: expected.version }
        : json;
    parsed = parseFramework(versioned, file);
  } catch (error) {
    if (error instanceof FrameworkError) return { ok: false, problems: [problemOf(error)] };
    throw error;
  }
  const problems: FrameworkProblem[] = [];
  if (parsed.id !== expected.id) {
    problems.push({
      path: 'id',
      message: `must stay "${expected.id}": to make a framework with another id, copy this one`,
    });
  }
  if (parsed.basedOn?.id !== expected.basedOn.id || parsed.basedOn.version !== expected.basedOn.version) {
    problems.push({
      path: 'basedOn',
      message: `must stay { "id": "${expected.basedOn.id}", "version": ${expected.basedOn.version} }, the framework this one was copied from`,
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  let framework: CriteriaFramework;
  try {
    framework = compileFramework(parsed, { file, library });
  } catch (error) {
    if (error instanceof FrameworkError) return { ok: false, problems: [problemOf(error)] };
    throw error;
  }
  const definition = orderedDefinition(pinInclusions(parsed, library));
  return { ok: true, definition, framework: { ...framework, definition } };
}

/** Fills in the version of each version-less include: this framework's own, or the library's first match. */
function pinInclusions(
  definition: FrameworkDefinition,
  library: readonly FrameworkDefinition[],
): FrameworkDefinition {
  return {
    ...definition,
    problems: definition.problems.map((problem) => ({
      ...problem,
      indicators: problem.indicators.map((entry) => {
        if (!('include' in entry) || entry.include.version !== undefined) return entry;
        const { framework } = entry.include;
        const version =
          framework === definition.id
            ? definition.version
            : library.find((candidate) => candidate.id === framework)?.version;
        return version === undefined ? entry : { include: { ...entry.include, version } };
      }),
    })),
  };
}

/** A problem as one line a person reads: the path, then what is wrong. */
export const problemText = (problem: FrameworkProblem): string =>
  problem.path === '' ? problem.message : `${problem.path}: ${problem.message}`;
