/**
 * A criteria framework as councils read and edit it (the JSON files in frameworks/): versioned
 * data, not code. docs/decisions/004-criteria-as-data.md describes the indicator language.
 */

/** Whose facts an indicator looks at, by age at the assessment date. */
export type Who = 'anyone' | 'child' | 'adult' | 'young_person' | AgeBand;

/** An age band, inclusive at both ends; people with no known date of birth are never in one. */
export interface AgeBand {
  ageFrom?: number;
  ageTo?: number;
}

/**
 * When a fact counts: `last_12_months` (an event on a day after 12 months before D and on or before
 * D; a state or measure whose period overlaps that), `current` (a state running at D) or
 * `current_ending_within_12_months` (current, with a `fact_end` after D and within 12 months after D).
 */
export type Window = 'last_12_months' | 'current' | 'current_ending_within_12_months';

export const windows: readonly Window[] = ['last_12_months', 'current', 'current_ending_within_12_months'];

/** A bound on each fact's `fact_value`; a fact with no value never meets it. */
export interface ValueBound {
  atLeast?: number;
  above?: number;
  atMost?: number;
  below?: number;
}

/** A sum of `fact_value` over every counted fact of one person. */
export interface ValueTotal {
  atLeast: number;
  /** What a fact with no value adds (1 for counts such as exclusions). Default 0. */
  emptyCounts?: number;
}

export interface IndicatorRule {
  /** Unique within its problem; evidence names it. */
  id: string;
  /** Plain English, shown beside the evidence. */
  description: string;
  who: Who;
  /** Fact codes, or a whole area as `children.*`. */
  facts: string[];
  when: Window;
  value?: ValueBound;
  total?: ValueTotal;
}

/** Every indicator of another framework's problem, as they are there. */
export interface IndicatorInclusion {
  include: { framework: string; problem: string; version?: number };
}

export type IndicatorEntry = IndicatorRule | IndicatorInclusion;

export interface ProblemDefinition {
  code: string;
  title: string;
  description?: string;
  /** A family has the problem when any member meets any of these. */
  indicators: IndicatorEntry[];
}

export interface EligibilityRule {
  /** Needs a programme family: a child at D, or a member with a current `health.vulnerable_parent`. */
  programmeFamily: boolean;
  /** How many of the problems a family must have. */
  minimumProblems: number;
}

export interface FrameworkDefinition {
  id: string;
  version: number;
  title: string;
  description?: string;
  /** The framework and version a local variant was copied from. */
  basedOn?: { id: string; version: number };
  problems: ProblemDefinition[];
  eligibility: EligibilityRule;
}

export const isInclusion = (entry: IndicatorEntry): entry is IndicatorInclusion => 'include' in entry;
