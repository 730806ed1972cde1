import { blockPairs, type CandidatePairs, type RuleAnalysis } from './blocking.ts';
import { type CannotLinkRule, clusterRecords, type MatchEdges } from './clustering.ts';
import { decidedPairs, groupsWithConfirmedPairs, type LinkageDecisions } from './decisions.ts';
import { defaultModel } from './default-model.ts';
import type { LinkageModel } from './model.ts';
import {
  assignPersonIds,
  type PersonAssignment,
  type PersonChanges,
  type RecordKey,
  recordKeyText,
} from './person-ids.ts';
import { buildRecordTable, type RecordTable } from './record-table.ts';
import type { LinkageRecord } from './records.ts';
import { scoreCandidates } from './score-pairs.ts';
import { PairScorer, probabilityToWeight } from './scoring.ts';
import { sourceAgeGaps } from './source-ages.ts';
import { type TrainingReport, trainModel } from './training/train.ts';

export interface LinkOptions {
  /** A model to use; the default model when absent. */
  model?: LinkageModel;
  /** Train m, u and λ on these records (default: when the model has no trained parameters). */
  train?: boolean;
  /** Match probability at or above which a pair joins two records into one person. */
  threshold?: number;
  /** The previous run's person of each record, so people keep their ids. */
  previous?: PersonAssignment;
  /** Incremental linking: records with an index below this are already linked (see `linkIncrementally`). */
  existing?: { count: number; personIds: readonly string[] };
  /** Analysts' decisions on pairs of records, which override the model (clerical review). */
  decisions?: LinkageDecisions;
  /** Keep the candidate pairs whose match weight is within this many bits of the threshold, for review. */
  reviewBand?: number;
  onStage?: (stage: LinkStage, detail?: string) => void;
}

export type LinkStage = 'standardise' | 'train' | 'block' | 'score' | 'cluster' | 'assign';

export interface LinkResult {
  records: readonly LinkageRecord[];
  /** The person id of each record, in the order given. */
  personIds: string[];
  model: LinkageModel;
  table: RecordTable;
  scorer: PairScorer;
  blocking: RuleAnalysis[];
  training?: TrainingReport;
  changes: PersonChanges;
  /** Candidate pairs within `reviewBand` bits of the threshold (empty without one), by record index. */
  nearThreshold: { left: number; right: number; weight: number }[];
  /** The threshold the pairs were joined at, as a match weight (bits). */
  thresholdWeight: number;
  figures: {
    records: number;
    candidate_pairs: number;
    matched_pairs: number;
    people: number;
    refused_joins: number;
    seconds: Record<LinkStage, number>;
  };
}

/** The default cannot-link levels: a different NHS number or a far-apart date of birth means two people. */
export const defaultCannotLink: CannotLinkRule[] = [{ levels: { nhs_number: ['All other comparisons'] } }];

/** Whether every level but the null levels has its m probability: such a model links without training. */
export const isTrainedModel = (model: LinkageModel): boolean =>
  model.comparisons.every((comparison) =>
    comparison.comparison_levels.every((level) => level.is_null_level || level.m_probability !== undefined),
  );

/**
 * The steps before scoring: standardise the records, find the candidate pairs (new against existing when
 * linking incrementally), and train the model on the records when asked.
 */
function prepareModel(
  records: readonly LinkageRecord[],
  options: Pick<LinkOptions, 'model' | 'existing' | 'onStage'> & { train: boolean },
  lap: (stage: LinkStage) => void,
): {
  table: RecordTable;
  pairs: CandidatePairs;
  analysis: RuleAnalysis[];
  model: LinkageModel;
  training: TrainingReport | undefined;
  /** Training's scorer of the trained model, its comparisons' caches filled. */
  trainedScorer: PairScorer | undefined;
} {
  options.onStage?.('standardise');
  const table = buildRecordTable(records);
  lap('standardise');

  let model = options.model ?? defaultModel();
  options.onStage?.('block');
  const newFrom = options.existing?.count ?? 0;
  const { pairs, analysis } = blockPairs(table, model.blocking_rules_to_generate_predictions, {
    maxBlockSize: model.kindred_clustering.max_block_size,
    newFrom,
  });
  lap('block');

  let training: TrainingReport | undefined;
  let trainedScorer: PairScorer | undefined;
  if (options.train) {
    options.onStage?.('train');
    ({
      model,
      report: training,
      scorer: trainedScorer,
    } = trainModel(model, table, newFrom === 0 ? pairs : undefined));
    lap('train');
  }
  return { table, pairs, analysis, model, training, trainedScorer };
}

/**
 * Trains a model on the records themselves, as `linkRecords` does before it scores (unsupervised, from
 * `model` or the default model), without scoring or clustering: for `kindred model train`.
 */
export function trainOnRecords(
  records: readonly LinkageRecord[],
  options: Pick<LinkOptions, 'model' | 'onStage'> = {},
): LinkageModel {
  return prepareModel(records, { ...options, train: true }, () => undefined).model;
}

/** Links and deduplicates records into people: standardise, train, block, score, cluster, assign ids. */
export function linkRecords(records: readonly LinkageRecord[], options: LinkOptions = {}): LinkResult {
  const seconds: Record<LinkStage, number> = {
    standardise: 0,
    train: 0,
    block: 0,
    score: 0,
    cluster: 0,
    assign: 0,
  };
  let clock = performance.now();
  const lap = (stage: LinkStage): void => {
    const now = performance.now();
    seconds[stage] += (now - clock) / 1000;
    clock = now;
  };
  const { table, pairs, analysis, training, model, trainedScorer } = prepareModel(
    records,
    { ...options, train: options.train ?? !isTrainedModel(options.model ?? defaultModel()) },
    lap,
  );

  options.onStage?.('score', `${pairs.count} pairs`);
  const scorer = new PairScorer(model, table, trainedScorer);
  const threshold = options.threshold ?? model.kindred_clustering.threshold_match_probability;
  const thresholdWeight = probabilityToWeight(threshold);
  // Pairs near the threshold are kept for review, so they are weighed exactly as far below it as the band goes.
  const band = options.reviewBand ?? -1;
  const scored = scoreCandidates(scorer, pairs, band >= 0 ? thresholdWeight - band : thresholdWeight);
  const nearThreshold: LinkResult['nearThreshold'] = [];
  let edges: MatchEdges = scored;
  if (band >= 0) {
    let kept = 0;
    for (let e = 0; e < scored.count; e++) if (scored.weight[e]! >= thresholdWeight) kept++;
    edges = {
      count: kept,
      left: new Int32Array(kept),
      right: new Int32Array(kept),
      weight: new Float32Array(kept),
    };
    let at = 0;
    for (let e = 0; e < scored.count; e++) {
      const weight = scored.weight[e]!;
      if (Math.abs(weight - thresholdWeight) <= band)
        nearThreshold.push({ left: scored.left[e]!, right: scored.right[e]!, weight });
      if (weight < thresholdWeight) continue;
      edges.left[at] = scored.left[e]!;
      edges.right[at] = scored.right[e]!;
      edges.weight[at] = weight;
      at++;
    }
  }
  lap('score');

  options.onStage?.('cluster');
  let initialGroups: Int32Array | undefined;
  if (options.existing) {
    const groupOf = new Map<string, number>();
    initialGroups = new Int32Array(table.size).fill(-1);
    for (let record = 0; record < options.existing.count; record++) {
      const id = options.existing.personIds[record]!;
      let group = groupOf.get(id);
      if (group === undefined) {
        group = groupOf.size;
        groupOf.set(id, group);
      }
      initialGroups[record] = group;
    }
  }
  const bySource = model.kindred_probability_two_records_match;
  const sameSourceMustMatch =
    model.kindred_clustering.same_source_pairs_must_match !== false &&
    bySource !== undefined &&
    bySource.same_source < bySource.different_sources / 10;
  const outsideSourceAges = model.kindred_clustering.source_ages === false ? undefined : sourceAgeGaps(table);
  const decided = options.decisions ? decidedPairs(records, options.decisions) : undefined;
  initialGroups = groupsWithConfirmedPairs(table.size, initialGroups, decided?.samePerson ?? []);
  const keptApart = decided && decided.count.differentPeople > 0 ? decided.keptApart : undefined;
  const cannotBeOne =
    outsideSourceAges && keptApart
      ? (a: number, b: number) => keptApart(a, b) || outsideSourceAges(a, b)
      : (outsideSourceAges ?? keptApart);
  const clusters = clusterRecords(scorer, edges, {
    ...(sameSourceMustMatch ? { sameSourceMinWeight: thresholdWeight } : {}),
    ...(cannotBeOne ? { cannotBeOne } : {}),
    cannotLink: model.kindred_clustering.cannot_link ?? defaultCannotLink,
    ...(model.kindred_clustering.veto ? { veto: model.kindred_clustering.veto } : {}),
    ...(model.kindred_clustering.min_mean_match_weight !== undefined
      ? { minMeanWeight: model.kindred_clustering.min_mean_match_weight }
      : {}),
    ...(initialGroups ? { initialGroups } : {}),
  });
  lap('cluster');

  options.onStage?.('assign');
  // A record is its own key (source and record id).
  const keys: readonly RecordKey[] = records;
  let previous = options.previous;
  if (options.existing) {
    const existing = new Map(previous ?? []);
    for (let record = 0; record < options.existing.count; record++) {
      existing.set(recordKeyText(keys[record]!), options.existing.personIds[record]!);
    }
    previous = existing;
  }
  const { personIds, changes, people } = assignPersonIds(keys, clusters.personOf, previous);
  lap('assign');
  return {
    records,
    personIds,
    model,
    table,
    scorer,
    blocking: analysis,
    ...(training ? { training } : {}),
    changes,
    nearThreshold,
    thresholdWeight,
    figures: {
      records: table.size,
      candidate_pairs: pairs.count,
      matched_pairs: edges.count,
      people,
      refused_joins: clusters.refusedJoins,
      seconds,
    },
  };
}

/**
 * Links new records against people already linked, without relinking everyone: only pairs that
 * involve a new record are scored, and existing people start as groups that new records may join.
 */
export function linkIncrementally(
  existing: readonly { record: LinkageRecord; personId: string }[],
  added: readonly LinkageRecord[],
  options: Omit<LinkOptions, 'existing'> & { model: LinkageModel },
): LinkResult {
  return linkRecords([...existing.map((entry) => entry.record), ...added], {
    ...options,
    train: options.train ?? false,
    existing: { count: existing.length, personIds: existing.map((entry) => entry.personId) },
  });
}
