import type { PatternCounts } from './expectation-maximisation.ts';

/**
 * Pseudo non-matches spread as u from random pairs: where few different people share a home (a
 * benchmark of people who each live alone), u among them stays what random pairs say.
 */
const pseudoNonMatches = 10;
const floor = 1e-9;

export interface SameHomeEstimate {
  /** u per comparison and level among different people who share a home (the home comparison's own: as given). */
  u: number[][];
  /** The share of matches among candidate pairs that share a home. */
  lambda: number;
  pairs: number;
  iterations: number;
}

/**
 * u among different people who share a home, by expectation-maximisation over the candidate pairs
 * that share one, with m held at its trained values: the mirror of training m with u fixed. m says
 * what the records of one person look like wherever they live; what is left over is the household.
 */
export function estimateSameHomeU(
  data: PatternCounts,
  m: readonly (readonly number[])[],
  u: readonly (readonly number[])[],
  home: number,
  maxIterations = 50,
): SameHomeEstimate {
  let homeU = u.map((levels) => [...levels]);
  let lambda = 0.5;
  let iterations = 0;
  const { patterns, counts } = data;
  let pairs = 0;
  for (const count of counts) pairs += count;
  if (pairs === 0) return { u: homeU, lambda: 0, pairs: 0, iterations: 0 };
  for (; iterations < maxIterations; iterations++) {
    const nonMatchTotals = homeU.map((levels) => new Float64Array(levels.length));
    let matchSum = 0;
    for (let p = 0; p < patterns.length; p++) {
      const pattern = patterns[p]!;
      let match = lambda;
      let nonMatch = 1 - lambda;
      for (let k = 0; k < pattern.length; k++) {
        const level = pattern[k]!;
        if (k === home || level === 0) continue;
        match *= Math.max(m[k]![level]!, floor);
        nonMatch *= Math.max(homeU[k]![level]!, floor);
      }
      const posterior = match + nonMatch > 0 ? match / (match + nonMatch) : 0;
      matchSum += posterior * counts[p]!;
      const weight = (1 - posterior) * counts[p]!;
      for (let k = 0; k < pattern.length; k++) nonMatchTotals[k]![pattern[k]!]! += weight;
    }
    const next = nonMatchTotals.map((levels, k) => {
      if (k === home) return [...u[k]!];
      let observed = 0;
      for (let l = 1; l < levels.length; l++) observed += levels[l]!;
      return Array.from(levels, (value, l) =>
        l === 0 ? 0 : (value + pseudoNonMatches * u[k]![l]!) / (observed + pseudoNonMatches),
      );
    });
    const nextLambda = Math.min(Math.max(matchSum / pairs, 1e-9), 1 - 1e-9);
    let change = Math.abs(nextLambda - lambda);
    for (let k = 0; k < next.length; k++) {
      for (let l = 1; l < next[k]!.length; l++)
        change = Math.max(change, Math.abs(next[k]![l]! - homeU[k]![l]!));
    }
    homeU = next;
    lambda = nextLambda;
    if (change < 1e-6) {
      iterations++;
      break;
    }
  }
  return { u: homeU, lambda, pairs, iterations };
}
