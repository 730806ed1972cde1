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
  const values = columnValues(rows);
  for (const column of rowColumns) {
    const type = elementType(column);
    const inColumn = values[column];
    if (kind === 'pglite') params.push(arrayLiteral(inColumn));
    else if (type === 'int4') params.push(int4Array(inColumn as number[]));
    else if (type === 'date') params.push(dateArray(inColumn as (string | null)[]));
    else params.push(textArray(inColumn));
  }
  return { text: statement, params };
}

type ColumnValues = { [Column in RowColumn]: ExtractRow[Column][] };

/**
 * Each column's values in row order, each read by name: reading a row's value by a column name held in a
 * variable (`row[column]`) was most of the time it took to encode a batch.
 */
function columnValues(rows: readonly ExtractRow[]): ColumnValues {
  const count = rows.length;
  const values = Object.fromEntries(rowColumns.map((column) => [column, new Array(count)])) as ColumnValues;
  const { line, record_id, nhs_number, given_name, family_name, date_of_birth, sex } = values;
  const { address_line_1, address_line_2, town, postcode, uprn, household_ref } = values;
  const { lead_worker, lead_worker_contact, fact, fact_start, fact_end, fact_value } = values;
  for (let index = 0; index < count; index++) {
    const row = rows[index]!;
    line[index] = row.line;
    record_id[index] = row.record_id;
    nhs_number[index] = row.nhs_number;
    given_name[index] = row.given_name;
    family_name[index] = row.family_name;
    date_of_birth[index] = row.date_of_birth;
    sex[index] = row.sex;
    address_line_1[index] = row.address_line_1;
    address_line_2[index] = row.address_line_2;
    town[index] = row.town;
    postcode[index] = row.postcode;
    uprn[index] = row.uprn;
    household_ref[index] = row.household_ref;
    lead_worker[index] = row.lead_worker;
    lead_worker_contact[index] = row.lead_worker_contact;
    fact[index] = row.fact;
    fact_start[index] = row.fact_start;
    fact_end[index] = row.fact_end;
    fact_value[index] = row.fact_value;
  }
  return values;
}

type Value = string | number | null;

/** A PostgreSQL array literal of one column: every value quoted, so no value is read as NULL or split. */
export function arrayLiteral(values: readonly Value[]): string {
  let literal = '{';
  for (let index = 0; index < values.length; index++) {
    const value = values[index]!;
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

function int4Array(values: readonly number[]): Buffer {
  const buffer = Buffer.allocUnsafe(20 + values.length * 8);
  let offset = writeHeader(buffer, 'int4', values.length);
  for (const value of values) {
    buffer.writeInt32BE(4, offset);
    buffer.writeInt32BE(value, offset + 4);
    offset += 8;
  }
  return buffer;
}

/** Days from 2000-01-01 (PostgreSQL's date epoch) to an ISO day, without building a Date or a substring. */
export function postgresDay(iso: string): number {
  const digit = (at: number): number => iso.charCodeAt(at) - 48;
  let year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3);
  const month = digit(5) * 10 + digit(6);
  const day = digit(8) * 10 + digit(9);
  if (month <= 2) year--;
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468 - 10957;
}

function dateArray(values: readonly (string | null)[]): Buffer {
  const buffer = Buffer.allocUnsafe(20 + values.length * 8);
  let offset = writeHeader(buffer, 'date', values.length);
  for (const value of values) {
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

function textArray(values: readonly Value[]): Buffer {
  let characters = 0;
  for (const value of values) if (value !== null) characters += String(value).length;
  // A UTF-16 unit never takes more than three bytes of UTF-8.
  const buffer = Buffer.allocUnsafe(20 + values.length * 4 + characters * 3);
  let offset = writeHeader(buffer, 'text', values.length);
  for (const value of values) {
    const text = value === null || typeof value === 'string' ? value : String(value);
    if (text === null) {
      buffer.writeInt32BE(-1, offset);
      offset += 4;
      continue;
    }
    // Most values are ASCII, copied a byte a character here: a native write per short value costs far more.
    const start = offset + 4;
    let at = start;
    for (let character = 0; character < text.length; character++) {
      const code = text.charCodeAt(character);
      if (code > 0x7f) {
        at = start + buffer.write(text, start, 'utf8');
        break;
      }
      buffer[at++] = code;
    }
    buffer.writeInt32BE(at - start, offset);
    offset = at;
  }
  return buffer.subarray(0, offset);
}
