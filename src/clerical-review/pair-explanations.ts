import {
  buildRecordTable,
  type LinkageModel,
  type PairExplanation,
  PairScorer,
  weightToProbability,
} from '../linkage/index.ts';

/**
 * What a run keeps of a pair's explanation: what the model cannot give back. The level each comparison reached
 * and the weight it added (term-frequency adjustments included), in the model's order of comparisons, whether
 * names were compared crosswise, and the match weight.
 */
export interface PairFacts {
  levels: number[];
  log2_bayes_factors: number[];
  names_swapped: boolean;
  match_weight: number;
}

/** A pair's facts as the run's scorer finds them, summed in `explainPair`'s order so the match weight is its. */
export function pairFacts(scorer: PairScorer, i: number, j: number): PairFacts {
  const count = scorer.comparisons.length;
  const levels = new Int32Array(count);
  const weights = new Float64Array(count);
  const { swapped } = scorer.contributions(i, j, weights, levels);
  let total = scorer.priorOf(i, j);
  for (const weight of weights) total += weight;
  return {
    levels: Array.from(levels),
    log2_bayes_factors: Array.from(weights),
    names_swapped: swapped,
    match_weight: total,
  };
}

/** A standardised column of the records, as a comparison reads it. */
type Column = PairScorer['comparisons'][number]['column'];

/**
 * The columns a model's comparisons read, each once: each comparison's column in the model's order, then the name
 * columns compared crosswise that are not among them already; and where each comparison finds its own and its
 * crosswise values. Found the same way from any scorer of the model, bound to the county or to no records.
 */
function comparedColumns(scorer: PairScorer): { columns: Column[]; at: number[]; crosswiseAt: number[] } {
  const columns: Column[] = [];
  const place = (column: Column): number => {
    const found = columns.indexOf(column);
    return found >= 0 ? found : columns.push(column) - 1;
  };
  const at = scorer.comparisons.map((comparison) => place(comparison.column));
  const crosswiseAt = scorer.comparisons.map((comparison) =>
    comparison.swapColumn ? place(comparison.swapColumn) : -1,
  );
  return { columns, at, crosswiseAt };
}

const columnsOfScorer = new WeakMap<PairScorer, Column[]>();

/**
 * The values a record's comparisons read, as standardised (a record's variants joined by `|`), one per column
 * the model's comparisons read (`comparedColumns`).
 */
export function comparedValues(scorer: PairScorer, record: number): string[] {
  let columns = columnsOfScorer.get(scorer);
  if (!columns) {
    columns = comparedColumns(scorer).columns;
    columnsOfScorer.set(scorer, columns);
  }
  return columns.map((column) => {
    const values: string[] = [];
    for (let p = column.offsets[record]!; p < column.offsets[record + 1]!; p++)
      values.push(column.values[column.ids[p]!]!);
    return values.join('|');
  });
}

/** One side of a kept pair: its source (the prior depends on whether both share one) and its compared values. */
export interface ComparedRecord {
  source: string;
  comparedValues: readonly string[];
}

/** Rebuilds explanations of a run's pairs from its model: what `explainPair` answered when the run scored them. */
export class PairExplainer {
  /** The model bound to no records: its levels' weights, priors and comparisons, as the run's scorer had them. */
  private readonly scorer: PairScorer;
  /** Where each comparison's values are in a record's compared values. */
  private readonly at: number[];
  /** Where each comparison's crosswise values are (-1: it compares no names crosswise). */
  private readonly crosswiseAt: number[];

  constructor(model: LinkageModel) {
    this.scorer = new PairScorer(model, buildRecordTable([]));
    ({ at: this.at, crosswiseAt: this.crosswiseAt } = comparedColumns(this.scorer));
  }

  explain(facts: PairFacts, left: ComparedRecord, right: ComparedRecord): PairExplanation {
    const { scorer } = this;
    const home = scorer.sharesHome(facts.levels);
    const swapped = facts.names_swapped;
    const prior =
      left.source === right.source ? scorer.sameSourcePriorWeight : scorer.differentSourcesPriorWeight;
    let total = prior;
    const bars = scorer.comparisons.map((comparison, k) => {
      const level = facts.levels[k]!;
      const spec = scorer.model.comparisons[k]!.comparison_levels[level]!;
      const weight = facts.log2_bayes_factors[k]!;
      total += weight;
      const rightAt = swapped && this.crosswiseAt[k]! >= 0 ? this.crosswiseAt[k]! : this.at[k]!;
      return {
        column_name: comparison.name,
        label_for_charts: spec.label_for_charts,
        value_l: left.comparedValues[this.at[k]!] ?? '',
        value_r: right.comparedValues[rightAt] ?? '',
        comparison_vector_value: spec.is_null_level ? -1 : comparison.levelCount - 1 - level,
        bayes_factor: 2 ** weight,
        log2_bayes_factor: weight,
        m_probability: spec.m_probability ?? null,
        u_probability:
          (home ? spec.kindred_u_probability_same_home : undefined) ?? spec.u_probability ?? null,
        tf_adjustment:
          weight - (home ? scorer.homeLevelWeights[k]![level]! : scorer.levelWeights[k]![level]!),
      };
    });
    return {
      prior: { probability_two_random_records_match: weightToProbability(prior), log2_bayes_factor: prior },
      bars,
      match_weight: total,
      match_probability: weightToProbability(total),
      names_swapped: swapped,
      same_home: home,
    };
  }
}
