import type { CsvRecord } from '../csv/index.ts';
import { type ColumnMapping, comparable } from './column-mapping.ts';
import { type ExtractColumn, extractColumns } from './extract-columns.ts';
import { ExtractFileError } from './extract-issue.ts';

/** Where each standard column is in the rows of one file. */
export interface ExtractLayout {
  /** The field index of each standard column, or -1 when the file leaves it out. */
  positions: Readonly<Record<ExtractColumn, number>>;
  /** How many fields every row has. */
  width: number;
}

const standard = new Set<string>(extractColumns);
const mapHint = 'or map or ignore it in the data flow’s column mapping';

/** Reads the header row; throws ExtractFileError naming the file, line, column and what to do. */
export function readExtractHeader(
  header: CsvRecord,
  file: string,
  mapping: ColumnMapping = {},
): ExtractLayout {
  const line = header.line;
  const fail = (column: string | null, problem: string): never => {
    throw new ExtractFileError(file, line, column, problem);
  };
  if (header.problem)
    fail(null, `the header row’s column ${header.problem.field}: ${header.problem.message}`);
  const renames = new Map(Object.entries(mapping.renames ?? {}).map(([from, to]) => [comparable(from), to]));
  const ignored = new Set((mapping.ignore ?? []).map(comparable));

  const positions = Object.fromEntries(extractColumns.map((column) => [column, -1])) as Record<
    ExtractColumn,
    number
  >;
  const sourceName: string[] = [];
  const unknown: string[] = [];
  header.fields.forEach((field, index) => {
    const name = comparable(field);
    if (ignored.has(name)) return;
    if (name === '') {
      fail(
        null,
        `column ${index + 1} of the header has no name: name it with a standard column, ${mapHint}` +
          (index === header.fields.length - 1 ? ' (or remove the extra comma at the end of the header)' : ''),
      );
    }
    const column = renames.get(name) ?? (standard.has(name) ? (name as ExtractColumn) : undefined);
    if (column === undefined) {
      unknown.push(`"${field.trim()}" (column ${index + 1})`);
      return;
    }
    const earlier = positions[column];
    if (earlier !== -1) {
      fail(
        column,
        `${column} is given twice, by ${sourceName[earlier]} (column ${earlier + 1}) and by "${field.trim()}" ` +
          `(column ${index + 1}): keep one of them, ${mapHint}`,
      );
    }
    positions[column] = index;
    sourceName[index] = `"${field.trim()}"`;
  });
  if (positions.record_id === -1) {
    fail(
      'record_id',
      'the header has no record_id column: every row needs the partner’s own identifier for the person. ' +
        'Add a record_id column, or map your identifier column onto record_id in the data flow’s column mapping' +
        (unknown.length > 0 ? ` (columns the standard extract does not know: ${unknown.join(', ')})` : ''),
    );
  }
  if (unknown.length > 0) {
    fail(
      unknown[0]!.slice(1, unknown[0]!.indexOf('"', 1)),
      `unknown ${unknown.length === 1 ? 'column' : 'columns'} ${unknown.join(', ')}: the standard extract has no such ` +
        `column. Rename it to a standard column (${extractColumns.join(', ')}), ${mapHint}`,
    );
  }
  if (positions.fact !== -1 && positions.fact_start === -1) {
    fail(
      'fact_start',
      'the header has a fact column but no fact_start column: every fact needs the date it started or happened. Add a fact_start column (YYYY-MM-DD)',
    );
  }
  return { positions, width: header.fields.length };
}
