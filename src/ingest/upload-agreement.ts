import type { UploadTerms } from '../agreements/index.ts';
import { type ExtractColumn, identityColumns } from './extract-columns.ts';

const identity = new Set<string>(identityColumns);

/** The agreement as a partner's data officer reads it: reference, title and version. */
export const agreementName = (terms: UploadTerms): string =>
  `Agreement ${terms.reference} '${terms.title}' version ${terms.version}`;

/** Identity columns the file brings that the agreement does not list. */
export function columnsBeyondAgreement(
  columns: readonly ExtractColumn[],
  terms: UploadTerms,
): ExtractColumn[] {
  const covered = new Set(terms.identityColumns);
  return columns.filter((column) => identity.has(column) && !covered.has(column));
}

const list = (items: readonly string[]): string =>
  items.length === 1 ? items[0]! : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

export function refusalForColumns(terms: UploadTerms, columns: readonly string[]): string {
  return (
    `${agreementName(terms)} does not cover the ${columns.length === 1 ? 'column' : 'columns'} ${list(columns)} ` +
    '(clause: data items), so nothing was loaded. Remove ' +
    `${columns.length === 1 ? 'it' : 'them'} from the file or ignore ${columns.length === 1 ? 'it' : 'them'} in the ` +
    'data flow’s upload settings, or have the agreement changed first.'
  );
}

/** The codes that breach the agreement, each with the first lines it appears on. */
export class FactCodeBreaches {
  private readonly lines = new Map<string, number[]>();
  private count = 0;

  /** Rows in breach in all, when more were found than were added. */
  set total(rows: number) {
    this.count = Math.max(this.count, rows);
  }

  add(code: string, line: number): void {
    this.count++;
    const seen = this.lines.get(code);
    if (seen === undefined) this.lines.set(code, [line]);
    else if (seen.length < 5) seen.push(line);
  }

  get rows(): number {
    return this.count;
  }

  refusal(terms: UploadTerms): string {
    const codes = [...this.lines.entries()].map(
      ([code, lines]) => `${code} (line ${lines.join(', ')}${lines.length === 5 ? ', …' : ''})`,
    );
    return (
      `${agreementName(terms)} does not cover the fact ${codes.length === 1 ? 'code' : 'codes'} ${list(codes)} ` +
      `(clause: data items), so nothing was loaded: ${this.count.toLocaleString('en-GB')} ` +
      `${this.count === 1 ? 'row has' : 'rows have'} a code it does not list. Remove those rows, or have the agreement changed to cover the code first.`
    );
  }
}
