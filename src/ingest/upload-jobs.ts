import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor, Database } from '../db/index.ts';
import { isProcessAlive } from '../db/index.ts';
import { discardOrphanedUploads } from './orphaned-uploads.ts';
import {
  finishUpload,
  startUpload,
  type UploadOutcome,
  type UploadRequest,
  type UploadStart,
} from './upload.ts';

interface QueuedUpload {
  uploadId: string;
  run: () => Promise<UploadOutcome>;
  done: (outcome: UploadOutcome | undefined) => void;
}

/**
 * Uploads as background jobs of the web process: a request spools the file, the upload is started (checked
 * against the agreement, its row created) at once so its page can follow it, and the two reading passes run
 * here, one upload at a time. Spooled files are removed when their upload ends, and those of a process that
 * died are removed when the next one starts.
 */
export class UploadJobs {
  readonly spoolDirectory: string;
  private readonly db: Database;
  private readonly queue: QueuedUpload[] = [];
  private readonly waiting = new Map<string, Promise<UploadOutcome | undefined>>();
  private running: Promise<void> | undefined;
  private closed = false;
  private readonly onError: (error: unknown, uploadId: string) => void;
  private readonly onLoaded: (uploadId: string) => void;

  /** `onLoaded` hears of each upload made visible (identification follows uploads). */
  constructor(
    db: Database,
    options: {
      spoolRoot?: string;
      onError?: (error: unknown, uploadId: string) => void;
      onLoaded?: (uploadId: string) => void;
    } = {},
  ) {
    this.db = db;
    this.onLoaded = options.onLoaded ?? (() => {});
    const root = options.spoolRoot ?? join(tmpdir(), 'kindred-uploads');
    this.spoolDirectory = join(root, `${hostname()}-${process.pid}`);
    this.onError =
      options.onError ?? ((error, uploadId) => console.error(`upload ${uploadId} failed:`, error));
    mkdirSync(this.spoolDirectory, { recursive: true, mode: 0o700 });
    for (const entry of readdirSync(root)) {
      const match = /^(.*)-(\d+)$/.exec(entry);
      if (
        match &&
        match[1] === hostname() &&
        Number(match[2]) !== process.pid &&
        !isProcessAlive(Number(match[2]))
      ) {
        rmSync(join(root, entry), { recursive: true, force: true });
      }
    }
  }

  /** Uploads left loading by a process that died are discarded; run before the first job. */
  recoverOrphans(): Promise<string[]> {
    return discardOrphanedUploads(this.db);
  }

  /** Where to write an incoming file before it is submitted. */
  spoolPath(): string {
    return join(this.spoolDirectory, `${randomUUID()}.csv`);
  }

  /**
   * Starts an upload of a spooled file and queues its loading; the file is removed when the upload ends (at
   * once when it does not start). Resolves with the start: refused, already loaded, or started.
   */
  async submit(actor: Actor, request: UploadRequest): Promise<UploadStart> {
    if (this.closed) throw new Error('The service is stopping: try the upload again in a minute.');
    let started: UploadStart;
    try {
      started = await startUpload(this.db, actor, request);
    } catch (error) {
      await rm(request.path, { force: true });
      throw error;
    }
    if (started.kind !== 'started') {
      await rm(request.path, { force: true });
      return started;
    }
    const upload = started;
    let done!: (outcome: UploadOutcome | undefined) => void;
    this.waiting.set(
      upload.uploadId,
      new Promise((resolve) => {
        done = resolve;
      }),
    );
    this.queue.push({
      uploadId: upload.uploadId,
      run: () => finishUpload(this.db, actor, upload, request),
      done: (outcome) => {
        this.waiting.delete(upload.uploadId);
        void rm(request.path, { force: true });
        done(outcome);
      },
    });
    this.running ??= this.drain();
    return started;
  }

  /** The outcome of a queued or running upload; undefined when it is not this process's, or it failed. */
  outcome(uploadId: string): Promise<UploadOutcome | undefined> | undefined {
    return this.waiting.get(uploadId);
  }

  /** Waits for every queued upload to end; new ones are refused from now on. */
  async close(): Promise<void> {
    this.closed = true;
    await this.running;
    rmSync(this.spoolDirectory, { recursive: true, force: true });
  }

  private async drain(): Promise<void> {
    while (true) {
      const next = this.queue.shift();
      if (!next) break;
      try {
        const outcome = await next.run();
        next.done(outcome);
        if (outcome.kind === 'loaded') this.onLoaded(outcome.uploadId);
      } catch (error) {
        this.onError(error, next.uploadId);
        next.done(undefined);
      }
    }
    this.running = undefined;
  }
}
