/** A pair's place in a sample: a hash of its two records, so the sample does not depend on the order pairs were found in. */
function pairHash(left: number, right: number, seed: number): number {
  let h = Math.imul(left ^ seed, 0x9e3779b1) ^ Math.imul(right + 0x7f4a7c15, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * About `wanted` of the pairs (all when there are no more), chosen by a hash of their records and
 * sorted lower record first: the same sample whatever order blocking found the pairs in, spread over
 * all of them, as Splink trains on a random sample.
 */
export function samplePairs(
  pairs: { count: number; left: Int32Array; right: Int32Array },
  wanted: number,
  seed: number,
): { left: Int32Array; right: Int32Array } {
  const keepBelow = pairs.count <= wanted ? Number.POSITIVE_INFINITY : (wanted / pairs.count) * 2 ** 32;
  let size = 0;
  for (let p = 0; p < pairs.count; p++) size = Math.max(size, pairs.right[p]! + 1);
  const codes: number[] = [];
  for (let p = 0; p < pairs.count; p++) {
    const left = pairs.left[p]!;
    const right = pairs.right[p]!;
    if (pairHash(left, right, seed) < keepBelow) codes.push(left * size + right);
  }
  const sorted = Float64Array.from(codes).sort();
  const left = new Int32Array(sorted.length);
  const right = new Int32Array(sorted.length);
  sorted.forEach((code, n) => {
    left[n] = Math.floor(code / size);
    right[n] = code % size;
  });
  return { left, right };
}
