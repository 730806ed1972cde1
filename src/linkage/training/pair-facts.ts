import { pairFacts } from '../score-pairs.ts';
import type { PairScorer } from '../scoring.ts';
import { countPatterns, type PatternCounts } from './expectation-maximisation.ts';

/**
 * Record pairs with what comparing them found (levels, agreed values, names crosswise), kept so that
 * training can weigh them again each time m, u or λ change without comparing them again.
 */
export class PairFacts {
  readonly count: number;
  readonly left: Int32Array;
  readonly right: Int32Array;
  private readonly width: number;
  private readonly levels: Int32Array;
  private readonly agreed: Int32Array;
  private readonly swapped: Uint8Array;

  constructor(scorer: PairScorer, left: Int32Array, right: Int32Array) {
    this.count = left.length;
    this.left = left;
    this.right = right;
    this.width = scorer.comparisons.length;
    ({ levels: this.levels, agreed: this.agreed, swapped: this.swapped } = pairFacts(scorer, left, right));
  }

  /** Each pair's match weight under the scorer's parameters (its comparisons must be the same). */
  weights(scorer: PairScorer): Float64Array {
    const weights = new Float64Array(this.count);
    for (let n = 0; n < this.count; n++) {
      const at = n * this.width;
      weights[n] = scorer.weightOfFacts(
        this.levels.subarray(at, at + this.width),
        this.agreed.subarray(at, at + this.width),
        this.swapped[n] === 1,
        this.left[n]!,
        this.right[n]!,
      );
    }
    return weights;
  }

  /** The comparison vectors of the pairs whose levels pass `keep`, counted. */
  patternsWhere(keep: (levels: Int32Array) => boolean): PatternCounts {
    const patterns = countPatterns();
    for (let n = 0; n < this.count; n++) {
      const levels = this.levels.subarray(n * this.width, (n + 1) * this.width);
      if (keep(levels)) patterns.add(levels);
    }
    return patterns.result();
  }
}
