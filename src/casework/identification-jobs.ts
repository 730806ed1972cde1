import type { Actor, Database } from '../db/index.ts';
import {
  completeIdentification,
  type IdentificationRequest,
  startIdentification,
} from './identification-run.ts';
import { discardOrphanedIdentificationRuns } from './orphaned-identification-runs.ts';

/**
 * Identification as a background job of the web process: the run is recorded at once so its page can follow
 * its progress, and the work runs here, one run at a time (the engine step in a worker thread, so pages are
 * answered meanwhile; a county's linkage still takes a processor for a while).
 */
export class IdentificationJobs {
  private readonly db: Database;
  private tail: Promise<void> = Promise.resolve();
  private readonly pending = new Set<string>();
  private readonly onError: (error: unknown, runId: string) => void;

  constructor(db: Database, options: { onError?: (error: unknown, runId: string) => void } = {}) {
    this.db = db;
    this.onError =
      options.onError ?? ((error, runId) => console.error(`identification ${runId} failed:`, error));
  }

  /** Runs left running by a process that died are failed and their rows removed; run before the first job. */
  recoverOrphans(): Promise<string[]> {
    return discardOrphanedIdentificationRuns(this.db);
  }

  /** Starts a run and queues its work; resolves with the run's id as soon as it is recorded. */
  async submit(actor: Actor, request: IdentificationRequest): Promise<string> {
    const runId = await startIdentification(this.db, actor, request);
    this.pending.add(runId);
    this.tail = this.tail.then(async () => {
      try {
        await completeIdentification(this.db, actor, runId, request);
      } catch (error) {
        this.onError(error, runId);
      } finally {
        this.pending.delete(runId);
      }
    });
    return runId;
  }

  /** Whether a run started by this process is still queued or working. */
  busy(): boolean {
    return this.pending.size > 0;
  }

  /** Lets the runs under way finish (the server waits for them before closing the database). */
  close(): Promise<void> {
    return this.tail;
  }
}
