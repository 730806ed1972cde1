/**
 * A person's date of birth when their records disagree (criteria.md): the most frequent non-empty
 * value; a tie goes to the value seen last, rows given in upload order (and file order within an
 * upload), so the latest row of the latest upload decides between the tied values.
 */
export function personDateOfBirth(
  rows: Iterable<{ date_of_birth?: string | null | undefined }>,
): string | null {
  const seen = new Map<string, { count: number; last: number }>();
  let position = 0;
  for (const row of rows) {
    const value = row.date_of_birth;
    position++;
    if (!value) continue;
    const tally = seen.get(value);
    if (tally) {
      tally.count++;
      tally.last = position;
    } else {
      seen.set(value, { count: 1, last: position });
    }
  }
  let chosen: string | null = null;
  let best = { count: 0, last: 0 };
  for (const [value, tally] of seen) {
    if (tally.count > best.count || (tally.count === best.count && tally.last > best.last)) {
      chosen = value;
      best = tally;
    }
  }
  return chosen;
}
