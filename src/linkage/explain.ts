import type { PairScorer } from './scoring.ts';
import { weightToProbability } from './scoring.ts';

/** One bar of a waterfall chart: what one comparison added to the match weight. */
export interface WaterfallBar {
  column_name: string;
  label_for_charts: string;
  /** The values compared, as standardised (a record's variants joined by `|`). */
  value_l: string;
  value_r: string;
  comparison_vector_value: number;
  bayes_factor: number;
  log2_bayes_factor: number;
  m_probability: number | null;
  u_probability: number | null;
  /** The term-frequency adjustment in bits, already included in log2_bayes_factor. */
  tf_adjustment: number;
}

export interface PairExplanation {
  prior: { probability_two_random_records_match: number; log2_bayes_factor: number };
  bars: WaterfallBar[];
  match_weight: number;
  match_probability: number;
  names_swapped: boolean;
  /** The pair shares a home: comparisons are weighed with u among people who share one. */
  same_home: boolean;
}

/** Why a pair scores as it does: the prior and each comparison's weight (Splink's waterfall). */
export function explainPair(scorer: PairScorer, i: number, j: number): PairExplanation {
  const levels = new Int32Array(scorer.comparisons.length);
  const weights = new Float64Array(scorer.comparisons.length);
  const { swapped, home } = scorer.contributions(i, j, weights, levels);
  const prior = scorer.priorOf(i, j);
  let total = prior;
  const bars = scorer.comparisons.map((comparison, k) => {
    const level = levels[k]!;
    const spec = scorer.model.comparisons[k]!.comparison_levels[level]!;
    const weight = weights[k]!;
    const tf = weight - (home ? scorer.homeLevelWeights[k]![level]! : scorer.levelWeights[k]![level]!);
    total += weight;
    const valuesOf = (record: number, right: boolean): string => {
      const column = right && swapped && comparison.swapColumn ? comparison.swapColumn : comparison.column;
      const values: string[] = [];
      for (let p = column.offsets[record]!; p < column.offsets[record + 1]!; p++)
        values.push(column.values[column.ids[p]!]!);
      return values.join('|');
    };
    return {
      column_name: comparison.name,
      label_for_charts: spec.label_for_charts,
      value_l: valuesOf(i, false),
      value_r: valuesOf(j, true),
      comparison_vector_value: spec.is_null_level ? -1 : comparison.levelCount - 1 - level,
      bayes_factor: 2 ** weight,
      log2_bayes_factor: weight,
      m_probability: spec.m_probability ?? null,
      u_probability: (home ? spec.kindred_u_probability_same_home : undefined) ?? spec.u_probability ?? null,
      tf_adjustment: tf,
    };
  });
  return {
    prior: {
      probability_two_random_records_match: weightToProbability(prior),
      log2_bayes_factor: prior,
    },
    bars,
    match_weight: total,
    match_probability: weightToProbability(total),
    names_swapped: swapped,
    same_home: home,
  };
}
