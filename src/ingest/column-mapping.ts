import { dateFormatProblems } from './date-format.ts';
import { type ExtractColumn, extractColumns } from './extract-columns.ts';

export const dateColumns = ['date_of_birth', 'fact_start', 'fact_end'] as const;
export type DateColumn = (typeof dateColumns)[number];

/**
 * How a partner's own layout maps onto the standard extract, saved once per data flow. Their header
 * names and the values in `values` are compared case-insensitively, ignoring surrounding spaces.
 */
export interface ColumnMapping {
  /** Their header → the standard column it holds, e.g. `{ "Person ID": "record_id" }`. */
  renames?: Readonly<Record<string, ExtractColumn>>;
  /** Their columns to leave out. */
  ignore?: readonly string[];
  /** Date layouts by standard column, e.g. `{ date_of_birth: "DD/MM/YYYY" }`; `YYYY-MM-DD` is accepted too. */
  dateFormats?: Readonly<Partial<Record<DateColumn, string>>>;
  /** Their values → standard values by standard column, e.g. `{ fact: { CIN: "children.child_in_need" } }`. */
  values?: Readonly<Partial<Record<ExtractColumn, Readonly<Record<string, string>>>>>;
}

/** A saved mapping that cannot be used; it lists every problem. */
export class ColumnMappingError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`The column mapping cannot be used: ${problems.join('; ')}.`);
    this.name = 'ColumnMappingError';
    this.problems = problems;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const standard = new Set<string>(extractColumns);

/** A mapping read from storage or a form, checked: throws ColumnMappingError naming every problem. */
export function checkColumnMapping(candidate: unknown): ColumnMapping {
  const problems: string[] = [];
  if (!isRecord(candidate)) throw new ColumnMappingError(['it must be an object']);
  for (const key of Object.keys(candidate)) {
    if (!['renames', 'ignore', 'dateFormats', 'values'].includes(key))
      problems.push(`"${key}" is not part of a mapping`);
  }
  const { renames, ignore, dateFormats, values } = candidate;
  if (renames !== undefined) {
    if (!isRecord(renames)) problems.push('renames must map header names to standard columns');
    else {
      for (const [from, to] of Object.entries(renames)) {
        if (typeof to !== 'string' || !standard.has(to))
          problems.push(`renames: "${from}" → "${String(to)}" is not a standard column`);
      }
    }
  }
  if (ignore !== undefined && (!Array.isArray(ignore) || ignore.some((name) => typeof name !== 'string'))) {
    problems.push('ignore must be a list of header names');
  }
  if (dateFormats !== undefined) {
    if (!isRecord(dateFormats)) problems.push('dateFormats must map date columns to layouts');
    else {
      for (const [column, format] of Object.entries(dateFormats)) {
        if (!(dateColumns as readonly string[]).includes(column))
          problems.push(`dateFormats: ${column} is not a date column`);
        else if (typeof format !== 'string')
          problems.push(`dateFormats: the layout for ${column} must be text`);
        else problems.push(...dateFormatProblems(format));
      }
    }
  }
  if (values !== undefined) {
    if (!isRecord(values)) problems.push('values must map standard columns to value replacements');
    else {
      for (const [column, replacements] of Object.entries(values)) {
        if (!standard.has(column)) problems.push(`values: ${column} is not a standard column`);
        else if (
          !isRecord(replacements) ||
          Object.values(replacements).some((value) => typeof value !== 'string')
        ) {
          problems.push(`values: the replacements for ${column} must map text to text`);
        }
      }
    }
  }
  if (problems.length > 0) throw new ColumnMappingError(problems);
  return candidate as ColumnMapping;
}

/** A header name or mapped value as compared: trimmed, lower case. */
export const comparable = (text: string): string => text.trim().toLowerCase();
