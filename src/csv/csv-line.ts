export type CsvValue = string | number | null | undefined;

export interface CsvLineOptions {
  /** Prefix a value a spreadsheet would run as a formula with `'` (default true: exports are opened in Excel). */
  neutraliseFormulas?: boolean;
  /** RFC 4180 ends lines with CRLF (the default). */
  lineEnd?: '\r\n' | '\n';
}

/** Numbers such as `-3`, `+44`, `-0.5`, `1e-3`: a spreadsheet reads them as numbers, not formulas. */
const plainNumber = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const needsQuotes = /[",\r\n]|^\s|\s$/;

/**
 * A value made safe to open in a spreadsheet (OWASP CSV injection): one that starts with `=`, `+`,
 * `-`, `@`, tab or carriage return gets a leading `'`, unless it is a plain number.
 */
export function neutraliseFormula(value: string): string {
  const first = value.charCodeAt(0);
  // = + - @ tab CR
  if (first !== 61 && first !== 43 && first !== 45 && first !== 64 && first !== 9 && first !== 13)
    return value;
  if ((first === 43 || first === 45) && plainNumber.test(value)) return value;
  return `'${value}`;
}

/** One CSV field: quoted when it holds a quote, comma, line break or edge space; quotes doubled. */
export function csvField(value: CsvValue, options: CsvLineOptions = {}): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? String(value) : value;
  if (options.neutraliseFormulas !== false && typeof value === 'string') text = neutraliseFormula(text);
  return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV record with its line end; null and undefined are written as empty fields. */
export function csvLine(values: readonly CsvValue[], options: CsvLineOptions = {}): string {
  let line = '';
  for (let index = 0; index < values.length; index++) {
    if (index > 0) line += ',';
    line += csvField(values[index], options);
  }
  return line + (options.lineEnd ?? '\r\n');
}
