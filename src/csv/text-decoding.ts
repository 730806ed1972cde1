import { TextDecoder } from 'node:util';

/** The encodings an extract may declare. `latin1` is decoded as Windows-1252, its superset that Excel writes. */
export type CsvEncoding = 'utf-8' | 'latin1';

/** Bytes that are not UTF-8: where in the bytes given, and how many line feeds come before that. */
export class InvalidUtf8 extends Error {
  readonly byte: number | null;
  readonly lineFeedsBefore: number;
  constructor(bytes: Uint8Array, offset: number) {
    super('invalid UTF-8');
    this.byte = offset < bytes.length ? bytes[offset]! : null;
    let lineFeeds = 0;
    for (let index = 0; index < offset; index++) if (bytes[index] === 10) lineFeeds++;
    this.lineFeedsBefore = lineFeeds;
  }
}

/** Offset of the first byte that does not begin a complete, valid UTF-8 sequence; -1 when all are valid. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const length = bytes.length;
  let index = 0;
  while (index < length) {
    const lead = bytes[index]!;
    if (lead < 0x80) {
      index++;
      continue;
    }
    let following: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) following = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      following = 2;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      following = 3;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return index;
    if (index + following >= length) return index;
    const second = bytes[index + 1]!;
    if (second < low || second > high) return index;
    for (let next = 2; next <= following; next++) {
      const continuation = bytes[index + next]!;
      if (continuation < 0x80 || continuation > 0xbf) return index;
    }
    index += following + 1;
  }
  return -1;
}

/** How many bytes at the end start a UTF-8 sequence that the next chunk completes. */
function incompleteTail(bytes: Uint8Array): number {
  const length = bytes.length;
  for (let back = 1; back <= 3 && back <= length; back++) {
    const byte = bytes[length - back]!;
    if ((byte & 0xc0) === 0x80) continue;
    if (byte < 0xc2 || byte > 0xf4) return 0;
    const sequence = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    return sequence > back ? back : 0;
  }
  return 0;
}

/**
 * Decodes a byte stream chunk by chunk. Each chunk is decoded whole (fatal on invalid UTF-8), with a
 * character cut by the chunk's end carried over to the next, so an error points at exact bytes.
 */
export class ChunkDecoder {
  private readonly decoder: TextDecoder;
  private readonly utf8: boolean;
  private carry: Uint8Array | null = null;
  private started = false;

  constructor(encoding: CsvEncoding) {
    this.utf8 = encoding === 'utf-8';
    this.decoder = this.utf8
      ? new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
      : new TextDecoder('latin1');
  }

  /** The text of one more chunk; throws InvalidUtf8 about the bytes of this call (carry included). */
  decode(chunk: Uint8Array | string): string {
    if (typeof chunk === 'string') return this.withoutByteOrderMark(chunk);
    let bytes = chunk;
    if (this.carry) {
      const joined = new Uint8Array(this.carry.length + chunk.length);
      joined.set(this.carry);
      joined.set(chunk, this.carry.length);
      bytes = joined;
      this.carry = null;
    }
    if (!this.utf8) return this.withoutByteOrderMark(this.decoder.decode(bytes));
    const tail = incompleteTail(bytes);
    if (tail > 0) {
      this.carry = bytes.slice(bytes.length - tail);
      bytes = bytes.subarray(0, bytes.length - tail);
    }
    let text: string;
    try {
      text = this.decoder.decode(bytes);
    } catch {
      const offset = firstInvalidUtf8(bytes);
      throw new InvalidUtf8(bytes, offset === -1 ? 0 : offset);
    }
    return this.withoutByteOrderMark(text);
  }

  /** At the end of the input: a character left incomplete is invalid. */
  end(): void {
    if (this.carry) throw new InvalidUtf8(this.carry, 0);
  }

  private withoutByteOrderMark(text: string): string {
    if (this.started || text === '') return text;
    this.started = true;
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
}
