import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { recordAudit } from '../audit/index.ts';
import type { Actor, Database, Sql } from '../db/index.ts';
import type { ExtractRow } from './extract-columns.ts';
import { type ExtractIssue, type ExtractSummary, readExtract } from './read-extract.ts';

/** Rows loaded per transaction: short enough that the embedded database keeps answering pages. */
const batchSize = 10000;

export interface UploadRequest {
  dataFlowId: string;
  /** The file on disk; read twice, once to fingerprint and once to load. */
  path: string;
  fileName?: string;
  /** The day of the upload: later dates are refused. */
  today?: string;
  onProgress?: (rowsRead: number) => void;
}

export type UploadOutcome =
  | {
      kind: 'loaded';
      uploadId: string;
      rowsAccepted: number;
      rowsRejected: number;
      warnings: number;
      records: number;
      issues: ExtractIssue[];
    }
  | { kind: 'already-loaded'; uploadId: string }
  | { kind: 'refused'; uploadId: string; reason: string; issues: ExtractIssue[] };

async function fingerprint(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function saveIssues(sql: Sql, uploadId: string, issues: readonly ExtractIssue[]): Promise<void> {
  for (let start = 0; start < issues.length; start += 1000) {
    const slice = issues.slice(start, start + 1000);
    await sql.query(
      `insert into upload_issue (upload_id, line, column_name, severity, message)
       select $1, * from unnest($2::int[], $3::text[], $4::text[], $5::text[])`,
      [
        uploadId,
        slice.map((issue) => issue.line),
        slice.map((issue) => issue.column),
        slice.map((issue) => issue.severity),
        slice.map((issue) => issue.message),
      ],
    );
  }
}

/**
 * Loads one extract into a data flow. Rows go in, in batches, marked as loading and invisible to
 * everyone; the upload becomes visible (and supersedes the flow's previous one) in one short
 * transaction at the end. A crash before then leaves nothing visible.
 */
export async function uploadExtract(
  db: Database,
  actor: Actor,
  request: UploadRequest,
): Promise<UploadOutcome> {
  const fileName = request.fileName ?? basename(request.path);
  const contentSha256 = await fingerprint(request.path);
  const today = request.today ?? new Date().toISOString().slice(0, 10);

  const started = await db.asActor(actor, async (sql) => {
    const [flow] = await sql.query<{ id: string; organisation_id: string }>(
      'select id, organisation_id from data_flow where id = $1',
      [request.dataFlowId],
    );
    if (!flow) throw new Error(`There is no data flow ${request.dataFlowId}.`);
    const [previous] = await sql.query<{ id: string }>(
      `select id from upload where data_flow_id = $1 and content_sha256 = $2 and state in ('visible', 'superseded')`,
      [flow.id, contentSha256],
    );
    if (previous) return { duplicateOf: previous.id };
    const [upload] = await sql.query<{ id: string }>(
      `insert into upload (data_flow_id, organisation_id, file_name, content_sha256, uploaded_by)
       values ($1, $2, $3, $4, $5) returning id`,
      [flow.id, flow.organisation_id, fileName, contentSha256, actor.userId],
    );
    return { uploadId: upload!.id, organisationId: flow.organisation_id };
  });
  if ('duplicateOf' in started) return { kind: 'already-loaded', uploadId: started.duplicateOf! };
  const { uploadId, organisationId } = started as { uploadId: string; organisationId: string };

  const issues: ExtractIssue[] = [];
  let pending: (ExtractRow & { upload_id: string; organisation_id: string })[] = [];
  let rowsRead = 0;
  let summary: ExtractSummary | undefined;
  // One statement per batch: row-level security checks every row, which COPY FROM cannot do.
  const flush = async () => {
    if (pending.length === 0) return;
    const batch = JSON.stringify(pending);
    pending = [];
    await db.asActor(actor, (sql) =>
      sql.query(
        'insert into extract_row select * from jsonb_populate_recordset(null::extract_row, $1::jsonb)',
        [batch],
      ),
    );
  };
  try {
    for await (const event of readExtract(createReadStream(request.path), { file: fileName, today })) {
      if (event.kind === 'row') {
        rowsRead++;
        pending.push({ ...event.row, upload_id: uploadId, organisation_id: organisationId });
        if (pending.length >= batchSize) {
          await flush();
          request.onProgress?.(rowsRead);
        }
      } else if (event.kind === 'issue') {
        issues.push(event.issue);
      } else {
        summary = event.summary;
      }
    }
    await flush();
  } catch (error) {
    await discard(db, actor, uploadId);
    throw error;
  }

  const finished = await db.asActor(actor, async (sql) => {
    const rejected = summary?.rejectedRecordIds ?? [];
    if (rejected.length > 0) {
      await sql.query('delete from extract_row where upload_id = $1 and record_id = any ($2)', [
        uploadId,
        rejected,
      ]);
    }
    await saveIssues(sql, uploadId, issues);
    await sql.query(`update upload set state = 'superseded' where data_flow_id = $1 and state = 'visible'`, [
      request.dataFlowId,
    ]);
    await sql.query(
      `update upload set state = 'visible', finished_at = now(), rows_read = $2, rows_accepted = $3, rows_rejected = $4,
              warnings = $5, records = $6 where id = $1`,
      [
        uploadId,
        rowsRead,
        summary?.rowsAccepted ?? rowsRead,
        summary?.rowsRejected ?? 0,
        summary?.warnings ?? 0,
        summary?.records ?? 0,
      ],
    );
    await recordAudit(sql, {
      action: 'IMPORT_EXTRACT',
      subjectType: 'upload',
      subjectIds: [uploadId],
      subjectOrganisationId: organisationId,
      details: { rowsAccepted: summary?.rowsAccepted ?? rowsRead, rowsRejected: summary?.rowsRejected ?? 0 },
    });
    return summary;
  });
  return {
    kind: 'loaded',
    uploadId,
    rowsAccepted: finished?.rowsAccepted ?? rowsRead,
    rowsRejected: finished?.rowsRejected ?? 0,
    warnings: finished?.warnings ?? 0,
    records: finished?.records ?? 0,
    issues,
  };
}

async function discard(db: Database, actor: Actor, uploadId: string): Promise<void> {
  await db.asActor(actor, async (sql) => {
    await sql.query(`update upload set state = 'failed', finished_at = now() where id = $1`, [uploadId]);
    await sql.query('delete from extract_row where upload_id = $1', [uploadId]);
  });
}
