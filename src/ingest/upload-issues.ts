import { csvLine } from '../csv/index.ts';
import type { Sql } from '../db/index.ts';

/** One stored issue of an upload, as pages and downloads show it. */
export interface StoredIssue {
  seq: number;
  line: number;
  recordId: string | null;
  column: string | null;
  severity: 'error' | 'warning';
  message: string;
  agreementBreach: boolean;
}

/** A page of an upload's issues in file order, after `afterSeq`; row-level security decides who sees them. */
export async function listUploadIssues(
  sql: Sql,
  uploadId: string,
  options: { afterSeq?: number; limit: number; severity?: 'error' | 'warning' },
): Promise<StoredIssue[]> {
  const rows = await sql.query<{
    seq: number;
    line: number;
    record_id: string | null;
    column_name: string | null;
    severity: 'error' | 'warning';
    message: string;
    agreement_breach: boolean;
  }>(
    `select seq, line, record_id, column_name, severity, message, agreement_breach from upload_issue
     where upload_id = $1 and seq > $2 and ($4::text is null or severity = $4)
     order by seq limit $3`,
    [uploadId, options.afterSeq ?? 0, options.limit, options.severity ?? null],
  );
  return rows.map((row) => ({
    seq: Number(row.seq),
    line: row.line,
    recordId: row.record_id,
    column: row.column_name,
    severity: row.severity,
    message: row.message,
    agreementBreach: row.agreement_breach,
  }));
}

export const issueCsvHeader = csvLine(['line', 'record_id', 'column', 'severity', 'message']);

/**
 * An issue as a CSV record. Formulas are neutralised (csvLine does it): a record_id such as
 * `=HYPERLINK(…)` comes back out as text, never as a formula a spreadsheet would run.
 */
export const issueCsvLine = (issue: StoredIssue): string =>
  csvLine([issue.line, issue.recordId, issue.column, issue.severity, issue.message]);

/** Every issue of an upload, page by page, each page in its own short transaction. */
export async function* uploadIssuePages(
  inTransaction: <T>(work: (sql: Sql) => Promise<T>) => Promise<T>,
  uploadId: string,
  pageSize = 5000,
): AsyncGenerator<StoredIssue[]> {
  let afterSeq = 0;
  while (true) {
    const page = await inTransaction((sql) => listUploadIssues(sql, uploadId, { afterSeq, limit: pageSize }));
    if (page.length === 0) return;
    yield page;
    if (page.length < pageSize) return;
    afterSeq = page[page.length - 1]!.seq;
  }
}
