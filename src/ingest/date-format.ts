/**
 * A partner's own date layout, such as `DD/MM/YYYY` or `YYYYMMDD`, turned into ISO text. Tokens:
 * `YYYY`, `MM`, `DD`, `M`, `D`; anything else is a literal separator. Where the layout has separators,
 * day and month may have one digit or two (Excel drops leading zeros), and a trailing time such as
 * ` 00:00` or ` 00:00:00` is allowed (Excel writes one for date-time cells).
 */
export type DateReader = (text: string) => string | null;

const tokenPattern = /YYYY|MM|DD|M|D/g;

/** Problems with a date layout, for checking a saved mapping; empty when it is usable. */
export function dateFormatProblems(format: string): string[] {
  const tokens = format.match(tokenPattern) ?? [];
  const problems: string[] = [];
  for (const [needed, alternatives] of [
    ['YYYY', ['YYYY']],
    ['MM', ['MM', 'M']],
    ['DD', ['DD', 'D']],
  ] as const) {
    const count = tokens.filter((token) => (alternatives as readonly string[]).includes(token)).length;
    if (count !== 1) problems.push(`date format "${format}" must hold ${needed} exactly once`);
  }
  if (/[A-Za-z]/.test(format.replace(tokenPattern, ''))) {
    problems.push(
      `date format "${format}" has letters other than YYYY, MM, DD, M and D (use a four-digit year)`,
    );
  }
  return problems;
}

function escapeForPattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** A reader for a checked layout (see dateFormatProblems): ISO text when the shape fits, else null. */
export function dateReader(format: string): DateReader {
  const separated = format.replace(tokenPattern, '') !== '';
  const order: string[] = [];
  let pattern = '^';
  let last = 0;
  for (const match of format.matchAll(tokenPattern)) {
    pattern += escapeForPattern(format.slice(last, match.index));
    const token = match[0];
    order.push(token[0]!);
    pattern += token === 'YYYY' ? '(\\d{4})' : separated || token.length === 1 ? '(\\d{1,2})' : '(\\d{2})';
    last = match.index + token.length;
  }
  pattern += escapeForPattern(format.slice(last));
  if (separated) pattern += '(?:[ T]\\d{1,2}:\\d{2}(?::\\d{2})?)?';
  const shape = new RegExp(`${pattern}$`);
  const yearAt = order.indexOf('Y') + 1;
  const monthAt = order.indexOf('M') + 1;
  const dayAt = order.indexOf('D') + 1;
  return (text) => {
    const parts = shape.exec(text);
    if (!parts) return null;
    return `${parts[yearAt]}-${parts[monthAt]!.padStart(2, '0')}-${parts[dayAt]!.padStart(2, '0')}`;
  };
}
