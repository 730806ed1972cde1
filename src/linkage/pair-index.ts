/**
 * Interns pairs of small non-negative integers as dense ids (1, 2, 3 …) in an open-addressing
 * table of typed arrays: blocking joins millions of (key, value) pairs, which a Map keyed by
 * doubles would make slow and large.
 */
export class PairIndex {
  private left: Int32Array;
  private right: Int32Array;
  private ids: Int32Array;
  private mask: number;
  size = 0;

  constructor(expected = 1024) {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    this.left = new Int32Array(capacity);
    this.right = new Int32Array(capacity);
    this.ids = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  /** The id of (a, b), made when new. */
  intern(a: number, b: number): number {
    let slot = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) & this.mask;
    for (;;) {
      const id = this.ids[slot]!;
      if (id === 0) break;
      if (this.left[slot] === a && this.right[slot] === b) return id;
      slot = (slot + 1) & this.mask;
    }
    const id = ++this.size;
    this.left[slot] = a;
    this.right[slot] = b;
    this.ids[slot] = id;
    if (this.size * 2 > this.mask) this.grow();
    return id;
  }

  private grow(): void {
    const { left, right, ids } = this;
    const capacity = (this.mask + 1) * 2;
    this.left = new Int32Array(capacity);
    this.right = new Int32Array(capacity);
    this.ids = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (let slot = 0; slot < ids.length; slot++) {
      const id = ids[slot]!;
      if (id === 0) continue;
      let at = (Math.imul(left[slot]!, 0x9e3779b1) ^ Math.imul(right[slot]!, 0x85ebca6b)) & this.mask;
      while (this.ids[at] !== 0) at = (at + 1) & this.mask;
      this.left[at] = left[slot]!;
      this.right[at] = right[slot]!;
      this.ids[at] = id;
    }
  }
}

/** A small number (a comparison level) remembered for pairs of value ids, in typed arrays. */
export class PairValueCache {
  private left: Int32Array;
  private right: Int32Array;
  private values: Int8Array;
  private mask: number;
  private size = 0;

  constructor(capacity = 4096) {
    this.left = new Int32Array(capacity);
    this.right = new Int32Array(capacity);
    this.values = new Int8Array(capacity).fill(-1);
    this.mask = capacity - 1;
  }

  /** The value stored for (a, b), or -1. */
  get(a: number, b: number): number {
    let slot = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) & this.mask;
    for (;;) {
      const value = this.values[slot]!;
      if (value === -1) return -1;
      if (this.left[slot] === a && this.right[slot] === b) return value;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Stores a value 0..127 for (a, b), which must not be stored yet. */
  set(a: number, b: number, value: number): void {
    let slot = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) & this.mask;
    while (this.values[slot] !== -1) slot = (slot + 1) & this.mask;
    this.left[slot] = a;
    this.right[slot] = b;
    this.values[slot] = value;
    if (++this.size * 2 > this.mask) this.grow();
  }

  private grow(): void {
    const { left, right, values } = this;
    const capacity = (this.mask + 1) * 2;
    this.left = new Int32Array(capacity);
    this.right = new Int32Array(capacity);
    this.values = new Int8Array(capacity).fill(-1);
    this.mask = capacity - 1;
    this.size = 0;
    for (let slot = 0; slot < values.length; slot++)
      if (values[slot] !== -1) this.set(left[slot]!, right[slot]!, values[slot]!);
  }
}
