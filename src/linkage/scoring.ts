import { CompiledComparison, namesSwapped } from './compare/compiled-comparison.ts';
import type { LinkageModel } from './model.ts';
import type { ColumnName, RecordTable } from './record-table.ts';

export const probabilityToWeight = (probability: number): number =>
  Math.log2(probability / (1 - probability));
export const weightToProbability = (weight: number): number => {
  const odds = 2 ** weight;
  return Number.isFinite(odds) ? odds / (1 + odds) : 1;
};

/** m and u are floored so an unseen level weighs a lot without being infinite. */
const floor = 1e-6;

/** The level of each comparison for one pair, and the term-frequency value that agreed. */
export interface PairLevels {
  levels: number[];
  agreedValues: number[];
  swapped: boolean;
}

/**
 * A model bound to a record table: the levels of a pair and its match weight
 * (prior + Σ log2(m/u) + term-frequency adjustments).
 */
export class PairScorer {
  readonly comparisons: CompiledComparison[];
  readonly model: LinkageModel;
  readonly table: RecordTable;
  readonly priorWeight: number;
  /** log2(m/u) for comparison k, level l (0 for the null level). */
  readonly levelWeights: Float64Array[];
  /** For levels with a term-frequency adjustment: w·log2(u), to which -w·log2(tf) is added. */
  private readonly tfBase: Float64Array[];
  /** log2 of each value's term frequency, per comparison and level (levels without adjustment: undefined). */
  private readonly tfLog: (Float64Array | undefined)[][];
  private readonly tfWeight: Float64Array[];
  private readonly swapAware: boolean;
  private readonly levels: Int32Array;

  constructor(model: LinkageModel, table: RecordTable) {
    this.model = model;
    this.table = table;
    this.comparisons = model.comparisons.map((comparison) => new CompiledComparison(comparison, table));
    this.swapAware = model.comparisons.some((comparison) => comparison.kindred_name_order === 'either');
    this.priorWeight = probabilityToWeight(model.probability_two_random_records_match);
    this.levels = new Int32Array(this.comparisons.length);
    this.levelWeights = model.comparisons.map((comparison) =>
      Float64Array.from(comparison.comparison_levels, (level) =>
        level.is_null_level
          ? 0
          : Math.log2(
              Math.max(level.m_probability ?? 0.5, floor) / Math.max(level.u_probability ?? 0.5, floor),
            ),
      ),
    );
    this.tfBase = [];
    this.tfLog = [];
    this.tfWeight = [];
    model.comparisons.forEach((comparison) => {
      const weights = new Float64Array(comparison.comparison_levels.length);
      const logs: (Float64Array | undefined)[] = [];
      comparison.comparison_levels.forEach((level, l) => {
        logs.push(undefined);
        if (!level.tf_adjustment_column || level.u_probability === undefined) return;
        const column = table.columns[level.tf_adjustment_column as ColumnName];
        if (!column)
          throw new Error(
            `Comparison ${comparison.output_column_name}: no column ${level.tf_adjustment_column}.`,
          );
        weights[l] = level.tf_adjustment_weight ?? 1;
        let total = 0;
        for (const count of column.counts) total += count;
        const minimum = level.tf_minimum_u_value ?? 0;
        logs[l] = Float64Array.from(column.counts, (count) =>
          Math.log2(Math.max(count / Math.max(total, 1), minimum, floor)),
        );
      });
      this.tfWeight.push(weights);
      this.tfLog.push(logs);
      this.tfBase.push(
        Float64Array.from(comparison.comparison_levels, (level) =>
          Math.log2(Math.max(level.u_probability ?? 1, floor)),
        ),
      );
    });
  }

  /** Levels of one pair into `into` (length = comparisons); returns whether names were swapped. */
  levelsOf(i: number, j: number, into: Int32Array): boolean {
    const swapped = this.swapAware && namesSwapped(this.table, i, j);
    const comparisons = this.comparisons;
    for (let k = 0; k < comparisons.length; k++) into[k] = comparisons[k]!.compare(i, j, swapped);
    return swapped;
  }

  /** The match weight of one pair. */
  weight(i: number, j: number): number {
    const swapped = this.swapAware && namesSwapped(this.table, i, j);
    const comparisons = this.comparisons;
    let weight = this.priorWeight;
    for (let k = 0; k < comparisons.length; k++) {
      const comparison = comparisons[k]!;
      const level = comparison.compare(i, j, swapped);
      this.levels[k] = level;
      weight += this.levelWeights[k]![level]!;
      const tfWeight = this.tfWeight[k]![level]!;
      if (tfWeight !== 0 && comparison.agreedValue !== 0) {
        weight += tfWeight * (this.tfBase[k]![level]! - this.tfLog[k]![level]![comparison.agreedValue]!);
      }
    }
    return weight;
  }

  /** The levels of the pair last weighed by `weight` (valid until the next call). */
  get lastLevels(): Int32Array {
    return this.levels;
  }

  /** The term-frequency adjustment (in bits) for comparison k at a level, given the agreed value id. */
  tfAdjustment(k: number, level: number, value: number): number {
    const tfWeight = this.tfWeight[k]![level]!;
    if (tfWeight === 0 || value === 0) return 0;
    return tfWeight * (this.tfBase[k]![level]! - this.tfLog[k]![level]![value]!);
  }
}
