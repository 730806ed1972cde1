/**
 * Criteria (pure, no database): frameworks as versioned data (tf-2015, sf-2022, dea-2017 and local
 * variants), checked and compiled, then households assessed at a date: problems met with their
 * evidence, programme family and eligibility. Also a person's date of birth when records disagree.
 */

export { assessHouseholds, HouseholdAssessor } from './assess-household.ts';
export { ageAt, assessmentWindow, sameDayYearsAway } from './assessment-dates.ts';
export {
  type CompileOptions,
  type CriteriaFramework,
  compileFramework,
  type ResolvedIndicator,
  type ResolvedProblem,
} from './compile-framework.ts';
export type {
  AgeBand,
  EligibilityRule,
  FrameworkDefinition,
  IndicatorEntry,
  IndicatorInclusion,
  IndicatorRule,
  ProblemDefinition,
  ValueBound,
  ValueTotal,
  Who,
  Window,
} from './framework.ts';
export { FrameworkError } from './framework-error.ts';
export type {
  AssessedFact,
  Household,
  HouseholdMember,
  IndicatorEvidence,
  ProgrammeFamilyEvidence,
} from './household.ts';
export { HouseholdAssessment } from './household-assessment.ts';
export { parseFramework, parseFrameworkText } from './parse-framework.ts';
export { personDateOfBirth } from './person-date-of-birth.ts';
export {
  type ShippedFrameworkId,
  shippedFramework,
  shippedFrameworkDefinitions,
  shippedFrameworkIds,
} from './shipped-frameworks.ts';
