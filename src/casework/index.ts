/**
 * Casework: identification runs over the current extracts (families, their members, evidence and who is
 * involved, and what changed since the last run), then each family's assessment, consent or lawful basis,
 * allocation to a keyworker and progress, with history.
 */
export {
  type AllocationDecision,
  type AssessmentDecision,
  allocateFamily,
  assessFamily,
  assessmentProblems,
  type Casework,
  type CaseworkChange,
  CaseworkRefused,
  type CaseworkStatus,
  caseworkHistory,
  caseworkStatuses,
  closeFamily,
  councilKeyworkers,
  findCasework,
  startWork,
  statusNames,
} from './casework.ts';
export {
  type CurrentExtractRow,
  type CurrentUpload,
  currentUploads,
  type ExtractRowKey,
  readCurrentExtracts,
} from './current-extracts.ts';
export {
  allocatedFamilies,
  type FamilyFilters,
  type FamilySort,
  type FamilySummary,
  familyPages,
  listFamilies,
} from './family-queries.ts';
export {
  type IdentificationRecords,
  identificationRecords,
  postcodeDistrict,
  type RunFact,
} from './family-records.ts';
export {
  type FamilyFact,
  type FamilyMember,
  type FamilyView,
  findFamily,
  type Involvement,
  type ProblemEvidence,
} from './family-view.ts';
export { IdentificationJobs } from './identification-jobs.ts';
export {
  completeIdentification,
  findRun,
  type IdentificationRequest,
  type IdentificationRun,
  latestRun,
  type RunPhase,
  recentRuns,
  runIdentification,
  startIdentification,
} from './identification-run.ts';
export { discardOrphanedIdentificationRuns, silentRunMinutes } from './orphaned-identification-runs.ts';
export {
  findSharedFamily,
  type SharedFamilySummary,
  type SharedFamilyView,
  sharedFamilies,
} from './shared-families.ts';
