/**
 * A small, fast seeded random source (sfc32): the same seed gives the same county on every machine.
 * Math.random cannot be seeded, and a county must be reproducible byte for byte.
 */
export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** `stream` gives independent sequences from one seed, so one part of a county can change without moving the rest. */
  constructor(seed: number, stream = 0) {
    // Split a seed of up to 53 bits into two words, then stir them (splitmix32) so that nearby seeds differ.
    const low = seed >>> 0;
    const high = Math.floor(seed / 4294967296) >>> 0;
    let state = low ^ Math.imul(high, 0x9e3779b9) ^ Math.imul(stream + 1, 0x27d4eb2f);
    const mix = (): number => {
      state = (state + 0x9e3779b9) | 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = mix() | 1;
    for (let warm = 0; warm < 16; warm++) this.word();
  }

  /** A uniformly random 32-bit unsigned integer. */
  word(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A number in [0, 1). */
  next(): number {
    return this.word() / 4294967296;
  }

  /** A whole number in [0, size). */
  below(size: number): number {
    return Math.floor(this.next() * size);
  }

  /** A whole number in [low, high], both included. */
  between(low: number, high: number): number {
    return low + Math.floor(this.next() * (high - low + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)] as T;
  }
}

/**
 * A list drawn from with fixed weights, by binary search over cumulative weights.
 * Names are frequency-skewed: a few are very common, most are rare.
 */
export class WeightedList<T> {
  readonly items: readonly T[];
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(items: readonly T[], weights: readonly number[]) {
    if (items.length === 0 || items.length !== weights.length)
      throw new Error('a weighted list needs one weight per item');
    this.items = items;
    this.cumulative = new Float64Array(items.length);
    let sum = 0;
    for (let index = 0; index < items.length; index++) {
      sum += weights[index] as number;
      this.cumulative[index] = sum;
    }
    this.total = sum;
  }

  /** Weights falling with rank, as name frequencies do (a Zipf-like law): the first item is the most common. */
  static byRank<T>(items: readonly T[], skew = 1, offset = 2): WeightedList<T> {
    return new WeightedList(
      items,
      items.map((_, rank) => 1 / (rank + offset) ** skew),
    );
  }

  draw(random: SeededRandom): T {
    const target = random.next() * this.total;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.cumulative[middle] as number) > target) high = middle;
      else low = middle + 1;
    }
    return this.items[low] as T;
  }
}
