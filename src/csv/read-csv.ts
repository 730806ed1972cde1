import { CsvError } from './csv-error.ts';
import type { CsvRecord } from './csv-record.ts';
import { CsvRecordSplitter } from './record-splitter.ts';
import { ChunkDecoder, type CsvEncoding, InvalidUtf8 } from './text-decoding.ts';

/** Bytes (a Node Readable, a web stream, an array of Buffers) or text already decoded. */
export type CsvInput = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

export interface CsvReadOptions {
  /** The file's name, for messages. */
  file: string;
  encoding?: CsvEncoding;
}

function notUtf8(file: string, line: number, error: InvalidUtf8): CsvError {
  const byte =
    error.byte === null
      ? 'a character cut off at the end of the file'
      : `the byte 0x${error.byte.toString(16).toUpperCase().padStart(2, '0')}`;
  return new CsvError(
    file,
    line,
    `the file is not UTF-8: ${byte} cannot be read as UTF-8 (often an accented letter saved as Latin-1 or Windows ` +
      `"ANSI" text). Save the file as "CSV UTF-8", or declare its encoding as latin1.`,
  );
}

/**
 * Large chunks are read in pieces of this many bytes (or characters): a smaller batch of records is
 * alive at each garbage collection, which made reading with 1 MB chunks twice as slow as with 64 KB.
 */
const pieceSize = 64 * 1024;

const pieceOf = (chunk: Uint8Array | string, start: number): Uint8Array | string =>
  typeof chunk === 'string'
    ? chunk.slice(start, start + pieceSize)
    : chunk.subarray(start, start + pieceSize);

/** Records in batches, one batch per piece of input: far fewer awaits than one per record. */
export async function* readCsvBatches(input: CsvInput, options: CsvReadOptions): AsyncGenerator<CsvRecord[]> {
  const splitter = new CsvRecordSplitter(options.file);
  const decoder = new ChunkDecoder(options.encoding ?? 'utf-8');
  const decode = (chunk: Uint8Array | string | null): string => {
    try {
      if (chunk === null) {
        decoder.end();
        return '';
      }
      return decoder.decode(chunk);
    } catch (error) {
      if (error instanceof InvalidUtf8)
        throw notUtf8(options.file, splitter.line + error.lineFeedsBefore, error);
      throw error;
    }
  };
  for await (const chunk of input) {
    for (let start = 0; start < chunk.length; start += pieceSize) {
      const piece = start === 0 && chunk.length <= pieceSize ? chunk : pieceOf(chunk, start);
      const text = decode(piece);
      if (text === '') continue;
      const records: CsvRecord[] = [];
      splitter.push(text, records);
      if (records.length > 0) yield records;
    }
  }
  decode(null);
  const last: CsvRecord[] = [];
  splitter.end(last);
  if (last.length > 0) yield last;
}

/** Records one by one, each with the line where it starts. */
export async function* readCsv(input: CsvInput, options: CsvReadOptions): AsyncGenerator<CsvRecord> {
  for await (const batch of readCsvBatches(input, options)) yield* batch;
}
