import {
  type LinkageModel,
  type LinkResult,
  linksWithinPeople,
  weightToProbability,
} from '../linkage/index.ts';
import { comparedValues, type PairFacts, pairFacts } from './pair-explanations.ts';

/**
 * The review band: candidate pairs within this many bits of the threshold are reviewed (a match probability
 * between 1% and 99% when the threshold is 0.5).
 */
export const reviewBandBits = Math.log2(99);

/** At most this many pairs of a run go to review, those nearest the threshold first. */
export const maxReviewPairs = 5000;

/**
 * A pair a run keeps: a link within a person, or a pair near the threshold, with the facts its explanation is
 * rebuilt from (`PairExplainer`, with the run's model and both records' compared values).
 */
export interface PairRecord extends PairFacts {
  pair_no: number;
  left_source: string;
  left_record_id: string;
  right_source: string;
  right_record_id: string;
  match_weight: number;
  match_probability: number;
  /** The person both records ended in; null when they are two people. */
  person_id: string | null;
  family_id: string | null;
  near_threshold: boolean;
}

/** What a run keeps to explain its linkage: the model it scored with, its pairs, and their records' values. */
export interface LinkageEvidence {
  model: LinkageModel;
  pairs: PairRecord[];
  /** The compared values of each record in a kept pair, by source and record id (joined by NUL). */
  comparedValues: Map<string, string[]>;
}

/** A record's key in `LinkageEvidence.comparedValues`. */
export const evidenceRecordKey = (source: string, recordId: string): string => `${source}\u0000${recordId}`;

/**
 * What a run keeps of its linkage to explain it (pure, in the engine's thread): the links that hold each person
 * together and the candidate pairs near the threshold, each with what explains it comparison by comparison.
 */
export function linkageEvidence(
  linkage: LinkResult,
  familyOfPerson: (personId: string) => string | undefined,
): LinkageEvidence {
  const chosen = new Map<number, { left: number; right: number; nearThreshold: boolean }>();
  const size = linkage.records.length;
  const keyOf = (a: number, b: number): number => Math.min(a, b) * size + Math.max(a, b);
  for (const link of linksWithinPeople(linkage))
    chosen.set(keyOf(link.left, link.right), { left: link.left, right: link.right, nearThreshold: false });
  const near = [...linkage.nearThreshold]
    .sort(
      (x, y) =>
        Math.abs(x.weight - linkage.thresholdWeight) - Math.abs(y.weight - linkage.thresholdWeight) ||
        x.left - y.left ||
        x.right - y.right,
    )
    .slice(0, maxReviewPairs);
  for (const pair of near) {
    const key = keyOf(pair.left, pair.right);
    const known = chosen.get(key);
    if (known) known.nearThreshold = true;
    else chosen.set(key, { left: pair.left, right: pair.right, nearThreshold: true });
  }
  const pairs: PairRecord[] = [];
  const values = new Map<string, string[]>();
  const keep = (record: number): void => {
    const { source, recordId } = linkage.records[record]!;
    const key = evidenceRecordKey(source, recordId);
    if (!values.has(key)) values.set(key, comparedValues(linkage.scorer, record));
  };
  for (const { left, right, nearThreshold } of chosen.values()) {
    const facts = pairFacts(linkage.scorer, left, right);
    keep(left);
    keep(right);
    const personId = linkage.personIds[left] === linkage.personIds[right] ? linkage.personIds[left]! : null;
    pairs.push({
      pair_no: pairs.length + 1,
      left_source: linkage.records[left]!.source,
      left_record_id: linkage.records[left]!.recordId,
      right_source: linkage.records[right]!.source,
      right_record_id: linkage.records[right]!.recordId,
      match_weight: facts.match_weight,
      match_probability: weightToProbability(facts.match_weight),
      person_id: personId,
      family_id: personId === null ? null : (familyOfPerson(personId) ?? null),
      near_threshold: nearThreshold,
      levels: facts.levels,
      log2_bayes_factors: facts.log2_bayes_factors,
      names_swapped: facts.names_swapped,
    });
  }
  return { model: linkage.scorer.model, pairs, comparedValues: values };
}
