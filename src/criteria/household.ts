/** What an assessment reads and what it gives back. */

/** A fact about a person; any other fields (upload, agreement, line...) pass through to the evidence untouched. */
export interface AssessedFact {
  source: string;
  record_id: string;
  code: string;
  /** ISO date: when the fact started or happened. */
  start: string;
  /** ISO date a state ended or a measured period closed; empty while ongoing. */
  end?: string | null;
  value?: number | null;
}

export interface HouseholdMember<F extends AssessedFact = AssessedFact> {
  personId: string;
  /** ISO date, or null when no record gives one (neither child nor adult). */
  dateOfBirth: string | null;
  facts: readonly F[];
}

export interface Household<F extends AssessedFact = AssessedFact> {
  id: string;
  members: readonly HouseholdMember<F>[];
}

/** One member meeting one indicator, with the facts that did it. */
export interface IndicatorEvidence<F extends AssessedFact = AssessedFact> {
  indicator: string;
  personId: string;
  facts: F[];
}

/** Why a household is a programme family: a child at D, or a current vulnerable parent. */
export type ProgrammeFamilyEvidence<F extends AssessedFact = AssessedFact> =
  | { personId: string; reason: 'child'; age: number }
  | { personId: string; reason: 'vulnerable_parent'; fact: F };
