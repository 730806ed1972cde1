/**
 * Clerical review: what a run's linkage found, explained (the person page: every record behind a person and the
 * weight each comparison added to each link), the queue of pairs near the threshold for analysts, and their
 * decisions — one person, two people, merge, split — which override the model in later runs.
 */
export {
  DecisionRefused,
  decisionsAbout,
  effectiveDecisions,
  type LinkageDecision,
  type LinkageDecisionKind,
  recordDecisions,
} from './decisions.ts';
export {
  evidenceRecordKey,
  type LinkageEvidence,
  linkageEvidence,
  maxReviewPairs,
  type PairRecord,
  reviewBandBits,
} from './linkage-evidence.ts';
export {
  findPair,
  findPerson,
  type PairView,
  type PersonView,
  type ReviewQueue,
  reviewQueue,
  type SourceRecord,
  type StoredPair,
} from './linkage-queries.ts';
export {
  type ComparedRecord,
  comparedValues,
  PairExplainer,
  type PairFacts,
  pairFacts,
} from './pair-explanations.ts';
export { decidePair, mergePeople, splitRecord } from './review-commands.ts';
