import type { Sql } from '../db/index.ts';

/** An audit action: VIEW_*, SEARCH_*, CREATE_*, UPDATE_*, DELETE_*, EXPORT_* and the sign-in events. */
export type AuditAction =
  | `${'VIEW' | 'SEARCH' | 'CREATE' | 'UPDATE' | 'DELETE' | 'EXPORT' | 'IMPORT' | 'LINK' | 'ASSESS' | 'BREAK_GLASS'}_${string}`
  | 'SIGN_IN'
  | 'SIGN_IN_FAILED'
  | 'SIGN_OUT';

export interface AuditEntry {
  action: AuditAction;
  subjectType?: string;
  subjectIds?: readonly string[];
  /** The organisation whose data this is, so its IG officer sees the event. */
  subjectOrganisationId?: string;
  /** Counts, codes and ids only: never names, dates of birth or other personal data. */
  details?: Record<string, string | number | boolean | null | readonly string[]>;
}

/**
 * Writes one audit event in the caller's transaction, as its last statement: it commits or rolls back with the
 * work it records, and the chain's lock is held only for the commit.
 */
export async function recordAudit(sql: Sql, entry: AuditEntry): Promise<void> {
  sql.atCommit(
    `insert into audit_event (action, subject_type, subject_ids, subject_organisation_id, details)
     values ($1, $2, $3, $4, $5)`,
    [
      entry.action,
      entry.subjectType ?? null,
      entry.subjectIds ?? [],
      entry.subjectOrganisationId ?? null,
      JSON.stringify(entry.details ?? {}),
    ],
  );
}
