/**
 * Interns pairs of small non-negative integers as dense ids (1, 2, 3 …) in an open-addressing
 * table of typed arrays: standardising pairs a million names and addresses, which a Map keyed by
 * doubles would make slow and large.
 */
export class PairIndex {
  /** Three numbers a slot: left, right and the id (0: empty), side by side so a probe reads one cache line. */
  private slots: Int32Array;
  private mask: number;
  size = 0;

  constructor(expected = 1024) {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    this.slots = new Int32Array(capacity * 3);
    this.mask = capacity - 1;
  }

  /** Forgets every pair, keeping the room: blocking reuses one index from rule to rule. */
  clear(): void {
    this.slots.fill(0);
    this.size = 0;
  }

  /** The id of (a, b), made when new. */
  intern(a: number, b: number): number {
    const slots = this.slots;
    let slot = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) & this.mask;
    for (;;) {
      const at = slot * 3;
      const id = slots[at + 2]!;
      if (id === 0) break;
      if (slots[at] === a && slots[at + 1] === b) return id;
      slot = (slot + 1) & this.mask;
    }
    const id = ++this.size;
    slots[slot * 3] = a;
    slots[slot * 3 + 1] = b;
    slots[slot * 3 + 2] = id;
    if (this.size * 2 > this.mask) this.grow();
    return id;
  }

  private grow(): void {
    const old = this.slots;
    const capacity = (this.mask + 1) * 2;
    this.slots = new Int32Array(capacity * 3);
    this.mask = capacity - 1;
    for (let at = 0; at < old.length; at += 3) {
      const id = old[at + 2]!;
      if (id === 0) continue;
      const a = old[at]!;
      const b = old[at + 1]!;
      let slot = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) & this.mask;
      while (this.slots[slot * 3 + 2] !== 0) slot = (slot + 1) & this.mask;
      this.slots[slot * 3] = a;
      this.slots[slot * 3 + 1] = b;
      this.slots[slot * 3 + 2] = id;
    }
  }
}

/**
 * A small number (a comparison level) remembered for pairs of value ids, in typed arrays. It grows to
 * at most `maxCapacity` slots, then forgets: a new pair takes the place of one remembered there. At a
 * million records the pairs met run to tens of millions, and a table of them all cost more to grow and
 * to reach (each probe a miss of the processor's cache) than working out the few forgotten ones again.
 */
export class PairValueCache {
  /** Three numbers a slot: left, right and the value + 1 (0: empty), side by side so a probe reads one cache line. */
  private slots: Int32Array;
  private mask: number;
  private size = 0;
  private readonly maxCapacity: number;

  constructor(capacity = 4096, maxCapacity = 1 << 20) {
    this.slots = new Int32Array(capacity * 3);
    this.mask = capacity - 1;
    this.maxCapacity = maxCapacity;
  }

  /** The value stored for (a, b), or -1. */
  get(a: number, b: number): number {
    const slots = this.slots;
    let slot = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) & this.mask;
    for (;;) {
      const at = slot * 3;
      const stored = slots[at + 2]!;
      if (stored === 0) return -1;
      if (slots[at] === a && slots[at + 1] === b) return stored - 1;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Stores a value 0..127 for (a, b), which `get` did not find. */
  set(a: number, b: number, value: number): void {
    const slots = this.slots;
    let slot = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) & this.mask;
    // Full (three quarters, at the largest size): the pair takes the place of the one in its first slot,
    // so no chain of probes grows longer and a quarter of the slots stay empty to end them.
    if (this.size * 4 >= (this.mask + 1) * 3) {
      if (slots[slot * 3 + 2] === 0) return;
      slots[slot * 3] = a;
      slots[slot * 3 + 1] = b;
      slots[slot * 3 + 2] = value + 1;
      return;
    }
    while (slots[slot * 3 + 2] !== 0) slot = (slot + 1) & this.mask;
    slots[slot * 3] = a;
    slots[slot * 3 + 1] = b;
    slots[slot * 3 + 2] = value + 1;
    if (++this.size * 2 > this.mask && this.mask + 1 < this.maxCapacity) this.grow();
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.mask = (this.mask + 1) * 2 - 1;
    this.size = 0;
    for (let at = 0; at < old.length; at += 3)
      if (old[at + 2] !== 0) this.set(old[at]!, old[at + 1]!, old[at + 2]! - 1);
  }
}
