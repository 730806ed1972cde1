/** Comparison vectors of a set of pairs, counted: each distinct vector of levels once. */
export interface PatternCounts {
  patterns: Int32Array[];
  counts: number[];
}

/** A comparison vector as one number, five bits a level (exact up to ten comparisons of 32 levels), else as text. */
function patternKey(levels: Int32Array): number | string {
  if (levels.length > 10) return levels.join(',');
  let key = 0;
  for (let k = 0; k < levels.length; k++) {
    const level = levels[k]!;
    if (level >= 32) return levels.join(',');
    key = key * 32 + level;
  }
  return key;
}

export function countPatterns(): { add(levels: Int32Array): void; result(): PatternCounts } {
  const index = new Map<number | string, number>();
  const patterns: Int32Array[] = [];
  const counts: number[] = [];
  return {
    add(levels) {
      const key = patternKey(levels);
      const found = index.get(key);
      if (found !== undefined) counts[found]!++;
      else {
        index.set(key, patterns.length);
        patterns.push(Int32Array.from(levels));
        counts.push(1);
      }
    },
    result: () => ({ patterns, counts }),
  };
}

const pseudoMatches = 2;

export interface EmResult {
  m: number[][];
  lambda: number;
  iterations: number;
}

/**
 * Expectation-maximisation of m with u held fixed (Splink's approach): comparisons not `active`
 * take no part (the blocking rule decided them). Level 0 is the null level and carries no evidence.
 */
export function expectationMaximisation(
  data: PatternCounts,
  u: number[][],
  initialM: number[][],
  active: boolean[],
  initialLambda: number,
  maxIterations: number,
  /** u among people who share a home, for the patterns that say so (a household is not one person). */
  homeU?: { u: number[][]; isHome: (pattern: Int32Array) => boolean; comparison: number },
): EmResult {
  let m = initialM.map((levels) => [...levels]);
  let lambda = initialLambda;
  let iterations = 0;
  const { patterns, counts } = data;
  const home = patterns.map((pattern) => homeU?.isHome(pattern) ?? false);
  for (; iterations < maxIterations; iterations++) {
    const matchTotals = m.map((levels) => new Float64Array(levels.length));
    let matchSum = 0;
    let total = 0;
    for (let p = 0; p < patterns.length; p++) {
      const pattern = patterns[p]!;
      const uOf = homeU && home[p] ? homeU.u : u;
      let match = lambda;
      let nonMatch = 1 - lambda;
      for (let k = 0; k < pattern.length; k++) {
        const level = pattern[k]!;
        if (!active[k] || level === 0 || (uOf !== u && k === homeU!.comparison)) continue;
        match *= m[k]![level]!;
        nonMatch *= uOf[k]![level]!;
      }
      const posterior = match + nonMatch > 0 ? match / (match + nonMatch) : 0;
      const weight = posterior * counts[p]!;
      matchSum += weight;
      total += counts[p]!;
      for (let k = 0; k < pattern.length; k++) matchTotals[k]![pattern[k]!]! += weight;
    }
    const next = matchTotals.map((levels, k) => {
      if (!active[k]) return m[k]!;
      let observed = 0;
      for (let l = 1; l < levels.length; l++) observed += levels[l]!;
      if (observed <= 0) return m[k]!;
      // A few virtual matches spread as the starting m: a level seen rarely keeps a sensible m, not 0.
      const prior = initialM[k]!;
      return Array.from(levels, (value, l) =>
        l === 0 ? 0 : (value + pseudoMatches * prior[l]!) / (observed + pseudoMatches),
      );
    });
    const nextLambda = total > 0 ? Math.min(Math.max(matchSum / total, 1e-9), 1 - 1e-9) : lambda;
    let change = Math.abs(nextLambda - lambda);
    for (let k = 0; k < m.length; k++) {
      for (let l = 0; l < m[k]!.length; l++) change = Math.max(change, Math.abs(next[k]![l]! - m[k]![l]!));
    }
    m = next;
    lambda = nextLambda;
    if (change < 1e-5) {
      iterations++;
      break;
    }
  }
  return { m, lambda, iterations };
}
