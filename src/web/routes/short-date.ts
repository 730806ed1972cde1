/** `2026-03-31` as `31 Mar 2026`, for tables and lines of evidence; empty when there is no date. */
export const shortDate = (date: string | null): string =>
  date
    ? new Date(`${date}T00:00:00Z`).toLocaleDateString('en-GB', {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        timeZone: 'UTC',
      })
    : '';
