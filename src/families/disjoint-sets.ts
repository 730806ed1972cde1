/** Union-find over 0..size-1 in typed arrays: union by size, path halving. */
export class DisjointSets {
  readonly #parent: Int32Array;
  readonly #size: Int32Array;

  constructor(size: number) {
    this.#parent = new Int32Array(size);
    for (let index = 0; index < size; index++) this.#parent[index] = index;
    this.#size = new Int32Array(size).fill(1);
  }

  find(item: number): number {
    const parent = this.#parent;
    let at = item;
    while (parent[at] !== at) {
      const grandparent = parent[parent[at]!]!;
      parent[at] = grandparent;
      at = grandparent;
    }
    return at;
  }

  union(a: number, b: number): void {
    let rootA = this.find(a);
    let rootB = this.find(b);
    if (rootA === rootB) return;
    if (this.#size[rootA]! < this.#size[rootB]!) [rootA, rootB] = [rootB, rootA];
    this.#parent[rootB] = rootA;
    this.#size[rootA]! += this.#size[rootB]!;
  }
}
