import type { DatabaseKind } from '../db/index.ts';
import { type ExtractRow, factColumns, identityColumns } from './extract-columns.ts';

/** extract_row's columns after upload_id and organisation_id, in the order the statements below give them. */
const rowColumns = [
  'line',
  'record_id',
  ...identityColumns,
  ...factColumns,
] as const satisfies readonly (keyof ExtractRow)[];

type RowColumn = (typeof rowColumns)[number];
type ElementType = 'int4' | 'date' | 'text';

const elementType = (column: RowColumn): ElementType =>
  column === 'line'
    ? 'int4'
    : column === 'date_of_birth' || column === 'fact_start' || column === 'fact_end'
      ? 'date'
      : 'text';

const columnList = `upload_id, organisation_id, ${rowColumns.join(', ')}`;

/** One statement that inserts a batch of rows into extract_row, through row-level security like any insert. */
export interface RowBatchInsert {
  text: string;
  params: unknown[];
}

/*
 * Each column goes as one array: a statement of 19 arrays is parsed far faster than JSON (about twice, in
 * PGlite) and the rows go through row-level security like any insert. On the PostgreSQL server the arrays are
 * in PostgreSQL's binary format (node-postgres sends a Buffer parameter as binary, so the server copies values
 * instead of parsing text); PGlite turns every parameter into text, so there they go as array literals. COPY
 * would be faster still, but COPY FROM is refused on tables with row-level security.
 */
const statement =
  `insert into extract_row (${columnList}) select $1, $2, ${rowColumns.map((column, index) => (column === 'fact_value' ? `c${index}::numeric` : `c${index}`)).join(', ')} ` +
  `from unnest(${rowColumns.map((column, index) => `$${index + 3}::${elementType(column)}[]`).join(', ')}) ` +
  `as r(${rowColumns.map((_, index) => `c${index}`).join(', ')})`;

export function rowBatchInsert(
  kind: DatabaseKind,
  uploadId: string,
  organisationId: string,
  rows: readonly ExtractRow[],
): RowBatchInsert {
  const params: unknown[] = [uploadId, organisationId];
  for (const column of rowColumns) {
    const type = elementType(column);
    if (kind === 'pglite') params.push(arrayLiteral(rows, column));
    else if (type === 'int4') params.push(int4Array(rows, column as 'line'));
    else if (type === 'date') params.push(dateArray(rows, column as 'date_of_birth'));
    else params.push(textArray(rows, column));
  }
  return { text: statement, params };
}

/** A PostgreSQL array literal of one column: every value quoted, so no value is read as NULL or split. */
export function arrayLiteral(rows: readonly ExtractRow[], column: RowColumn): string {
  let literal = '{';
  for (let index = 0; index < rows.length; index++) {
    const value = rows[index]![column];
    if (index > 0) literal += ',';
    if (value === null) literal += 'NULL';
    else if (typeof value === 'number') literal += value;
    else if (value.indexOf('"') === -1 && value.indexOf('\\') === -1) literal += `"${value}"`;
    else literal += `"${value.replace(/["\\]/g, '\\$&')}"`;
  }
  return `${literal}}`;
}

const oids = { int4: 23, text: 25, date: 1082 } as const;

/** The header of a one-dimensional array in binary format; returns where the elements start. */
function writeHeader(buffer: Buffer, type: ElementType, length: number): number {
  buffer.writeInt32BE(1, 0);
  buffer.writeInt32BE(1, 4); // may hold nulls
  buffer.writeInt32BE(oids[type], 8);
  buffer.writeInt32BE(length, 12);
  buffer.writeInt32BE(1, 16); // lower bound
  return 20;
}

function int4Array(rows: readonly ExtractRow[], column: 'line'): Buffer {
  const buffer = Buffer.allocUnsafe(20 + rows.length * 8);
  let offset = writeHeader(buffer, 'int4', rows.length);
  for (const row of rows) {
    buffer.writeInt32BE(4, offset);
    buffer.writeInt32BE(row[column], offset + 4);
    offset += 8;
  }
  return buffer;
}

/** Days from 2000-01-01 (PostgreSQL's date epoch) to an ISO day, without building a Date. */
export function postgresDay(iso: string): number {
  let year = Number(iso.slice(0, 4));
  const month = Number(iso.slice(5, 7));
  const day = Number(iso.slice(8, 10));
  if (month <= 2) year--;
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468 - 10957;
}

function dateArray(rows: readonly ExtractRow[], column: 'date_of_birth' | 'fact_start' | 'fact_end'): Buffer {
  const buffer = Buffer.allocUnsafe(20 + rows.length * 8);
  let offset = writeHeader(buffer, 'date', rows.length);
  for (const row of rows) {
    const value = row[column];
    if (value === null) {
      buffer.writeInt32BE(-1, offset);
      offset += 4;
    } else {
      buffer.writeInt32BE(4, offset);
      buffer.writeInt32BE(postgresDay(value), offset + 4);
      offset += 8;
    }
  }
  return buffer.subarray(0, offset);
}

function textArray(rows: readonly ExtractRow[], column: RowColumn): Buffer {
  const values: (string | null)[] = new Array(rows.length);
  let characters = 0;
  for (let index = 0; index < rows.length; index++) {
    const value = rows[index]![column];
    const text = value === null ? null : typeof value === 'string' ? value : String(value);
    values[index] = text;
    if (text !== null) characters += text.length;
  }
  // A UTF-16 unit never takes more than three bytes of UTF-8.
  const buffer = Buffer.allocUnsafe(20 + rows.length * 4 + characters * 3);
  let offset = writeHeader(buffer, 'text', rows.length);
  for (const text of values) {
    if (text === null) {
      buffer.writeInt32BE(-1, offset);
      offset += 4;
    } else {
      const written = buffer.write(text, offset + 4, 'utf8');
      buffer.writeInt32BE(written, offset);
      offset += 4 + written;
    }
  }
  return buffer.subarray(0, offset);
}
