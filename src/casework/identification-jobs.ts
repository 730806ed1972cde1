import { compileFramework } from '../criteria/index.ts';
import type { Actor, Database } from '../db/index.ts';
import { localToday } from '../ingest/index.ts';
import { councilFrameworkSource } from '../outcomes-plan/index.ts';
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
  /** Uploads made visible since a run after uploads was queued; that run takes them all up. */
  private uploadsWaiting: string[] = [];
  private closed = false;

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

  /**
   * After an upload becomes visible, the council that keeps its agreement identifies its families again as the
   * coordinator of its newest run did: the same framework, assessed today, linking only the new uploads'
   * records. Uploads that land while runs are queued or working are taken up together by one more run.
   */
  afterUpload(uploadId: string): void {
    // While the service stops, an upload's run is left to the next upload or the coordinator.
    if (this.closed) return;
    this.uploadsWaiting.push(uploadId);
    if (this.uploadsWaiting.length > 1) return;
    // Queued as a run is, so a coordinator asking for another meanwhile is told one is already running.
    const queued = `after-upload-${uploadId}`;
    this.pending.add(queued);
    this.tail = this.tail.then(async () => {
      const uploads = this.uploadsWaiting;
      this.uploadsWaiting = [];
      try {
        const basis = await this.runAfterUploads(uploads);
        if (!basis) return;
        await completeIdentification(this.db, basis.actor, basis.runId, basis.request);
      } catch (error) {
        this.onError(error, `after uploads ${uploads.join(', ')}`);
      } finally {
        this.pending.delete(queued);
      }
    });
  }

  /** Starts the run that follows these uploads, or says there is none to make (no earlier run to follow). */
  private async runAfterUploads(
    uploads: readonly string[],
  ): Promise<{ actor: Actor; runId: string; request: IdentificationRequest } | undefined> {
    // Who ran the council's newest run is not the uploader's to read: the platform looks it up.
    const [newest] = await this.db.asOwner((sql) =>
      sql.query<{ councilId: string; runBy: string; frameworkId: string }>(
        `select r.council_id as "councilId", r.run_by as "runBy", r.framework_id as "frameworkId"
         from upload u join data_flow f on f.id = u.data_flow_id join agreement a on a.id = f.agreement_id
         join identification_run r on r.council_id = a.organisation_id and r.state = 'finished'
         join app_user c on c.id = r.run_by and c.active and 'coordinator' = any (c.roles)
         where u.id = any ($1::uuid[]) and u.state = 'visible'
         order by r.finished_at desc limit 1`,
        [uploads],
      ),
    );
    if (!newest) return undefined;
    const actor: Actor = {
      userId: newest.runBy,
      organisationId: newest.councilId,
      purpose: 'programme-identification',
      correlationId: `after-upload-${uploads[uploads.length - 1]}`,
    };
    const source = await this.db.asActor(actor, (sql) => councilFrameworkSource(sql, newest.frameworkId));
    if (!source) return undefined;
    const request: IdentificationRequest = {
      framework: compileFramework(source.definition, {
        file: `${newest.frameworkId}.json`,
        library: source.library,
      }),
      library: source.library,
      asOf: localToday(),
      linking: 'incremental',
      afterUploads: [...uploads],
    };
    const runId = await startIdentification(this.db, actor, request);
    return { actor, runId, request };
  }

  /** Whether a run started by this process is still queued or working. */
  busy(): boolean {
    return this.pending.size > 0;
  }

  /** Lets the runs under way finish (the server waits for them before closing the database). */
  close(): Promise<void> {
    this.closed = true;
    return this.tail;
  }
}
