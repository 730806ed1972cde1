/**
 * Numbers texts 0, 1, 2... in the order first seen: an open-addressing hash table in a typed array,
 * for millions of ids and keys with fewer allocations than a Map.
 */
export class TextIndex {
  readonly texts: string[] = [];
  /** The hash of each text, so that growing needs no rehashing of texts. */
  #hashes: Int32Array;
  #slots: Int32Array;
  #mask: number;

  constructor(expected = 1024) {
    let size = 1024;
    while (size < expected * 2) size *= 2;
    this.#slots = new Int32Array(size).fill(-1);
    this.#mask = size - 1;
    this.#hashes = new Int32Array(size / 2);
  }

  get size(): number {
    return this.texts.length;
  }

  /** The number of `text`, numbering it when new. */
  add(text: string): number {
    if (this.texts.length * 2 >= this.#slots.length) this.#grow();
    const slots = this.#slots;
    const texts = this.texts;
    const hash = hashText(text);
    let slot = hash & this.#mask;
    while (true) {
      const at = slots[slot]!;
      if (at < 0) {
        slots[slot] = texts.length;
        this.#hashes[texts.length] = hash;
        texts.push(text);
        return texts.length - 1;
      }
      if (this.#hashes[at] === hash && texts[at] === text) return at;
      slot = (slot + 1) & this.#mask;
    }
  }

  /**
   * The number of the text written as UTF-16 code units in `codes[0..length)`, numbering it when new;
   * the text is made into a string only then.
   */
  addCodes(codes: Uint16Array, length: number): number {
    if (this.texts.length * 2 >= this.#slots.length) this.#grow();
    const slots = this.#slots;
    const texts = this.texts;
    let hash = offsetBasis;
    for (let index = 0; index < length; index++) hash = Math.imul(hash ^ codes[index]!, prime);
    let slot = hash & this.#mask;
    while (true) {
      const at = slots[slot]!;
      if (at < 0) {
        slots[slot] = texts.length;
        this.#hashes[texts.length] = hash;
        texts.push(textOf(codes, length));
        return texts.length - 1;
      }
      if (this.#hashes[at] === hash && sameText(texts[at]!, codes, length)) return at;
      slot = (slot + 1) & this.#mask;
    }
  }

  #grow(): void {
    const size = this.#slots.length * 2;
    const slots = new Int32Array(size).fill(-1);
    const mask = size - 1;
    const hashes = new Int32Array(size / 2);
    hashes.set(this.#hashes);
    for (let index = 0; index < this.texts.length; index++) {
      let slot = hashes[index]! & mask;
      while (slots[slot]! >= 0) slot = (slot + 1) & mask;
      slots[slot] = index;
    }
    this.#slots = slots;
    this.#mask = mask;
    this.#hashes = hashes;
  }
}

const offsetBasis = 0x811c9dc5 | 0;
const prime = 0x01000193;

/** FNV-1a over UTF-16 code units (a signed 32-bit number). */
function hashText(text: string): number {
  let hash = offsetBasis;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), prime);
  return hash;
}

function sameText(text: string, codes: Uint16Array, length: number): boolean {
  if (text.length !== length) return false;
  for (let index = 0; index < length; index++) if (text.charCodeAt(index) !== codes[index]) return false;
  return true;
}

const chunk = 4096;

function textOf(codes: Uint16Array, length: number): string {
  let text = '';
  for (let from = 0; from < length; from += chunk) {
    text += String.fromCharCode.apply(
      null,
      codes.subarray(from, Math.min(length, from + chunk)) as unknown as number[],
    );
  }
  return text;
}
