import type { ExtractRow } from './extract-columns.ts';
import type { ExtractIssue } from './extract-issue.ts';

/** The spec's identity rule for one row, after invalid values were dropped. */
export function identifiesPerson(row: ExtractRow): boolean {
  return (
    row.nhs_number !== null ||
    (row.family_name !== null && (row.given_name !== null || row.date_of_birth !== null))
  );
}

/**
 * The record rule: a record (all rows with one record_id) needs, on some accepted row, an NHS number,
 * or a family name with a given name or date of birth. It can only be decided after the last row.
 * Records are numbered in order of first appearance and their counts kept in typed arrays: a million
 * tally objects would cost the garbage collector more than the reading itself.
 */
export class RecordIdentityTally {
  /** Each record's id, by number. */
  private readonly recordIds: string[] = [];
  /**
   * Numbers by id, made once an id comes out of order: while ids only rise (extracts are mostly
   * sorted), a new id cannot have been seen before and needs no look-up.
   */
  private numbers: Map<string, number> | undefined;
  private firstLines = new Float64Array(1024);
  private acceptedRows = new Int32Array(1024);
  private identified = new Uint8Array(1024);
  private lastRecordId: string | null = null;
  private lastNumber = -1;

  /** Notes a rejected row so the record's first line is known. */
  seen(recordId: string, line: number): void {
    this.numberOf(recordId, line);
  }

  accepted(row: ExtractRow): void {
    const number = this.numberOf(row.record_id, row.line);
    this.acceptedRows[number]!++;
    if (this.identified[number] === 0 && identifiesPerson(row)) this.identified[number] = 1;
  }

  /** The records that fail the rule (with an error issue each, at the record's first line), in file order. */
  settle(file: string): { records: number; failed: string[]; failedRows: number; issues: ExtractIssue[] } {
    const failed: string[] = [];
    const issues: ExtractIssue[] = [];
    let records = 0;
    let failedRows = 0;
    for (let number = 0; number < this.recordIds.length; number++) {
      const recordId = this.recordIds[number]!;
      const rows = this.acceptedRows[number]!;
      if (rows === 0) continue;
      if (this.identified[number] === 1) {
        records++;
        continue;
      }
      failed.push(recordId);
      failedRows += rows;
      issues.push({
        file,
        line: this.firstLines[number]!,
        column: 'record_id',
        recordId,
        severity: 'error',
        message:
          `record ${recordId} cannot be matched to a person: none of its rows has a valid nhs_number, or a family_name ` +
          `with a given_name or date_of_birth, so its ${rows === 1 ? 'row is' : `${rows} rows are`} rejected. ` +
          'Add those identity values to at least one of its rows',
      });
    }
    return { records, failed, failedRows, issues };
  }

  private numberOf(recordId: string, line: number): number {
    // A person's rows usually come together: a run of one record_id skips the map.
    if (recordId === this.lastRecordId) return this.lastNumber;
    if (this.numbers === undefined && this.lastRecordId !== null && recordId < this.lastRecordId)
      this.numbers = new Map(this.recordIds.map((id, number) => [id, number]));
    let number = this.numbers?.get(recordId);
    if (number === undefined) {
      number = this.recordIds.length;
      if (number === this.firstLines.length) this.grow();
      this.recordIds.push(recordId);
      this.numbers?.set(recordId, number);
      this.firstLines[number] = line;
    }
    this.lastRecordId = recordId;
    this.lastNumber = number;
    return number;
  }

  private grow(): void {
    const size = this.firstLines.length * 2;
    const firstLines = new Float64Array(size);
    firstLines.set(this.firstLines);
    this.firstLines = firstLines;
    const acceptedRows = new Int32Array(size);
    acceptedRows.set(this.acceptedRows);
    this.acceptedRows = acceptedRows;
    const identified = new Uint8Array(size);
    identified.set(this.identified);
    this.identified = identified;
  }
}
