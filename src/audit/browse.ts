import type { Sql } from '../db/index.ts';

export interface AuditEvent {
  seq: number;
  occurredAt: Date;
  actorUserId: string | null;
  actorName: string | null;
  actorOrganisation: string | null;
  action: string;
  subjectType: string | null;
  subjectIds: string[];
  purpose: string | null;
  correlationId: string | null;
  details: Record<string, unknown>;
}

export interface AuditFilter {
  action?: string;
  actorUserId?: string;
  subjectId?: string;
  /** Show events with seq below this (paging backwards from the newest). */
  before?: number;
  limit?: number;
}

/** The newest events first, as far as row-level security lets the reader see. */
export async function browseAudit(sql: Sql, filter: AuditFilter): Promise<AuditEvent[]> {
  const rows = await sql.query<{
    seq: number;
    occurred_at: Date;
    actor_user_id: string | null;
    actor_name: string | null;
    actor_organisation: string | null;
    action: string;
    subject_type: string | null;
    subject_ids: string[];
    purpose: string | null;
    correlation_id: string | null;
    details: Record<string, unknown>;
  }>(
    `select e.seq, e.occurred_at, e.actor_user_id, u.display_name as actor_name, o.name as actor_organisation,
            e.action, e.subject_type, e.subject_ids, e.purpose, e.correlation_id, e.details
     from audit_event e
     left join app_user u on u.id = e.actor_user_id
     left join organisation o on o.id = e.actor_organisation_id
     where ($1::text is null or e.action like $1 || '%')
       and ($2::uuid is null or e.actor_user_id = $2)
       and ($3::text is null or $3 = any (e.subject_ids))
       and ($4::bigint is null or e.seq < $4)
     order by e.seq desc
     limit $5`,
    [
      filter.action || null,
      filter.actorUserId || null,
      filter.subjectId || null,
      filter.before ?? null,
      filter.limit ?? 50,
    ],
  );
  return rows.map((row) => ({
    seq: row.seq,
    occurredAt: row.occurred_at,
    actorUserId: row.actor_user_id,
    actorName: row.actor_name,
    actorOrganisation: row.actor_organisation,
    action: row.action,
    subjectType: row.subject_type,
    subjectIds: row.subject_ids,
    purpose: row.purpose,
    correlationId: row.correlation_id,
    details: row.details,
  }));
}
