/**
 * Record linkage (pure, no database): standardise identities, block, compare, train a
 * Fellegi–Sunter model on the data itself, score, cluster into people with stable ids, explain.
 */
export { type BlockingOptions, blockPairs, type CandidatePairs, type RuleAnalysis } from './blocking.ts';
export { type CannotLinkRule, type Clusters, clusterRecords, type MatchEdges } from './clustering.ts';
export { type DecidedPairs, decidedPairs, type LinkageDecisions } from './decisions.ts';
export { defaultModel } from './default-model.ts';
export { explainPair, type PairExplanation, type WaterfallBar } from './explain.ts';
export {
  defaultCannotLink,
  isTrainedModel,
  type LinkOptions,
  type LinkResult,
  type LinkStage,
  linkIncrementally,
  linkRecords,
  trainOnRecords,
} from './link.ts';
export type { Comparison, ComparisonLevel, LevelTest, LinkageModel } from './model.ts';
export { modelProblem, modelVersion } from './model.ts';
export { describeModel } from './model-summary.ts';
export {
  assignmentFrom,
  assignPersonIds,
  type PersonAssignment,
  type PersonChanges,
  type RecordKey,
  recordKeyText,
} from './person-ids.ts';
export { linksWithinPeople, type PersonLink } from './person-links.ts';
export { buildRecordTable, type ColumnName, columnNames, type RecordTable } from './record-table.ts';
export { type IdentityRow, type IdentityValues, type LinkageRecord, recordsFromRows } from './records.ts';
export { PairScorer, probabilityToWeight, weightToProbability } from './scoring.ts';
export { type TrainingReport, trainModel } from './training/train.ts';
