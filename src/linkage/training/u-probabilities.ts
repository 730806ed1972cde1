import { pairLevels } from '../score-pairs.ts';
import type { PairScorer } from '../scoring.ts';
import { seededRandom } from './random.ts';

/** Levels seen in fewer than this share of random pairs are the ones a few matches among them can distort. */
const rareShare = 0.01;

/** The random pairs of one comparison, counted per level, with the pairs that fell on rare levels kept. */
export interface URandomSample {
  /** Pairs per level (level 0, the null level, is never drawn). */
  counts: Float64Array;
  /** Pairs drawn in all. */
  observed: number;
  /** The pairs that fell on a rare level, as [left, right, level] triples, to be weighed once m is known. */
  rare: Int32Array;
  /** For levels made of several tests: u if the tests were independent (the product of their shares). */
  independent: (number | undefined)[];
}

export interface UEstimate {
  /** u per comparison and level (0 for the null level). */
  u: number[][];
  samples: URandomSample[];
}

/**
 * u from level counts: each level's share. A level never seen is rarer than one in the sample; a
 * combined level never seen is put at what independent parts would give, when that is rarer still
 * (an address and a postcode that are both shared by nobody else in the data).
 */
export function uFromCounts(
  counts: ArrayLike<number>,
  observed: number,
  independent: readonly (number | undefined)[] = [],
): number[] {
  return Array.from({ length: counts.length }, (_, l) => {
    if (l === 0) return 0;
    const share = Math.max(counts[l]!, 0.5) / Math.max(observed, 1);
    return counts[l]! < 2 ? Math.min(share, independent[l] ?? share) : share;
  });
}

/** Pairs used to measure how often each part of a combined level holds. */
const maxPartPairs = 100_000;

/**
 * u probabilities from random record pairs (nearly all non-matches), as Splink's
 * estimate_u_using_random_sampling: each level's share among pairs where the comparison is not null.
 * Pairs are drawn, per comparison, among records that have a value, so none is wasted on the null
 * level; every pair is used when there are few enough. The pairs that fell on rare levels are kept:
 * some of them are matches, which `correctU` takes out once the model can tell.
 */
export function estimateU(scorer: PairScorer, maxPairs: number, seed: number): UEstimate {
  // Each comparison's pairs, drawn in turn from one seeded sequence, then compared on every core.
  const random = seededRandom(seed);
  const drawn = scorer.comparisons.map((comparison) => {
    const withValue: number[] = [];
    for (let record = 0; record < scorer.table.size; record++)
      if (comparison.hasValue(record)) withValue.push(record);
    const size = withValue.length;
    const allPairs = (size * (size - 1)) / 2;
    if (allPairs <= maxPairs * 1.2) {
      const left = new Int32Array(allPairs);
      const right = new Int32Array(allPairs);
      let n = 0;
      for (let a = 0; a < size; a++) {
        for (let b = a + 1; b < size; b++) {
          left[n] = withValue[a]!;
          right[n] = withValue[b]!;
          n++;
        }
      }
      return { left, right };
    }
    const left = new Int32Array(maxPairs);
    const right = new Int32Array(maxPairs);
    for (let n = 0; n < maxPairs; n++) {
      const a = Math.floor(random() * size);
      let b = Math.floor(random() * (size - 1));
      if (b >= a) b++;
      left[n] = withValue[a]!;
      right[n] = withValue[b]!;
    }
    return { left, right };
  });
  const total = drawn.reduce((sum, pairs) => sum + pairs.left.length, 0);
  const left = new Int32Array(total);
  const right = new Int32Array(total);
  const comparisonOf = new Uint8Array(total);
  let at = 0;
  drawn.forEach((pairs, k) => {
    left.set(pairs.left, at);
    right.set(pairs.right, at);
    comparisonOf.fill(k, at, at + pairs.left.length);
    at += pairs.left.length;
  });
  const levels = pairLevels(scorer, left, right, comparisonOf);

  at = 0;
  const samples = scorer.comparisons.map((comparison, k): URandomSample => {
    const counts = new Float64Array(comparison.levelCount);
    // Levels other than the last (else) level, as triples; the rare ones are kept at the end.
    let kept = new Int32Array(3 * 1024);
    let keptCount = 0;
    const elseLevel = comparison.levelCount - 1;
    const { parts, levelParts } = comparison.combinedParts();
    const partCounts = new Float64Array(parts);
    let partPairs = 0;
    const from = at;
    at += drawn[k]!.left.length;
    for (let n = from; n < at; n++) {
      const a = left[n]!;
      const b = right[n]!;
      const level = levels[n]!;
      counts[level]!++;
      if (parts > 0 && partPairs < maxPartPairs) {
        partPairs++;
        // The parts are read from the comparison as it compared this pair.
        comparison.caching = false;
        comparison.compare(a, b);
        for (let part = 0; part < parts; part++) if (comparison.partHoldsFor(part, a, b)) partCounts[part]!++;
        comparison.caching = true;
      }
      if (level === elseLevel) continue;
      if (keptCount * 3 === kept.length) {
        const bigger = new Int32Array(kept.length * 2);
        bigger.set(kept);
        kept = bigger;
      }
      kept[keptCount * 3] = a;
      kept[keptCount * 3 + 1] = b;
      kept[keptCount * 3 + 2] = level;
      keptCount++;
    }
    let observed = 0;
    for (let l = 1; l < counts.length; l++) observed += counts[l]!;
    const rareLevel = Array.from(counts, (n) => n < rareShare * observed);
    let rareCount = 0;
    for (let p = 0; p < keptCount; p++) {
      if (!rareLevel[kept[p * 3 + 2]!]) continue;
      kept.copyWithin(rareCount * 3, p * 3, p * 3 + 3);
      rareCount++;
    }
    const independent = levelParts.map((indices) =>
      indices?.reduce((product, part) => product * (Math.max(partCounts[part]!, 0.5) / partPairs), 1),
    );
    return { counts, observed, rare: kept.slice(0, rareCount * 3), independent };
  });
  return {
    u: samples.map((sample) => uFromCounts(sample.counts, sample.observed, sample.independent)),
    samples,
  };
}

/**
 * u without the matches among the random pairs. A random pair is a match with probability λ, so
 * where matches are common (every record of one file has its match in the other) they make up much
 * of a rare level such as "same address and postcode", and u would say sharing a home is far more
 * common among different people than it is. Each kept pair counts as a non-match only by its
 * probability of being one, under the trained model.
 */
export function correctU(
  samples: readonly URandomSample[],
  /** Per sample, each kept pair's probability of being a match, in the order of `rare`. */
  matchProbabilities: readonly ArrayLike<number>[],
): number[][] {
  return samples.map((sample, k) => {
    const counts = Float64Array.from(sample.counts);
    const probabilities = matchProbabilities[k]!;
    let removed = 0;
    for (let n = 0; n * 3 < sample.rare.length; n++) {
      const probability = probabilities[n]!;
      counts[sample.rare[n * 3 + 2]!]! -= probability;
      removed += probability;
    }
    return uFromCounts(counts, sample.observed - removed, sample.independent);
  });
}

/** The left and right records of a sample's kept pairs. */
export function keptPairs(sample: URandomSample): { left: Int32Array; right: Int32Array } {
  const count = sample.rare.length / 3;
  const left = new Int32Array(count);
  const right = new Int32Array(count);
  for (let n = 0; n < count; n++) {
    left[n] = sample.rare[n * 3]!;
    right[n] = sample.rare[n * 3 + 1]!;
  }
  return { left, right };
}
