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
}

/** Why a pair scores as it does: the prior and each comparison's weight (Splink's waterfall). */
export function explainPair(scorer: PairScorer, i: number, j: number): PairExplanation {
  const levels = new Int32Array(scorer.comparisons.length);
  const swapped = scorer.levelsOf(i, j, levels);
  let total = scorer.priorWeight;
  const bars = scorer.comparisons.map((comparison, k) => {
    const level = comparison.compare(i, j, swapped);
    const spec = scorer.model.comparisons[k]!.comparison_levels[level]!;
    const tf = scorer.tfAdjustment(k, level, comparison.agreedValue);
    const weight = scorer.levelWeights[k]![level]! + tf;
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
      u_probability: spec.u_probability ?? null,
      tf_adjustment: tf,
    };
  });
  return {
    prior: {
      probability_two_random_records_match: scorer.model.probability_two_random_records_match,
      log2_bayes_factor: scorer.priorWeight,
    },
    bars,
    match_weight: total,
    match_probability: weightToProbability(total),
    names_swapped: swapped,
  };
}
