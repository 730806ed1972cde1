import type { Sql } from '../db/index.ts';
import type { UploadChannel, UploadPhase, UploadState } from './upload-record.ts';

/** An upload as its page, the list and the API show it; row-level security decides who may see it. */
export interface UploadView {
  id: string;
  dataFlowId: string;
  source: string;
  flowTitle: string;
  organisationId: string;
  organisation: string;
  fileName: string;
  sha256: string;
  byteCount: number | null;
  channel: UploadChannel | null;
  state: UploadState;
  phase: UploadPhase | null;
  progressDone: number;
  progressTotal: number | null;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  warnings: number;
  records: number;
  agreementReference: string | null;
  agreementVersion: number | null;
  encoding: string;
  mapped: boolean;
  reason: string | null;
  uploadedByMe: boolean;
  uploadedBy: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  issueCount: number;
}

const uploadColumns = `u.id, u.data_flow_id, f.source, f.title as flow_title, u.organisation_id, o.name as organisation,
  u.file_name, u.content_sha256, u.byte_count, u.channel, u.state, u.phase, u.progress_done, u.progress_total,
  u.rows_read, u.rows_accepted, u.rows_rejected, u.warnings, u.records, u.agreement_reference, u.agreement_version,
  u.encoding, u.column_mapping is not null as mapped, u.reason, u.uploaded_by = kindred_user_id() as uploaded_by_me,
  p.display_name as uploaded_by, u.started_at, u.finished_at`;

const uploadFrom = `from upload u join data_flow f on f.id = u.data_flow_id join organisation o on o.id = u.organisation_id
  left join app_user p on p.id = u.uploaded_by`;

interface UploadRow {
  id: string;
  data_flow_id: string;
  source: string;
  flow_title: string;
  organisation_id: string;
  organisation: string;
  file_name: string;
  content_sha256: string;
  byte_count: number | null;
  channel: UploadChannel | null;
  state: UploadState;
  phase: UploadPhase | null;
  progress_done: number;
  progress_total: number | null;
  rows_read: number;
  rows_accepted: number;
  rows_rejected: number;
  warnings: number;
  records: number;
  agreement_reference: string | null;
  agreement_version: number | null;
  encoding: string;
  mapped: boolean;
  reason: string | null;
  uploaded_by_me: boolean;
  uploaded_by: string | null;
  started_at: Date;
  finished_at: Date | null;
  issue_count?: number;
}

const toView = (row: UploadRow): UploadView => ({
  id: row.id,
  dataFlowId: row.data_flow_id,
  source: row.source,
  flowTitle: row.flow_title,
  organisationId: row.organisation_id,
  organisation: row.organisation,
  fileName: row.file_name,
  sha256: row.content_sha256,
  byteCount: row.byte_count === null ? null : Number(row.byte_count),
  channel: row.channel,
  state: row.state,
  phase: row.phase,
  progressDone: Number(row.progress_done),
  progressTotal: row.progress_total === null ? null : Number(row.progress_total),
  rowsRead: row.rows_read,
  rowsAccepted: row.rows_accepted,
  rowsRejected: row.rows_rejected,
  warnings: row.warnings,
  records: row.records,
  agreementReference: row.agreement_reference,
  agreementVersion: row.agreement_version,
  encoding: row.encoding,
  mapped: row.mapped,
  reason: row.reason,
  uploadedByMe: row.uploaded_by_me,
  uploadedBy: row.uploaded_by,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  issueCount: Number(row.issue_count ?? 0),
});

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One upload; its issues are counted unless `countIssues` is false (progress polls do not need them). */
export async function findUpload(
  sql: Sql,
  uploadId: string,
  options: { countIssues?: boolean } = {},
): Promise<UploadView | undefined> {
  if (!uuidPattern.test(uploadId)) return undefined;
  const issueCount =
    options.countIssues === false ? '0' : '(select count(*) from upload_issue i where i.upload_id = u.id)';
  const [row] = await sql.query<UploadRow>(
    `select ${uploadColumns}, ${issueCount} as issue_count ${uploadFrom} where u.id = $1`,
    [uploadId],
  );
  return row ? toView(row) : undefined;
}

/** The newest uploads the actor may see, optionally of one data flow. */
export async function listUploads(
  sql: Sql,
  options: { limit: number; dataFlowId?: string },
): Promise<UploadView[]> {
  const rows = await sql.query<UploadRow>(
    `select ${uploadColumns} ${uploadFrom} where ($2::uuid is null or u.data_flow_id = $2)
     order by u.started_at desc limit $1`,
    [options.limit, options.dataFlowId ?? null],
  );
  return rows.map(toView);
}

/** A data flow as the upload pages name it. */
export interface FlowView {
  id: string;
  source: string;
  title: string;
  organisationId: string;
  organisation: string;
}

/** The data flows an organisation sends, by title. */
export async function flowsOfOrganisation(sql: Sql, organisationId: string): Promise<FlowView[]> {
  const rows = await sql.query<{
    id: string;
    source: string;
    title: string;
    organisation_id: string;
    organisation: string;
  }>(
    `select f.id, f.source, f.title, f.organisation_id, o.name as organisation
     from data_flow f join organisation o on o.id = f.organisation_id where f.organisation_id = $1 order by f.title`,
    [organisationId],
  );
  return rows.map((row) => ({
    id: row.id,
    source: row.source,
    title: row.title,
    organisationId: row.organisation_id,
    organisation: row.organisation,
  }));
}

export async function findFlowBySource(sql: Sql, source: string): Promise<FlowView | undefined> {
  const [row] = await sql.query<{
    id: string;
    source: string;
    title: string;
    organisation_id: string;
    organisation: string;
  }>(
    `select f.id, f.source, f.title, f.organisation_id, o.name as organisation
     from data_flow f join organisation o on o.id = f.organisation_id where f.source = $1`,
    [source],
  );
  return row
    ? {
        id: row.id,
        source: row.source,
        title: row.title,
        organisationId: row.organisation_id,
        organisation: row.organisation,
      }
    : undefined;
}
