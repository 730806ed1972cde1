import type { Actor, Database } from '../db/index.ts';
import type { ExtractRow } from './extract-columns.ts';
import type { ExtractIssue } from './extract-issue.ts';
import { rowBatchInsert } from './extract-row-insert.ts';
import { recordProgress, saveIssues } from './upload-record.ts';

/** Rows per transaction: short enough that the embedded database keeps answering pages between batches. */
export const rowsPerBatch = 10000;

/**
 * Sends an upload's rows and issues in batches, each batch one transaction as the uploader (rows invisible
 * until the upload is made visible), with the upload's progress and heartbeat. On the PostgreSQL server one
 * batch is written while the next is read and checked; PGlite runs in this thread, so there batches go one
 * at a time.
 */
export class RowBatchWriter {
  private readonly db: Database;
  private readonly actor: Actor;
  private readonly uploadId: string;
  private readonly organisationId: string;
  private readonly bytes: number;
  private readonly window: number;
  private rows: ExtractRow[] = [];
  private issues: ExtractIssue[] = [];
  private readonly inFlight: Promise<void>[] = [];
  private failure: unknown;
  /** Rows handed to the database so far. */
  rowsSent = 0;

  /** `bytes`: the file's size, against which progress is counted. */
  constructor(db: Database, actor: Actor, uploadId: string, organisationId: string, bytes: number) {
    this.db = db;
    this.actor = actor;
    this.uploadId = uploadId;
    this.organisationId = organisationId;
    this.bytes = bytes;
    this.window = db.kind === 'postgres' ? 4 : 1;
  }

  add(row: ExtractRow): void {
    this.rows.push(row);
  }

  addIssue(issue: ExtractIssue): void {
    this.issues.push(issue);
  }

  get full(): boolean {
    return this.rows.length >= rowsPerBatch || this.issues.length >= rowsPerBatch;
  }

  /** Sends what is pending, with the bytes of the file read so far; waits only when the window is full. */
  async flush(bytesRead: number): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    if (this.rows.length === 0 && this.issues.length === 0) return;
    const rows = this.rows;
    const issues = this.issues;
    this.rows = [];
    this.issues = [];
    this.rowsSent += rows.length;
    const insert =
      rows.length > 0 ? rowBatchInsert(this.db.kind, this.uploadId, this.organisationId, rows) : null;
    const sending = this.db
      .asActor(this.actor, async (sql) => {
        // A batch need not wait for its commit to reach the disk: its rows are invisible, and an upload cut
        // short by a crash is discarded. Making the upload visible is an ordinary, durable commit.
        await sql.query(`set local synchronous_commit = off`);
        if (insert) await sql.query(insert.text, insert.params);
        if (issues.length > 0) await saveIssues(sql, this.uploadId, issues);
        await recordProgress(sql, this.uploadId, 'loading', bytesRead, this.bytes);
      })
      .catch((error: unknown) => {
        this.failure ??= error;
      });
    this.inFlight.push(sending);
    while (this.inFlight.length >= this.window) await this.inFlight.shift();
    if (this.failure !== undefined) throw this.failure;
  }

  /** Waits for every batch in flight; throws the first failure. */
  async settle(): Promise<void> {
    while (this.inFlight.length > 0) await this.inFlight.shift();
    if (this.failure !== undefined) throw this.failure;
  }
}
