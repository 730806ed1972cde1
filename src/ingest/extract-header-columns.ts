import { createReadStream } from 'node:fs';
import { type CsvEncoding, CsvError, readCsvBatches } from '../csv/index.ts';
import { type ColumnMapping, checkColumnMapping } from './column-mapping.ts';
import { type ExtractColumn, extractColumns } from './extract-columns.ts';
import { readExtractHeader } from './extract-header.ts';
import { ExtractFileError } from './extract-issue.ts';

/**
 * The standard columns a file's header brings (after the flow's mapping), read from its first record only:
 * an agreement that does not cover a column refuses the file before a single row is read.
 * Throws ExtractFileError as readExtract would for the same header.
 */
export async function readHeaderColumns(
  path: string,
  options: { file: string; encoding?: CsvEncoding; mapping?: ColumnMapping },
): Promise<ExtractColumn[]> {
  const input = createReadStream(path, { highWaterMark: 64 * 1024 });
  try {
    const batches = readCsvBatches(input, { file: options.file, encoding: options.encoding ?? 'utf-8' });
    const first = await batches.next().catch((error: unknown) => {
      if (error instanceof CsvError)
        throw new ExtractFileError(error.file, error.line, null, error.problem, { cause: error });
      throw error;
    });
    const header = first.done ? undefined : first.value[0];
    if (header === undefined) {
      throw new ExtractFileError(
        options.file,
        1,
        null,
        `the file is empty: an extract starts with a header row naming its columns (${extractColumns.slice(0, 4).join(', ')}, …), then one row per fact or person`,
      );
    }
    const mapping = options.mapping === undefined ? {} : checkColumnMapping(options.mapping);
    const layout = readExtractHeader(header, options.file, mapping);
    return extractColumns.filter((column) => layout.positions[column] >= 0);
  } finally {
    input.destroy();
  }
}
