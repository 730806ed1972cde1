import { hostname } from 'node:os';
import { recordAudit } from '../audit/index.ts';
import { type Actor, type Database, isProcessAlive, systemUserId } from '../db/index.ts';
import { runnerInstance } from './identification-run.ts';

/** A run that has not beaten for this long is taken to be gone, wherever it ran (a run beats every minute). */
export const silentRunMinutes = 10;

const platform: Actor = {
  userId: systemUserId,
  organisationId: systemUserId,
  purpose: 'operations',
  correlationId: `orphaned-identification-runs-${process.pid}`,
};

interface RunningRun {
  id: string;
  council_id: string;
  runner_host: string | null;
  runner_pid: number | null;
  runner_instance: string | null;
  silent: boolean;
}

/**
 * Discards identification runs whose process died (killed, crashed, the machine restarted): each is marked
 * failed with the reason and the rows it had written are removed. Run when the database is opened, before
 * this process starts runs of its own. The embedded database is one process's, so there every run still
 * running is orphaned; on a server a run is orphaned when its process on this machine is gone or it has
 * stopped beating.
 */
export async function discardOrphanedIdentificationRuns(db: Database): Promise<string[]> {
  const running = await db.asActor(platform, (sql) =>
    sql.query<RunningRun>('select * from kindred_running_identification_runs($1)', [silentRunMinutes]),
  );
  const here = hostname();
  const orphans = running.filter((run) => {
    if (run.runner_instance === runnerInstance) return false;
    if (db.kind === 'pglite' || run.silent || run.runner_instance === null) return true;
    return run.runner_host === here && run.runner_pid !== null && !isProcessAlive(run.runner_pid);
  });
  for (const orphan of orphans) {
    await db.asActor(platform, async (sql) => {
      const [result] = await sql.query<{ removed: number }>(
        'select kindred_discard_orphaned_identification_run($1) as removed',
        [orphan.id],
      );
      await recordAudit(sql, {
        action: 'DELETE_ORPHANED_IDENTIFICATION_RUN',
        subjectType: 'identification_run',
        subjectIds: [orphan.id],
        subjectOrganisationId: orphan.council_id,
        details: { rowsRemoved: Number(result?.removed ?? 0) },
      });
    });
  }
  return orphans.map((orphan) => orphan.id);
}
