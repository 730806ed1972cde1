import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { agreementTermsForUpload, type UploadTerms } from '../agreements/index.ts';
import { recordAudit } from '../audit/index.ts';
import type { CsvEncoding } from '../csv/index.ts';
import type { Actor, Database } from '../db/index.ts';
import { scanForAgreement } from './agreement-scan.ts';
import { localToday } from './calendar-date.ts';
import { type ExtractFingerprint, fingerprintExtract } from './extract-fingerprint.ts';
import { readHeaderColumns } from './extract-header-columns.ts';
import { ExtractFileError, type ExtractIssue } from './extract-issue.ts';
import { type ExtractSummary, readExtractBatches } from './read-extract.ts';
import { RowBatchWriter } from './row-batch-writer.ts';
import { columnsBeyondAgreement, FactCodeBreaches, refusalForColumns } from './upload-agreement.ts';
import {
  closeUpload,
  dropRejectedRecords,
  findSameUpload,
  insertUpload,
  makeVisible,
  recordCounts,
  recordProgress,
  saveIssues,
  type UploadChannel,
  type UploadCounts,
} from './upload-record.ts';
import { findUploadSettings, type UploadSettings } from './upload-settings.ts';

export interface UploadProgress {
  /** checking: the pass against the agreement; loading: the loading pass. Done and total are bytes of the file. */
  phase: 'checking' | 'loading';
  done: number;
  total: number;
}

export interface UploadRequest {
  dataFlowId: string;
  /** The file on disk; read three times at most: fingerprinted (unless given), checked, loaded. */
  path: string;
  fileName?: string;
  /** The day of the upload (YYYY-MM-DD): the agreement must be in force, and later dates are refused. */
  today?: string;
  /** Known already when the file was spooled from a request. */
  fingerprint?: ExtractFingerprint;
  channel?: UploadChannel;
  /** How the file's bytes are text, when it differs from the flow's saved settings. */
  encoding?: CsvEncoding;
  onProgress?: (progress: UploadProgress) => void;
}

/** Counts and the first issues of a loaded upload; every issue is stored with the upload. */
export interface LoadedUpload {
  kind: 'loaded';
  uploadId: string;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  warnings: number;
  records: number;
  /** How many issues there are in all; `issues` holds the first of them. */
  issueCount: number;
  issues: ExtractIssue[];
  agreement: { reference: string; version: number };
}

export type UploadOutcome =
  | LoadedUpload
  | { kind: 'already-loaded'; uploadId: string }
  /** Refused by the agreement (or the uploader's role): nothing was stored but the refusal itself. */
  | { kind: 'refused'; uploadId: string | null; reason: string; issues: ExtractIssue[] }
  /** The file could not be loaded (unreadable, no rows, no row acceptable): nothing of it is in use. */
  | { kind: 'failed'; uploadId: string; reason: string; issues: ExtractIssue[] };

/** An upload accepted for loading: its row exists (state loading), the loading passes are still to run. */
export interface StartedUpload {
  kind: 'started';
  uploadId: string;
  dataFlowId: string;
  organisationId: string;
  fileName: string;
  channel: UploadChannel;
  fingerprint: ExtractFingerprint;
  terms: UploadTerms;
  settings: UploadSettings;
  encoding: CsvEncoding;
  today: string;
}

export type UploadStart = StartedUpload | Exclude<UploadOutcome, LoadedUpload | { kind: 'failed' }>;

/** Issues kept in memory for the outcome; all of them are stored in upload_issue. */
const issuesKept = 100;

/**
 * The checks that need no reading of the file: the flow, the uploader's role, the agreement in force, a file
 * already loaded. A refusal by an organisation's own data officer is kept as a refused upload; an upload that
 * may go ahead gets its row (loading, queued) so its progress can be followed at once.
 */
export async function startUpload(db: Database, actor: Actor, request: UploadRequest): Promise<UploadStart> {
  const fileName = request.fileName ?? basename(request.path);
  const today = request.today ?? localToday();
  const fingerprint = request.fingerprint ?? (await fingerprintExtract(request.path));
  const channel = request.channel ?? 'cli';
  return db.asActor(actor, async (sql) => {
    const [flow] = await sql.query<{
      id: string;
      organisation_id: string;
      source: string;
      uploader_organisation: string | null;
      may_upload: boolean;
    }>(
      `select id, organisation_id, source, kindred_user_organisation() as uploader_organisation,
              kindred_has_role('partner_data_officer') or kindred_has_role('administrator') as may_upload
       from data_flow where id = $1`,
      [request.dataFlowId],
    );
    if (!flow) throw new Error(`There is no data flow ${request.dataFlowId}.`);
    const uploaderOrganisation = flow.uploader_organisation ?? actor.organisationId;
    const refuse = async (reason: string, uploadId: string | null): Promise<UploadStart> => {
      await recordAudit(sql, {
        action: 'IMPORT_EXTRACT_REFUSED',
        subjectType: uploadId === null ? 'data_flow' : 'upload',
        subjectIds: [uploadId ?? flow.id],
        subjectOrganisationId: flow.organisation_id,
        details: { dataFlow: flow.source, channel, sha256: fingerprint.sha256, reason },
      });
      return { kind: 'refused', uploadId, reason, issues: [] };
    };
    const answer = await agreementTermsForUpload(sql, flow.id, uploaderOrganisation, today);
    if (!flow.may_upload) {
      return refuse(
        `Only a partner data officer can upload extracts; your account does not have that role. Nothing was loaded.`,
        null,
      );
    }
    const settings = await findUploadSettings(sql, flow.id);
    const encoding = request.encoding ?? settings.encoding;
    const ownFlow = flow.organisation_id === uploaderOrganisation;
    if (!answer.ok) {
      const reason = `Refused: ${answer.reason}`;
      if (!ownFlow) return refuse(reason, null);
      const uploadId = await insertUpload(sql, {
        dataFlowId: flow.id,
        organisationId: flow.organisation_id,
        fileName,
        sha256: fingerprint.sha256,
        bytes: fingerprint.bytes,
        channel,
        terms: null,
        columnMapping: settings.columnMapping,
        encoding,
        state: 'refused',
        reason,
      });
      return refuse(reason, uploadId);
    }
    const previous = await findSameUpload(sql, flow.id, fingerprint.sha256);
    if (previous) {
      await recordAudit(sql, {
        action: 'IMPORT_EXTRACT_DUPLICATE',
        subjectType: 'upload',
        subjectIds: [previous],
        subjectOrganisationId: flow.organisation_id,
        details: { dataFlow: flow.source, channel, sha256: fingerprint.sha256 },
      });
      return { kind: 'already-loaded', uploadId: previous };
    }
    const uploadId = await insertUpload(sql, {
      dataFlowId: flow.id,
      organisationId: flow.organisation_id,
      fileName,
      sha256: fingerprint.sha256,
      bytes: fingerprint.bytes,
      channel,
      terms: answer.terms,
      columnMapping: settings.columnMapping,
      encoding,
      state: 'loading',
    });
    return {
      kind: 'started',
      uploadId,
      dataFlowId: flow.id,
      organisationId: flow.organisation_id,
      fileName,
      channel,
      fingerprint,
      terms: answer.terms,
      settings,
      encoding,
      today,
    };
  });
}

/** Bytes passed on from a stream, counted on the way for progress. */
async function* counted(path: string, tally: { bytes: number }): AsyncGenerator<Uint8Array> {
  const input = createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    for await (const chunk of input) {
      tally.bytes += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
  } finally {
    input.destroy();
  }
}

const heartbeatMs = 2000;

/** Sends progress (in bytes of the file) and the heartbeat every few seconds of a reading pass. */
function progressReporter(
  db: Database,
  actor: Actor,
  upload: StartedUpload,
  phase: 'checking' | 'loading',
  tally: { bytes: number },
  onProgress?: (progress: UploadProgress) => void,
) {
  const total = upload.fingerprint.bytes;
  let lastBeat = Date.now();
  onProgress?.({ phase, done: 0, total });
  return {
    /** Only the checking pass records it: the loading pass's batches carry their own progress. */
    async beat(record: boolean): Promise<void> {
      const now = Date.now();
      if (now - lastBeat < heartbeatMs) return;
      lastBeat = now;
      onProgress?.({ phase, done: tally.bytes, total });
      if (record)
        await db.asActor(actor, (sql) => recordProgress(sql, upload.uploadId, phase, tally.bytes, total));
    },
    end(): void {
      onProgress?.({ phase, done: total, total });
    },
  };
}

/** The pass before any row is stored: every fact code against the agreement (and the file readable at all). */
async function checkFile(
  db: Database,
  actor: Actor,
  upload: StartedUpload,
  path: string,
  onProgress?: (progress: UploadProgress) => void,
): Promise<{ rowsRead: number; breaches: FactCodeBreaches; breachIssues: ExtractIssue[] }> {
  const tally = { bytes: 0 };
  const progress = progressReporter(db, actor, upload, 'checking', tally, onProgress);
  const scan = await scanForAgreement(counted(path, tally), {
    file: upload.fileName,
    today: upload.today,
    mapping: upload.settings.columnMapping ?? undefined,
    encoding: upload.encoding,
    allowedFactCodes: new Set(upload.terms.factCodes),
    onBatch: () => progress.beat(true),
  });
  progress.end();
  const breaches = new FactCodeBreaches();
  for (const issue of scan.breachIssues) breaches.add(issue.factCode ?? '', issue.line);
  breaches.total = scan.breaches;
  return { rowsRead: scan.rowsRead, breaches, breachIssues: scan.breachIssues };
}

interface LoadResult {
  summary: ExtractSummary;
  /** Rows sent to the database, the rows of records the identity rule rejects among them. */
  rowsSent: number;
  issueCount: number;
  issues: ExtractIssue[];
  breaches: FactCodeBreaches;
}

/** The loading pass: every rule; accepted rows and every issue are stored in batches. */
async function loadFile(
  db: Database,
  actor: Actor,
  upload: StartedUpload,
  path: string,
  onProgress?: (progress: UploadProgress) => void,
): Promise<LoadResult> {
  const tally = { bytes: 0 };
  const progress = progressReporter(db, actor, upload, 'loading', tally, onProgress);
  const writer = new RowBatchWriter(
    db,
    actor,
    upload.uploadId,
    upload.organisationId,
    upload.fingerprint.bytes,
  );
  const kept: ExtractIssue[] = [];
  const breaches = new FactCodeBreaches();
  let issueCount = 0;
  let summary: ExtractSummary | undefined;
  const events = readExtractBatches(counted(path, tally), {
    file: upload.fileName,
    today: upload.today,
    mapping: upload.settings.columnMapping ?? undefined,
    encoding: upload.encoding,
    allowedFactCodes: new Set(upload.terms.factCodes),
  });
  try {
    for await (const batch of events) {
      for (const event of batch) {
        if (event.kind === 'row') writer.add(event.row);
        else if (event.kind === 'issue') {
          issueCount++;
          if (event.issue.agreementBreach) breaches.add(event.issue.factCode ?? '', event.issue.line);
          if (kept.length < issuesKept) kept.push(event.issue);
          writer.addIssue(event.issue);
        } else summary = event.summary;
      }
      if (writer.full) await writer.flush(tally.bytes);
      await progress.beat(false);
    }
    await writer.flush(tally.bytes);
    await writer.settle();
  } catch (error) {
    await writer.settle().catch(() => undefined);
    throw error;
  }
  progress.end();
  return { summary: summary!, rowsSent: writer.rowsSent, issueCount, issues: kept, breaches };
}

const countsOf = (summary: ExtractSummary): UploadCounts => ({
  rowsRead: summary.rowsRead,
  rowsAccepted: summary.rowsAccepted,
  rowsRejected: summary.rowsRejected,
  warnings: summary.warnings,
  records: summary.records,
});

/** Why a file with no loadable rows is not made current, so the previous upload stays in use. */
function emptyResult(summary: ExtractSummary): string | null {
  if (summary.rowsRead === 0) {
    return 'The file has a header but no rows, so there was nothing to load. The data flow’s previous upload stays in use.';
  }
  if (summary.rowsAccepted === 0) {
    return (
      `None of the file’s ${summary.rowsRead.toLocaleString('en-GB')} rows could be accepted, so nothing was loaded and ` +
      'the data flow’s previous upload stays in use. Download the rejected rows to see why each was rejected.'
    );
  }
  return null;
}

/**
 * Reads a started upload twice — checking every row and fact code against the agreement, then loading — and
 * makes it visible in one short transaction. Any failure leaves the upload failed and its rows removed.
 */
export async function finishUpload(
  db: Database,
  actor: Actor,
  upload: StartedUpload,
  request: Pick<UploadRequest, 'path' | 'onProgress'>,
): Promise<UploadOutcome> {
  const { uploadId } = upload;
  const onProgress = request.onProgress;
  const audit = {
    subjectType: 'upload',
    subjectIds: [uploadId],
    subjectOrganisationId: upload.organisationId,
  } as const;
  const stop = async (
    state: 'refused' | 'failed',
    reason: string,
    issues: ExtractIssue[],
    counts?: UploadCounts,
  ) => {
    await db.asActor(actor, async (sql) => {
      await sql.query('delete from extract_row where upload_id = $1', [uploadId]);
      if (state === 'refused') await saveIssues(sql, uploadId, issues);
      if (counts) await recordCounts(sql, uploadId, counts);
      await closeUpload(sql, uploadId, state, reason);
      await recordAudit(sql, {
        action: state === 'refused' ? 'IMPORT_EXTRACT_REFUSED' : 'IMPORT_EXTRACT_FAILED',
        ...audit,
        details: { channel: upload.channel, reason },
      });
    });
    return { kind: state, uploadId, reason, issues } as UploadOutcome;
  };

  try {
    const before = await stat(request.path);
    await db.asActor(actor, (sql) => recordProgress(sql, uploadId, 'checking', 0, upload.fingerprint.bytes));
    const columns = await readHeaderColumns(request.path, {
      file: upload.fileName,
      encoding: upload.encoding,
      mapping: upload.settings.columnMapping ?? undefined,
    });
    const beyond = columnsBeyondAgreement(columns, upload.terms);
    if (beyond.length > 0)
      return await stop('refused', `Refused: ${refusalForColumns(upload.terms, beyond)}`, []);

    const checked = await checkFile(db, actor, upload, request.path, onProgress);
    if (checked.breaches.rows > 0) {
      return await stop(
        'refused',
        `Refused: ${checked.breaches.refusal(upload.terms)}`,
        checked.breachIssues,
      );
    }
    await db.asActor(actor, (sql) => recordProgress(sql, uploadId, 'loading', 0, upload.fingerprint.bytes));
    const loaded = await loadFile(db, actor, upload, request.path, onProgress);
    const after = await stat(request.path);
    if (
      after.size !== before.size ||
      after.mtimeMs !== before.mtimeMs ||
      loaded.summary.rowsRead !== checked.rowsRead
    ) {
      return await stop(
        'failed',
        'The file changed while it was being loaded, so nothing of it was kept. Upload it again once it is complete.',
        [],
      );
    }
    if (loaded.breaches.rows > 0) {
      // The checking pass and the validator disagree: the agreement still wins, and nothing is kept.
      return await stop('refused', `Refused: ${loaded.breaches.refusal(upload.terms)}`, []);
    }
    const counts = countsOf(loaded.summary);
    const empty = emptyResult(loaded.summary);
    if (empty !== null) return await stop('failed', empty, loaded.issues, counts);

    await db.asActor(actor, async (sql) => {
      await recordProgress(sql, uploadId, 'finishing', upload.fingerprint.bytes, upload.fingerprint.bytes);
      const dropped = await dropRejectedRecords(sql, uploadId, loaded.summary.rejectedRecordIds);
      if (loaded.rowsSent - dropped !== counts.rowsAccepted) {
        throw new Error(
          `loaded ${loaded.rowsSent - dropped} rows where ${counts.rowsAccepted} were accepted`,
        );
      }
      await makeVisible(sql, uploadId, upload.dataFlowId, upload.settings.refresh, counts);
      await recordAudit(sql, {
        action: 'IMPORT_EXTRACT',
        ...audit,
        details: {
          rowsAccepted: counts.rowsAccepted,
          rowsRejected: counts.rowsRejected,
          warnings: counts.warnings,
          records: counts.records,
          agreement: upload.terms.reference,
          agreementVersion: upload.terms.version,
        },
      });
    });
    return {
      kind: 'loaded',
      uploadId,
      ...counts,
      issueCount: loaded.issueCount,
      issues: loaded.issues,
      agreement: { reference: upload.terms.reference, version: upload.terms.version },
    };
  } catch (error) {
    if ((error as { code?: string }).code === '23505') {
      // The same file became visible through another upload while this one loaded.
      await stop(
        'failed',
        'The same file was loaded by another upload at the same time; this copy was not kept.',
        [],
      );
      const original = await db.asActor(actor, (sql) =>
        findSameUpload(sql, upload.dataFlowId, upload.fingerprint.sha256),
      );
      if (original) return { kind: 'already-loaded', uploadId: original };
    }
    if (error instanceof ExtractFileError) return await stop('failed', error.message, []);
    await stop(
      'failed',
      `The upload failed because of a fault in the service (${(error as Error).message}). Nothing of it was kept; try again.`,
      [],
    ).catch(() => undefined);
    throw error;
  }
}

/**
 * Loads one extract into a data flow, governed by the flow's agreement: refused (nothing stored) when the
 * agreement does not cover the uploader, a column or a fact code; otherwise accepted rows are loaded in
 * batches, invisible, and the upload made visible (superseding the flow's previous one) in one short
 * transaction. The same file again is recognised by its SHA-256 and not loaded twice.
 */
export async function uploadExtract(
  db: Database,
  actor: Actor,
  request: UploadRequest,
): Promise<UploadOutcome> {
  const started = await startUpload(db, actor, request);
  if (started.kind !== 'started') return started;
  return finishUpload(db, actor, started, request);
}
