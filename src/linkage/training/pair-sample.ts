/** A pair's place in a sample: a hash of its two records, so the sample does not depend on the order pairs were found in. */
function pairHash(left: number, right: number, seed: number): number {
  let h = Math.imul(left ^ seed, 0x9e3779b1) ^ Math.imul(right + 0x7f4a7c15, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * About `wanted` of the pairs (all when there are no more), chosen by a hash of their records: the
 * same pairs whatever order blocking found them in, spread over all of them, as Splink trains on a
 * random sample. They stay in the order found, block by block, so comparing them finds each
 * block's records at hand.
 */
export function samplePairs(
  pairs: { count: number; left: Int32Array; right: Int32Array },
  wanted: number,
  seed: number,
): { left: Int32Array; right: Int32Array } {
  if (pairs.count <= wanted)
    return { left: pairs.left.slice(0, pairs.count), right: pairs.right.slice(0, pairs.count) };
  const keepBelow = (wanted / pairs.count) * 2 ** 32;
  let kept = 0;
  for (let p = 0; p < pairs.count; p++)
    if (pairHash(pairs.left[p]!, pairs.right[p]!, seed) < keepBelow) kept++;
  const left = new Int32Array(kept);
  const right = new Int32Array(kept);
  let at = 0;
  for (let p = 0; p < pairs.count; p++) {
    if (pairHash(pairs.left[p]!, pairs.right[p]!, seed) >= keepBelow) continue;
    left[at] = pairs.left[p]!;
    right[at] = pairs.right[p]!;
    at++;
  }
  return { left, right };
}
