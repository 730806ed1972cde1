/** A problem with one row (or one record) of an extract. */
export interface ExtractIssue {
  file: string;
  /** The 1-based line where the row starts (the header is line 1). */
  line: number;
  /** The standard column the problem is in; null when it is about the whole row. */
  column: string | null;
  /** The row's record_id as given, when it has one: the partner finds the row by it. */
  recordId?: string;
  /** `error`: the row is rejected. `warning`: a value was dropped or ignored and the row kept. */
  severity: 'error' | 'warning';
  /** What is wrong and what to do; the file, line and column are in the fields above. */
  message: string;
  /** A fact code the data flow's agreement does not cover: the upload must be refused as a whole. */
  agreementBreach?: true;
  /** With agreementBreach: the code as the file gave it (after the flow's value mapping). */
  factCode?: string;
}

/** An extract that cannot be read at all (its header, its encoding, its quoting). */
export class ExtractFileError extends Error {
  readonly file: string;
  readonly line: number;
  readonly column: string | null;
  constructor(file: string, line: number, column: string | null, problem: string, options?: ErrorOptions) {
    super(`${file}, line ${line}${column === null ? '' : `, column ${column}`}: ${problem}`, options);
    this.name = 'ExtractFileError';
    this.file = file;
    this.line = line;
    this.column = column;
  }
}

/** An issue as one line for people: `police.csv, line 12, nhs_number: …`. */
export function describeIssue(issue: ExtractIssue): string {
  return `${issue.file}, line ${issue.line}${issue.column === null ? '' : `, ${issue.column}`}: ${issue.message}`;
}
