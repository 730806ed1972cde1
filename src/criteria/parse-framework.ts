import { lookupFactCode } from '../facts/vocabulary.ts';
import { codesCovered, factPatternProblem } from './fact-patterns.ts';
import type {
  AgeBand,
  EligibilityRule,
  FrameworkDefinition,
  IndicatorEntry,
  IndicatorRule,
  ProblemDefinition,
  ValueBound,
  ValueTotal,
  Who,
  Window,
} from './framework.ts';
import { windows } from './framework.ts';
import { FrameworkError } from './framework-error.ts';

type Json = Record<string, unknown>;

const idPattern = /^[a-z0-9][a-z0-9_.-]*$/;
const namedGroups = ['anyone', 'child', 'adult', 'young_person'];
/** Problems are bits of one number during assessment. */
const maximumProblems = 31;

/** Reads one framework file's JSON, checking every field so that an edited file fails with file, path and reason. */
class FrameworkReader {
  readonly file: string;
  constructor(file: string) {
    this.file = file;
  }

  fail(path: string, reason: string): never {
    throw new FrameworkError(this.file, path, reason);
  }

  object(value: unknown, path: string, required: readonly string[], optional: readonly string[] = []): Json {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      this.fail(path, 'must be an object { ... }');
    const fields = value as Json;
    for (const key of required) if (fields[key] === undefined) this.fail(join(path, key), 'is missing');
    const allowed = [...required, ...optional];
    for (const key of Object.keys(fields)) {
      if (!allowed.includes(key))
        this.fail(join(path, key), `is not a field here; the fields are ${allowed.join(', ')}`);
    }
    return fields;
  }

  text(value: unknown, path: string): string {
    if (typeof value !== 'string' || value.trim() === '') this.fail(path, 'must be a non-empty text');
    return value;
  }

  id(value: unknown, path: string): string {
    const text = this.text(value, path);
    if (!idPattern.test(text)) this.fail(path, `"${text}" must be lower-case letters, digits, _ . or -`);
    return text;
  }

  number(value: unknown, path: string): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(path, 'must be a number');
    return value;
  }

  wholeNumber(value: unknown, path: string, least: number): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < least) {
      this.fail(path, `must be a whole number, ${least} or more`);
    }
    return value;
  }

  list(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) this.fail(path, 'must be a list [ ... ]');
    return value;
  }
}

const join = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

/** Checks a framework file's parsed JSON and returns it as a definition; throws FrameworkError. */
export function parseFramework(json: unknown, file: string): FrameworkDefinition {
  const reader = new FrameworkReader(file);
  const fields = reader.object(
    json,
    '',
    ['id', 'version', 'title', 'problems', 'eligibility'],
    ['description', 'basedOn', '$comment'],
  );
  const framework: FrameworkDefinition = {
    id: reader.id(fields.id, 'id'),
    version: reader.wholeNumber(fields.version, 'version', 1),
    title: reader.text(fields.title, 'title'),
    problems: reader
      .list(fields.problems, 'problems')
      .map((problem, index) => readProblem(reader, problem, `problems[${index}]`)),
    eligibility: readEligibility(reader, fields.eligibility),
  };
  if (fields.description !== undefined)
    framework.description = reader.text(fields.description, 'description');
  if (fields.basedOn !== undefined) {
    const basedOn = reader.object(fields.basedOn, 'basedOn', ['id', 'version']);
    framework.basedOn = {
      id: reader.id(basedOn.id, 'basedOn.id'),
      version: reader.wholeNumber(basedOn.version, 'basedOn.version', 1),
    };
  }
  const codes = new Set<string>();
  framework.problems.forEach((problem, index) => {
    if (codes.has(problem.code))
      reader.fail(`problems[${index}].code`, `"${problem.code}" is already a problem of this framework`);
    codes.add(problem.code);
  });
  if (framework.problems.length > maximumProblems) {
    reader.fail(
      'problems',
      `has ${framework.problems.length} problems; a framework may have at most ${maximumProblems}`,
    );
  }
  if (framework.eligibility.minimumProblems > framework.problems.length) {
    reader.fail(
      'eligibility.minimumProblems',
      `is ${framework.eligibility.minimumProblems} but the framework has only ${framework.problems.length} problems`,
    );
  }
  return framework;
}

/** Parses a framework file's text (JSON) and checks it. */
export function parseFrameworkText(text: string, file: string): FrameworkDefinition {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FrameworkError(file, '', `is not valid JSON (${(error as Error).message})`);
  }
  return parseFramework(json, file);
}

function readEligibility(reader: FrameworkReader, value: unknown): EligibilityRule {
  const fields = reader.object(value, 'eligibility', ['programmeFamily', 'minimumProblems']);
  if (typeof fields.programmeFamily !== 'boolean')
    reader.fail('eligibility.programmeFamily', 'must be true or false');
  return {
    programmeFamily: fields.programmeFamily,
    minimumProblems: reader.wholeNumber(fields.minimumProblems, 'eligibility.minimumProblems', 1),
  };
}

function readProblem(reader: FrameworkReader, value: unknown, path: string): ProblemDefinition {
  const fields = reader.object(value, path, ['code', 'title', 'indicators'], ['description']);
  const problem: ProblemDefinition = {
    code: reader.id(fields.code, join(path, 'code')),
    title: reader.text(fields.title, join(path, 'title')),
    indicators: reader
      .list(fields.indicators, join(path, 'indicators'))
      .map((entry, index) => readIndicator(reader, entry, `${path}.indicators[${index}]`)),
  };
  if (fields.description !== undefined)
    problem.description = reader.text(fields.description, join(path, 'description'));
  const ids = new Set<string>();
  problem.indicators.forEach((entry, index) => {
    if ('include' in entry) return;
    if (ids.has(entry.id))
      reader.fail(`${path}.indicators[${index}].id`, `"${entry.id}" is already an indicator of this problem`);
    ids.add(entry.id);
  });
  return problem;
}

function readIndicator(reader: FrameworkReader, value: unknown, path: string): IndicatorEntry {
  if (typeof value === 'object' && value !== null && 'include' in value) {
    const fields = reader.object(value, path, ['include']);
    const include = reader.object(
      fields.include,
      join(path, 'include'),
      ['framework', 'problem'],
      ['version'],
    );
    const inclusion: IndicatorEntry = {
      include: {
        framework: reader.id(include.framework, join(path, 'include.framework')),
        problem: reader.id(include.problem, join(path, 'include.problem')),
      },
    };
    if (include.version !== undefined) {
      inclusion.include.version = reader.wholeNumber(include.version, join(path, 'include.version'), 1);
    }
    return inclusion;
  }
  const fields = reader.object(
    value,
    path,
    ['id', 'description', 'who', 'facts', 'when'],
    ['value', 'total'],
  );
  const indicator: IndicatorRule = {
    id: reader.id(fields.id, join(path, 'id')),
    description: reader.text(fields.description, join(path, 'description')),
    who: readWho(reader, fields.who, join(path, 'who')),
    facts: readFacts(reader, fields.facts, join(path, 'facts')),
    when: readWindow(reader, fields.when, join(path, 'when')),
  };
  if (indicator.when !== 'last_12_months') {
    for (const pattern of indicator.facts) {
      for (const code of codesCovered(pattern)) {
        if (lookupFactCode(code)?.kind === 'event') {
          reader.fail(
            join(path, 'when'),
            `${code} is an event (it happens on a day), so it is never "${indicator.when}"; use last_12_months`,
          );
        }
      }
    }
  }
  if (fields.value !== undefined && fields.total !== undefined) {
    reader.fail(join(path, 'total'), 'cannot be used with "value" in one indicator: make two indicators');
  }
  if (fields.value !== undefined) indicator.value = readValueBound(reader, fields.value, join(path, 'value'));
  if (fields.total !== undefined) indicator.total = readValueTotal(reader, fields.total, join(path, 'total'));
  return indicator;
}

function readWho(reader: FrameworkReader, value: unknown, path: string): Who {
  if (typeof value === 'string') {
    if (!namedGroups.includes(value)) {
      reader.fail(
        path,
        `"${value}" is not a group; use ${namedGroups.join(', ')} or an age band { "ageFrom": 11, "ageTo": 17 }`,
      );
    }
    return value as Who;
  }
  const fields = reader.object(value, path, [], ['ageFrom', 'ageTo']);
  const band: AgeBand = {};
  if (fields.ageFrom !== undefined)
    band.ageFrom = reader.wholeNumber(fields.ageFrom, join(path, 'ageFrom'), 0);
  if (fields.ageTo !== undefined) band.ageTo = reader.wholeNumber(fields.ageTo, join(path, 'ageTo'), 0);
  if (band.ageFrom === undefined && band.ageTo === undefined)
    reader.fail(path, 'an age band needs ageFrom, ageTo or both');
  if (band.ageFrom !== undefined && band.ageTo !== undefined && band.ageFrom > band.ageTo) {
    reader.fail(path, `ageFrom ${band.ageFrom} is above ageTo ${band.ageTo}`);
  }
  return band;
}

function readFacts(reader: FrameworkReader, value: unknown, path: string): string[] {
  const patterns = reader.list(value, path).map((pattern, index) => {
    const text = reader.text(pattern, `${path}[${index}]`);
    const problem = factPatternProblem(text);
    if (problem) reader.fail(`${path}[${index}]`, problem);
    return text;
  });
  if (patterns.length === 0) reader.fail(path, 'must name at least one fact code');
  return patterns;
}

function readWindow(reader: FrameworkReader, value: unknown, path: string): Window {
  if (typeof value !== 'string' || !windows.includes(value as Window)) {
    reader.fail(path, `${JSON.stringify(value)} is not a window; use one of ${windows.join(', ')}`);
  }
  return value as Window;
}

function readValueBound(reader: FrameworkReader, value: unknown, path: string): ValueBound {
  const fields = reader.object(value, path, [], ['atLeast', 'above', 'atMost', 'below']);
  const bound: ValueBound = {};
  for (const key of ['atLeast', 'above', 'atMost', 'below'] as const) {
    if (fields[key] !== undefined) bound[key] = reader.number(fields[key], join(path, key));
  }
  if (Object.keys(bound).length === 0)
    reader.fail(path, 'needs at least one of atLeast, above, atMost, below');
  if (bound.atLeast !== undefined && bound.above !== undefined)
    reader.fail(path, 'use atLeast or above, not both');
  if (bound.atMost !== undefined && bound.below !== undefined)
    reader.fail(path, 'use atMost or below, not both');
  return bound;
}

function readValueTotal(reader: FrameworkReader, value: unknown, path: string): ValueTotal {
  const fields = reader.object(value, path, ['atLeast'], ['emptyCounts']);
  const total: ValueTotal = { atLeast: reader.number(fields.atLeast, join(path, 'atLeast')) };
  if (fields.emptyCounts !== undefined)
    total.emptyCounts = reader.number(fields.emptyCounts, join(path, 'emptyCounts'));
  return total;
}
