import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { UploadTerms } from '../agreements/index.ts';
import type { CsvEncoding } from '../csv/index.ts';
import type { Sql } from '../db/index.ts';
import type { ColumnMapping } from './column-mapping.ts';
import type { ExtractIssue } from './extract-issue.ts';

/** Where an upload came from, for the audit log and the upload's page. */
export type UploadChannel = 'web' | 'api' | 'cli';

/** This process, as the loader of its uploads: another process can tell when it has gone. */
export const loaderInstance = randomUUID();

/** Each upload row's lifecycle; see 004_shared_data.sql and 009_ingestion.sql. */
export type UploadState = 'loading' | 'visible' | 'superseded' | 'failed' | 'refused';
export type UploadPhase = 'queued' | 'checking' | 'loading' | 'finishing';

export interface NewUpload {
  dataFlowId: string;
  organisationId: string;
  fileName: string;
  sha256: string;
  bytes: number;
  channel: UploadChannel;
  terms: UploadTerms | null;
  columnMapping: ColumnMapping | null;
  encoding: CsvEncoding;
  state: 'loading' | 'refused';
  reason?: string;
}

export async function insertUpload(sql: Sql, upload: NewUpload): Promise<string> {
  const [row] = await sql.query<{ id: string }>(
    `insert into upload (data_flow_id, organisation_id, file_name, content_sha256, uploaded_by, state, channel, phase,
                         byte_count, progress_total, agreement_version_id, agreement_reference, agreement_version,
                         column_mapping, encoding, reason, loader_host, loader_pid, loader_instance, heartbeat_at, finished_at)
     values ($1, $2, $3, $4, kindred_user_id(), $5, $6, $7, $8, $8, $9, $10, $11, $12::jsonb, $13, $14, $15, $16, $17, now(),
             case when $5 = 'loading' then null else now() end)
     returning id`,
    [
      upload.dataFlowId,
      upload.organisationId,
      upload.fileName,
      upload.sha256,
      upload.state,
      upload.channel,
      upload.state === 'loading' ? 'queued' : null,
      upload.bytes,
      upload.terms?.versionId ?? null,
      upload.terms?.reference ?? null,
      upload.terms?.version ?? null,
      upload.columnMapping === null ? null : JSON.stringify(upload.columnMapping),
      upload.encoding,
      upload.reason ?? null,
      hostname(),
      process.pid,
      loaderInstance,
    ],
  );
  return row!.id;
}

/** The upload already loaded from the same bytes into this flow, if any. */
export async function findSameUpload(
  sql: Sql,
  dataFlowId: string,
  sha256: string,
): Promise<string | undefined> {
  const [row] = await sql.query<{ id: string }>(
    `select id from upload where data_flow_id = $1 and content_sha256 = $2 and state in ('visible', 'superseded')`,
    [dataFlowId, sha256],
  );
  return row?.id;
}

export async function recordProgress(
  sql: Sql,
  uploadId: string,
  phase: UploadPhase,
  done: number,
  total: number | null,
): Promise<void> {
  await sql.query(
    `update upload set phase = $2, progress_done = $3, progress_total = $4, heartbeat_at = now() where id = $1`,
    [uploadId, phase, done, total],
  );
}

/** Issues in slices of a thousand rows per statement. */
export async function saveIssues(sql: Sql, uploadId: string, issues: readonly ExtractIssue[]): Promise<void> {
  for (let start = 0; start < issues.length; start += 1000) {
    const slice = issues.slice(start, start + 1000);
    await sql.query(
      `insert into upload_issue (upload_id, line, column_name, severity, message, record_id, agreement_breach)
       select $1, * from unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::boolean[])`,
      [
        uploadId,
        slice.map((issue) => issue.line),
        slice.map((issue) => issue.column),
        slice.map((issue) => issue.severity),
        slice.map((issue) => issue.message),
        slice.map((issue) => issue.recordId ?? null),
        slice.map((issue) => issue.agreementBreach === true),
      ],
    );
  }
}

/**
 * Removes the rows of records the identity rule rejects: it is decided only at the end of the file, after
 * their rows were sent. Returns how many rows went.
 */
export async function dropRejectedRecords(
  sql: Sql,
  uploadId: string,
  recordIds: readonly string[],
): Promise<number> {
  if (recordIds.length === 0) return 0;
  const [row] = await sql.query<{ dropped: number }>(
    `with dropped as (delete from extract_row where upload_id = $1 and record_id = any ($2) returning 1)
     select count(*)::int as dropped from dropped`,
    [uploadId, recordIds],
  );
  return row?.dropped ?? 0;
}

/** Ends an upload without making anything visible: refused (the agreement) or failed (the file, a fault). */
export async function closeUpload(
  sql: Sql,
  uploadId: string,
  state: 'refused' | 'failed',
  reason: string,
): Promise<void> {
  await sql.query(
    `update upload set state = $2, reason = $3, phase = null, finished_at = now() where id = $1 and state = 'loading'`,
    [uploadId, state, reason],
  );
}

export interface UploadCounts {
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  warnings: number;
  records: number;
}

/**
 * Makes a loaded upload the flow's current one in one short statement group: with full refresh the previous
 * visible upload is superseded (its rows stay, for audit, but drop out of current use).
 */
export async function makeVisible(
  sql: Sql,
  uploadId: string,
  dataFlowId: string,
  refresh: 'full' | 'incremental',
  counts: UploadCounts,
): Promise<void> {
  if (refresh === 'full') {
    await sql.query(`update upload set state = 'superseded' where data_flow_id = $1 and state = 'visible'`, [
      dataFlowId,
    ]);
  }
  await sql.query(
    `update upload set state = 'visible', phase = null, finished_at = now(), progress_done = $2::int, rows_read = $3,
            rows_accepted = $2::int, rows_rejected = $4, warnings = $5, records = $6
     where id = $1`,
    [uploadId, counts.rowsAccepted, counts.rowsRead, counts.rowsRejected, counts.warnings, counts.records],
  );
}

/** The counts of an upload that failed after its rows were read, so its page can say what was found. */
export async function recordCounts(sql: Sql, uploadId: string, counts: UploadCounts): Promise<void> {
  await sql.query(
    `update upload set rows_read = $2, rows_accepted = $3, rows_rejected = $4, warnings = $5, records = $6 where id = $1`,
    [uploadId, counts.rowsRead, counts.rowsAccepted, counts.rowsRejected, counts.warnings, counts.records],
  );
}
