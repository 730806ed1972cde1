import type {
  FrameworkDefinition,
  IndicatorEntry,
  ProblemDefinition,
  ValueBound,
  Who,
} from '../criteria/index.ts';

/**
 * A definition with its fields in the order the shipped files use (id, version, title, …), whatever order
 * they arrived in: jsonb keeps keys in its own order, and people read and diff the file.
 */
export function orderedDefinition(definition: FrameworkDefinition): FrameworkDefinition {
  return {
    id: definition.id,
    version: definition.version,
    title: definition.title,
    ...(definition.description === undefined ? {} : { description: definition.description }),
    ...(definition.basedOn === undefined
      ? {}
      : { basedOn: { id: definition.basedOn.id, version: definition.basedOn.version } }),
    problems: definition.problems.map(orderedProblem),
    eligibility: {
      programmeFamily: definition.eligibility.programmeFamily,
      minimumProblems: definition.eligibility.minimumProblems,
    },
  };
}

function orderedProblem(problem: ProblemDefinition): ProblemDefinition {
  return {
    code: problem.code,
    title: problem.title,
    ...(problem.description === undefined ? {} : { description: problem.description }),
    indicators: problem.indicators.map(orderedEntry),
  };
}

function orderedEntry(entry: IndicatorEntry): IndicatorEntry {
  if ('include' in entry) {
    const { framework, problem, version } = entry.include;
    return { include: { framework, problem, ...(version === undefined ? {} : { version }) } };
  }
  return {
    id: entry.id,
    description: entry.description,
    who: orderedWho(entry.who),
    facts: [...entry.facts],
    when: entry.when,
    ...(entry.value === undefined ? {} : { value: orderedBound(entry.value) }),
    ...(entry.total === undefined
      ? {}
      : {
          total: {
            atLeast: entry.total.atLeast,
            ...(entry.total.emptyCounts === undefined ? {} : { emptyCounts: entry.total.emptyCounts }),
          },
        }),
  };
}

const orderedWho = (who: Who): Who =>
  typeof who === 'string'
    ? who
    : {
        ...(who.ageFrom === undefined ? {} : { ageFrom: who.ageFrom }),
        ...(who.ageTo === undefined ? {} : { ageTo: who.ageTo }),
      };

function orderedBound(bound: ValueBound): ValueBound {
  const ordered: ValueBound = {};
  for (const key of ['atLeast', 'above', 'atMost', 'below'] as const) {
    if (bound[key] !== undefined) ordered[key] = bound[key];
  }
  return ordered;
}

/** The framework file's text, as a council downloads or edits it. */
export const frameworkText = (definition: FrameworkDefinition): string =>
  `${JSON.stringify(orderedDefinition(definition), null, 2)}\n`;

/** Whether two definitions say the same, leaving their version numbers aside. */
export const sameRules = (a: FrameworkDefinition, b: FrameworkDefinition): boolean =>
  JSON.stringify(orderedDefinition({ ...a, version: 0 })) ===
  JSON.stringify(orderedDefinition({ ...b, version: 0 }));
