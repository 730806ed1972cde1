import { CompiledComparison, namesSwapped } from './compare/compiled-comparison.ts';
import type { LinkageModel } from './model.ts';
import type { Column, ColumnName, RecordTable } from './record-table.ts';
import { singleValues } from './single-values.ts';

export const probabilityToWeight = (probability: number): number =>
  Math.log2(probability / (1 - probability));
export const weightToProbability = (weight: number): number => {
  const odds = 2 ** weight;
  return Number.isFinite(odds) ? odds / (1 + odds) : 1;
};

/** m and u are floored so an unseen level weighs a lot without being infinite. */
const floor = 1e-6;
/**
 * u may go lower: a combined level that random pairs never reach (same address, postcode and town)
 * is given u as if its parts were independent, and that can be far below one in a million.
 */
const uFloor = 1e-9;

/** The level of each comparison for one pair, and the term-frequency value that agreed. */
export interface PairLevels {
  levels: number[];
  agreedValues: number[];
  swapped: boolean;
}

/**
 * A model bound to a record table: the levels of a pair and its match weight
 * (prior + Σ log2(m/u) + term-frequency adjustments). When the model names the levels that mean a
 * shared home, a pair at one of them is weighed with each other comparison's u among people who
 * share a home, without term-frequency adjustments.
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
  private readonly agreedValues: Int32Array;
  /** Prior weights for two records of one source and of different sources (both the overall prior when the model has none). */
  readonly sameSourcePriorWeight: number;
  readonly differentSourcesPriorWeight: number;
  /** Levels whose u, when another comparison also agrees exactly, is counted among records sharing its value. */
  private readonly within: WithinRule[];
  /** For name comparisons compared crosswise: log2 frequency of each value in the other name column. */
  private readonly tfLogSwap: (Float64Array | undefined)[][];
  /** log2(m/u) with u among different people who share a home (`levelWeights` where the model has none). */
  readonly homeLevelWeights: Float64Array[];
  /** The comparison whose levels say two records share a home (-1: none). */
  readonly homeComparison: number;
  /** For that comparison, which of its levels mean a shared home. */
  private readonly homeLevels: Uint8Array;
  /**
   * Whether `weightAtLeast` may stop comparing homes once no level left could lift the pair to the
   * minimum: not when a term frequency or a within rule reads the home comparison.
   */
  private readonly homeBounded: boolean;
  /** The table's single values (single-values.ts), read for names entered crosswise. */
  private readonly singleRows: Int32Array;

  /**
   * `sameLevels`: a scorer of a model with the same comparisons and levels (only m, u and λ differ),
   * whose compiled comparisons and their caches are taken over, as training does round after round.
   */
  constructor(model: LinkageModel, table: RecordTable, sameLevels?: PairScorer) {
    this.model = model;
    this.table = table;
    this.singleRows = singleValues(table);
    this.comparisons =
      sameLevels && sameLevels.table === table
        ? sameLevels.comparisons
        : model.comparisons.map((comparison) => new CompiledComparison(comparison, table));
    this.swapAware = model.comparisons.some((comparison) => comparison.kindred_name_order === 'either');
    this.priorWeight = probabilityToWeight(model.probability_two_random_records_match);
    const bySource = model.kindred_probability_two_records_match;
    this.sameSourcePriorWeight = bySource ? probabilityToWeight(bySource.same_source) : this.priorWeight;
    this.differentSourcesPriorWeight = bySource
      ? probabilityToWeight(bySource.different_sources)
      : this.priorWeight;
    this.levels = new Int32Array(this.comparisons.length);
    this.agreedValues = new Int32Array(this.comparisons.length);
    this.levelWeights = model.comparisons.map((comparison) =>
      Float64Array.from(comparison.comparison_levels, (level) =>
        level.is_null_level
          ? 0
          : Math.log2(
              Math.max(level.m_probability ?? 0.5, floor) / Math.max(level.u_probability ?? 0.5, uFloor),
            ),
      ),
    );
    this.homeComparison = model.kindred_same_home
      ? model.comparisons.findIndex(
          (comparison) => comparison.output_column_name === model.kindred_same_home!.comparison,
        )
      : -1;
    if (model.kindred_same_home && this.homeComparison < 0)
      throw new Error(`kindred_same_home: there is no comparison "${model.kindred_same_home.comparison}".`);
    this.homeLevels = new Uint8Array(
      this.homeComparison < 0 ? 0 : model.comparisons[this.homeComparison]!.comparison_levels.length,
    );
    for (const label of model.kindred_same_home?.levels ?? []) {
      const level = model.comparisons[this.homeComparison]!.comparison_levels.findIndex(
        (candidate) => candidate.label_for_charts === label,
      );
      if (level < 0) throw new Error(`kindred_same_home: no level "${label}" in its comparison.`);
      this.homeLevels[level] = 1;
    }
    this.homeLevelWeights = model.comparisons.map((comparison, k) =>
      Float64Array.from(comparison.comparison_levels, (level, l) =>
        level.is_null_level || level.kindred_u_probability_same_home === undefined
          ? this.levelWeights[k]![l]!
          : Math.log2(
              Math.max(level.m_probability ?? 0.5, floor) /
                Math.max(level.kindred_u_probability_same_home, uFloor),
            ),
      ),
    );
    this.tfBase = [];
    this.tfLog = [];
    this.tfLogSwap = [];
    this.tfWeight = [];
    const logFrequencies = (column: Column, minimum: number): Float64Array => {
      let total = 0;
      for (const count of column.counts) total += count;
      return Float64Array.from(column.counts, (count) =>
        Math.log2(Math.max(count / Math.max(total, 1), minimum, floor)),
      );
    };
    model.comparisons.forEach((comparison, k) => {
      const weights = new Float64Array(comparison.comparison_levels.length);
      const logs: (Float64Array | undefined)[] = [];
      const swapLogs: (Float64Array | undefined)[] = [];
      comparison.comparison_levels.forEach((level, l) => {
        logs.push(undefined);
        swapLogs.push(undefined);
        if (!level.tf_adjustment_column || level.u_probability === undefined) return;
        const column = table.columns[level.tf_adjustment_column as ColumnName];
        if (!column)
          throw new Error(
            `Comparison ${comparison.output_column_name}: no column ${level.tf_adjustment_column}.`,
          );
        weights[l] = level.tf_adjustment_weight ?? 1;
        const minimum = level.tf_minimum_u_value ?? 0;
        logs[l] = logFrequencies(column, minimum);
        const swapColumn = this.comparisons[k]!.swapColumn;
        if (swapColumn && column === this.comparisons[k]!.column)
          swapLogs[l] = logFrequencies(swapColumn, minimum);
      });
      this.tfWeight.push(weights);
      this.tfLog.push(logs);
      this.tfLogSwap.push(swapLogs);
      this.tfBase.push(
        Float64Array.from(comparison.comparison_levels, (level) =>
          Math.log2(Math.max(level.u_probability ?? 1, floor)),
        ),
      );
    });
    this.within = [];
    model.comparisons.forEach((comparison, k) => {
      comparison.comparison_levels.forEach((level, l) => {
        const rule = level.kindred_u_within;
        if (!rule || level.u_probability === undefined) return;
        const other = model.comparisons.findIndex(
          (candidate) => candidate.output_column_name === rule.comparison,
        );
        if (other < 0)
          throw new Error(
            `Comparison ${comparison.output_column_name}: kindred_u_within names no comparison "${rule.comparison}".`,
          );
        const otherExact = model.comparisons[other]!.comparison_levels.findIndex(
          (candidate) => candidate.kindred_test.test === 'exact',
        );
        if (otherExact < 0) return;
        this.within.push(
          new WithinRule({
            comparison: k,
            level: l,
            other,
            otherLevel: otherExact,
            otherColumn: this.comparisons[other]!.column,
            column: this.comparisons[k]!.column,
            m: Math.max(level.m_probability ?? 0.5, floor),
            u: level.u_probability,
            pseudoPairs: rule.pseudo_pairs,
            // Matches agree on both: the share of pairs sharing both values that the model takes for one person.
            expectedMatches:
              model.probability_two_random_records_match *
              ((table.size * (table.size - 1)) / 2) *
              (model.comparisons[other]!.comparison_levels[otherExact]!.m_probability ?? 0) *
              (level.m_probability ?? 0),
          }),
        );
      });
    });
    const home = this.homeComparison;
    const homeRead =
      home < 0 ||
      this.tfWeight[home]!.some((weight) => weight !== 0) ||
      this.within.some((rule) => rule.comparison === home || rule.other === home);
    this.homeBounded = !homeRead;
  }

  /** Levels of one pair into `into` (length = comparisons); returns whether names were swapped. */
  levelsOf(i: number, j: number, into: Int32Array): boolean {
    const swapped = this.swapAware && namesSwapped(this.table, i, j, this.singleRows);
    const comparisons = this.comparisons;
    for (let k = 0; k < comparisons.length; k++) into[k] = comparisons[k]!.compare(i, j, swapped);
    return swapped;
  }

  /** True when the levels (as `levelsOf` gives them) say the two records share a home. */
  sharesHome(levels: ArrayLike<number>): boolean {
    return this.homeComparison >= 0 && this.homeLevels[levels[this.homeComparison]!] === 1;
  }

  /** The prior weight of a pair: of one source or of two. */
  priorOf(i: number, j: number): number {
    const sources = this.table.sources;
    return sources && sources[i] === sources[j]
      ? this.sameSourcePriorWeight
      : this.differentSourcesPriorWeight;
  }

  /** The match weight of one pair. */
  weight(i: number, j: number): number {
    return this.weigh(i, j, undefined);
  }

  /**
   * The match weight of one pair when it reaches `minimum`, else -Infinity. The home comparison is
   * the dearest to compare, so it is compared last and only as far as a level that could still lift
   * the pair to `minimum`; a pair that reaches it gets exactly the weight `weight` gives.
   */
  weightAtLeast(i: number, j: number, minimum: number): number {
    if (!this.homeBounded) {
      const weight = this.weigh(i, j, undefined);
      return weight >= minimum ? weight : Number.NEGATIVE_INFINITY;
    }
    const swapped = this.swapAware && namesSwapped(this.table, i, j, this.singleRows);
    const comparisons = this.comparisons;
    const home = this.homeComparison;
    for (let k = 0; k < comparisons.length; k++) {
      if (k === home) continue;
      const comparison = comparisons[k]!;
      this.levels[k] = comparison.compare(i, j, swapped);
      this.agreedValues[k] = comparison.agreedValue;
    }
    return this.homeLastAtLeast(i, j, swapped, minimum);
  }

  /**
   * `weightAtLeast` for pairs `from` to `to` of `left` and `right`, into `weights` at the same places.
   * Each comparison is made for all the pairs before the next (the home comparison last, pair by
   * pair), so its cache stays close at hand.
   */
  weightsAtLeast(
    left: Int32Array,
    right: Int32Array,
    from: number,
    to: number,
    minimum: number,
    weights: Float32Array,
  ): void {
    if (!this.homeBounded) {
      for (let p = from; p < to; p++) weights[p] = this.weightAtLeast(left[p]!, right[p]!, minimum);
      return;
    }
    const count = to - from;
    const width = this.comparisons.length;
    const home = this.homeComparison;
    if (this.chunkLevels.length < count * width) {
      this.chunkLevels = new Int32Array(count * width);
      this.chunkAgreed = new Int32Array(count * width);
      this.chunkSwapped = new Uint8Array(count);
    }
    const { chunkLevels, chunkAgreed, chunkSwapped } = this;
    for (let n = 0; n < count; n++)
      chunkSwapped[n] =
        this.swapAware && namesSwapped(this.table, left[from + n]!, right[from + n]!, this.singleRows)
          ? 1
          : 0;
    for (let k = 0; k < width; k++) {
      if (k === home) continue;
      const comparison = this.comparisons[k]!;
      for (let n = 0; n < count; n++) {
        chunkLevels[n * width + k] = comparison.compare(
          left[from + n]!,
          right[from + n]!,
          chunkSwapped[n] === 1,
        );
        chunkAgreed[n * width + k] = comparison.agreedValue;
      }
    }
    for (let n = 0; n < count; n++) {
      for (let k = 0; k < width; k++) {
        this.levels[k] = chunkLevels[n * width + k]!;
        this.agreedValues[k] = chunkAgreed[n * width + k]!;
      }
      weights[from + n] = this.homeLastAtLeast(
        left[from + n]!,
        right[from + n]!,
        chunkSwapped[n] === 1,
        minimum,
      );
    }
  }

  /** Levels, agreed values and crosswise names of a chunk of pairs, filled comparison by comparison (see `weightsAtLeast`). */
  private chunkLevels = new Int32Array(0);
  private chunkAgreed = new Int32Array(0);
  private chunkSwapped = new Uint8Array(0);

  /**
   * The rest of `weightAtLeast`, once every comparison but the home one has put its level and agreed
   * value for the pair in `levels` and `agreedValues`.
   */
  private homeLastAtLeast(i: number, j: number, swapped: boolean, minimum: number): number {
    this.lastSwapped = swapped;
    const comparisons = this.comparisons;
    const home = this.homeComparison;
    const levels = this.levels;
    const agreed = this.agreedValues;
    const prior = this.priorOf(i, j);
    // The weight but for the home comparison, with a home shared and with homes apart, as `weightOf` adds them up.
    let shared = prior;
    let apart = prior;
    const rule = this.withinRuleFor(levels);
    for (let k = 0; k < comparisons.length; k++) {
      if (k === home) continue;
      const level = levels[k]!;
      shared += this.homeLevelWeights[k]![level]!;
      apart +=
        rule && k === rule.comparison
          ? this.withinWeight(rule, agreed, swapped)
          : this.levelWeights[k]![level]! + this.tfPart(k, level, agreed[k]!, swapped);
    }
    // The last home level that could lift the pair to the minimum (a margin for sums added in another order).
    const reach = minimum - 1e-6;
    const homeWeights = this.levelWeights[home]!;
    let lastLevel = homeWeights.length - 1;
    while (
      lastLevel >= 0 &&
      (this.homeLevels[lastLevel] === 1
        ? shared + this.homeLevelWeights[home]![lastLevel]!
        : apart + homeWeights[lastLevel]!) < reach
    )
      lastLevel--;
    if (lastLevel < 0) return Number.NEGATIVE_INFINITY;
    const homeLevel = comparisons[home]!.compare(i, j, swapped, lastLevel);
    if (homeLevel < 0) return Number.NEGATIVE_INFINITY;
    levels[home] = homeLevel;
    agreed[home] = comparisons[home]!.agreedValue;
    const weight = this.weightOf(levels, agreed, swapped, prior, undefined);
    return weight >= minimum ? weight : Number.NEGATIVE_INFINITY;
  }

  /**
   * What each comparison adds to a pair's weight (into `weights`, one per comparison), and the
   * pair's levels and crosswise names; the match weight is the prior plus their sum.
   */
  contributions(
    i: number,
    j: number,
    weights: Float64Array,
    levels: Int32Array,
  ): { swapped: boolean; home: boolean } {
    this.weigh(i, j, weights);
    levels.set(this.levels);
    return { swapped: this.lastSwapped, home: this.sharesHome(this.levels) };
  }

  private lastSwapped = false;

  private weigh(i: number, j: number, into: Float64Array | undefined): number {
    const swapped = this.swapAware && namesSwapped(this.table, i, j, this.singleRows);
    this.lastSwapped = swapped;
    const comparisons = this.comparisons;
    const levels = this.levels;
    const agreed = this.agreedValues;
    for (let k = 0; k < comparisons.length; k++) {
      const comparison = comparisons[k]!;
      levels[k] = comparison.compare(i, j, swapped);
      agreed[k] = comparison.agreedValue;
    }
    return this.weightOf(levels, agreed, swapped, this.priorOf(i, j), into);
  }

  /**
   * A pair's facts (levels, agreed values, names crosswise), found once, to weigh again and again
   * as training changes m, u and λ: `weightOfFacts` reads them back.
   */
  factsOf(i: number, j: number, levels: Int32Array, agreed: Int32Array): boolean {
    const swapped = this.swapAware && namesSwapped(this.table, i, j, this.singleRows);
    const comparisons = this.comparisons;
    for (let k = 0; k < comparisons.length; k++) {
      const comparison = comparisons[k]!;
      levels[k] = comparison.compare(i, j, swapped);
      agreed[k] = comparison.agreedValue;
    }
    return swapped;
  }

  /** The match weight of a pair from its facts (see `factsOf`). */
  weightOfFacts(levels: Int32Array, agreed: Int32Array, swapped: boolean, i: number, j: number): number {
    return this.weightOf(levels, agreed, swapped, this.priorOf(i, j), undefined);
  }

  private weightOf(
    levels: Int32Array,
    agreed: Int32Array,
    swapped: boolean,
    prior: number,
    into: Float64Array | undefined,
  ): number {
    const count = this.comparisons.length;
    let weight = prior;
    if (this.sharesHome(levels)) {
      for (let k = 0; k < count; k++) {
        const part = this.homeLevelWeights[k]![levels[k]!]!;
        if (into) into[k] = part;
        weight += part;
      }
      return weight;
    }
    const rule = this.withinRuleFor(levels);
    const replaced = rule ? rule.comparison : -1;
    const replacement = rule ? this.withinWeight(rule, agreed, swapped) : 0;
    for (let k = 0; k < count; k++) {
      const level = levels[k]!;
      const part =
        k === replaced
          ? replacement
          : this.levelWeights[k]![level]! + this.tfPart(k, level, agreed[k]!, swapped);
      if (into) into[k] = part;
      weight += part;
    }
    return weight;
  }

  /** The first within rule whose two levels the pair is at, if any. */
  private withinRuleFor(levels: Int32Array): WithinRule | undefined {
    for (const rule of this.within)
      if (levels[rule.comparison] === rule.level && levels[rule.other] === rule.otherLevel) return rule;
    return undefined;
  }

  /** What a within rule's comparison adds instead of its level's weight. */
  private withinWeight(rule: WithinRule, agreed: Int32Array, swapped: boolean): number {
    const weight = rule.weightGiven(agreed[rule.other]!);
    // Entered the other way round, either name may be the given one: the weaker reading counts.
    return swapped ? Math.min(weight, rule.weightGiven(agreed[rule.comparison]!)) : weight;
  }

  /** A term-frequency adjustment; names compared crosswise count as their commoner reading. */
  private tfPart(k: number, level: number, value: number, swapped: boolean): number {
    const tfWeight = this.tfWeight[k]![level]!;
    if (tfWeight === 0 || value === 0) return 0;
    let log = this.tfLog[k]![level]![value]!;
    const swapLog = swapped ? this.tfLogSwap[k]![level]?.[value] : undefined;
    if (swapLog !== undefined && swapLog > log) log = swapLog;
    return tfWeight * (this.tfBase[k]![level]! - log);
  }

  /** The levels of the pair last weighed by `weight` (valid until the next call). */
  get lastLevels(): Int32Array {
    return this.levels;
  }

  /** The term-frequency adjustment (in bits) for comparison k at a level, given the agreed value id. */
  tfAdjustment(k: number, level: number, value: number): number {
    return this.tfPart(k, level, value, false);
  }
}

/**
 * u of one level (a surname agreeing) when another comparison agrees exactly too (the given name),
 * counted among the records that share the other comparison's value: of all pairs of records with a
 * given name, the share that also share a surname, smoothed towards the level's u.
 */
class WithinRule {
  /** The comparison and level whose u this counts (a surname agreeing). */
  readonly comparison: number;
  readonly level: number;
  /** The comparison and level that must agree too (a given name, exactly). */
  readonly other: number;
  readonly otherLevel: number;
  private readonly m: number;
  private readonly u: number;
  private readonly pseudoPairs: number;
  /** Per value of the other comparison: pairs of its records that share this comparison's value too. */
  private readonly sharing: Float64Array;
  /** Per value of the other comparison: its records. */
  private readonly records: Float64Array;
  private readonly cache = new Map<number, number>();

  constructor(options: {
    comparison: number;
    level: number;
    other: number;
    otherLevel: number;
    otherColumn: Column;
    column: Column;
    m: number;
    u: number;
    pseudoPairs: number;
    /** How many pairs agreeing on both are expected to be one person: they are not counted. */
    expectedMatches: number;
  }) {
    this.comparison = options.comparison;
    this.level = options.level;
    this.other = options.other;
    this.otherLevel = options.otherLevel;
    this.m = options.m;
    this.u = options.u;
    this.pseudoPairs = options.pseudoPairs;
    const counted = sharedValues(options.otherColumn, options.column);
    this.records = counted.records;
    this.sharing = counted.sharing;
    this.nonMatchShare =
      counted.sharingPairs > 0 ? Math.max(0.05, 1 - options.expectedMatches / counted.sharingPairs) : 1;
  }

  /** The share of pairs agreeing on both values that are different people (the rest are matches). */
  private readonly nonMatchShare: number;

  /** log2(m/u) for a pair whose other comparison agreed on this value id. */
  weightGiven(value: number): number {
    let weight = this.cache.get(value);
    if (weight === undefined) {
      const records = this.records[value] ?? 0;
      const pairs = (records * (records - 1)) / 2;
      const sharing = (this.sharing[value] ?? 0) * this.nonMatchShare;
      const u = (sharing + this.pseudoPairs * this.u) / (pairs + this.pseudoPairs);
      weight = Math.log2(this.m / Math.max(u, uFloor));
      this.cache.set(value, weight);
    }
    return weight;
  }
}

interface SharedValues {
  /** By value id of the other column. */
  records: Float64Array;
  sharing: Float64Array;
  sharingPairs: number;
}

/** Counts of `sharedValues`, per pair of columns: training weighs with a new scorer each round, over the same table. */
const sharedValuesCounted = new WeakMap<Column, WeakMap<Column, SharedValues>>();

/** Value ids below this pair into one number exactly (2^26 × 2^26 < 2^53). */
const pairedIds = 67108864;

/**
 * Per value of `otherColumn` (a given name): its records, and the pairs of them that share a value of
 * `column` too (a surname); with the sum of those pairs. Each record's pairs of values are counted by
 * sorting them as numbers, not in a map: a million of them took a map most of a second.
 */
function sharedValues(otherColumn: Column, column: Column): SharedValues {
  let byColumn = sharedValuesCounted.get(otherColumn);
  const known = byColumn?.get(column);
  if (known) return known;
  const records = new Float64Array(otherColumn.values.length);
  const sharing = new Float64Array(otherColumn.values.length);
  const recordCount = otherColumn.offsets.length - 1;
  let count = 0;
  for (let record = 0; record < recordCount; record++)
    count +=
      (otherColumn.offsets[record + 1]! - otherColumn.offsets[record]!) *
      (column.offsets[record + 1]! - column.offsets[record]!);
  const together = new Float64Array(count);
  let at = 0;
  for (let record = 0; record < recordCount; record++) {
    for (let p = otherColumn.offsets[record]!; p < otherColumn.offsets[record + 1]!; p++) {
      const key = otherColumn.ids[p]!;
      records[key]!++;
      for (let q = column.offsets[record]!; q < column.offsets[record + 1]!; q++)
        together[at++] = key * pairedIds + column.ids[q]!;
    }
  }
  together.sort();
  let sharingPairs = 0;
  for (let start = 0; start < count; ) {
    let end = start + 1;
    while (end < count && together[end] === together[start]) end++;
    const pairs = ((end - start) * (end - start - 1)) / 2;
    sharing[Math.floor(together[start]! / pairedIds)]! += pairs;
    sharingPairs += pairs;
    start = end;
  }
  const counted = { records, sharing, sharingPairs };
  if (!byColumn) {
    byColumn = new WeakMap();
    sharedValuesCounted.set(otherColumn, byColumn);
  }
  byColumn.set(column, counted);
  return counted;
}
