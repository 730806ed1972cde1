import { CsvError, type CsvInput, type CsvRecord, readCsvBatches } from '../csv/index.ts';
import { checkColumnMapping } from './column-mapping.ts';
import { extractColumns } from './extract-columns.ts';
import { readExtractHeader } from './extract-header.ts';
import { ExtractFileError, type ExtractIssue } from './extract-issue.ts';
import { isEmptyRecord, type ReadExtractOptions } from './read-extract.ts';
import { ExtractRowValidator } from './validate-row.ts';

export interface AgreementScan {
  /** Data rows in the file, as readExtract counts them. */
  rowsRead: number;
  /** Rows whose fact code the agreement does not cover (the same rows readExtract marks agreementBreach). */
  breaches: number;
  /** The first of those rows' issues. */
  breachIssues: ExtractIssue[];
}

/**
 * The pass before any row is stored: reads the whole file as readExtract would (the same header, mapping and
 * encoding, the same errors for a file that cannot be read) but checks only the agreement's fact codes, so a
 * sharing the agreement does not cover is found at a fraction of the cost of full validation.
 */
export async function scanForAgreement(
  input: CsvInput,
  options: ReadExtractOptions & { keep?: number; onBatch?: () => Promise<void> | void },
): Promise<AgreementScan> {
  const { file } = options;
  const rules = {
    ...options,
    mapping: options.mapping === undefined ? {} : checkColumnMapping(options.mapping),
  };
  const keep = options.keep ?? 1000;
  let validator: ExtractRowValidator | null = null;
  let recordIdPosition = -1;
  const issues: ExtractIssue[] = [];
  const breachIssues: ExtractIssue[] = [];
  let rowsRead = 0;
  let breaches = 0;
  const batches = readCsvBatches(input, { file, encoding: options.encoding ?? 'utf-8' });
  while (true) {
    let next: IteratorResult<CsvRecord[]>;
    try {
      next = await batches.next();
    } catch (error) {
      if (error instanceof CsvError)
        throw new ExtractFileError(error.file, error.line, null, error.problem, { cause: error });
      throw error;
    }
    if (next.done) break;
    for (const record of next.value) {
      if (validator === null) {
        const layout = readExtractHeader(record, file, rules.mapping);
        validator = new ExtractRowValidator(layout, record.fields, rules);
        recordIdPosition = layout.positions.record_id;
        continue;
      }
      if (isEmptyRecord(record, recordIdPosition)) continue;
      rowsRead++;
      if (validator.checkAgreement(record, issues)) {
        breaches++;
        if (breachIssues.length < keep) breachIssues.push(...issues);
        issues.length = 0;
      }
    }
    await options.onBatch?.();
  }
  if (validator === null) {
    throw new ExtractFileError(
      file,
      1,
      null,
      `the file is empty: an extract starts with a header row naming its columns (${extractColumns.slice(0, 4).join(', ')}, …), then one row per fact or person`,
    );
  }
  return { rowsRead, breaches, breachIssues };
}
