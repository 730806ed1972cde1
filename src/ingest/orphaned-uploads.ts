import { hostname } from 'node:os';
import { recordAudit } from '../audit/index.ts';
import { type Actor, type Database, isProcessAlive, systemUserId } from '../db/index.ts';
import { loaderInstance } from './upload-record.ts';

/** A loader that has not reported for this long is taken to be gone, wherever it ran. */
export const silentLoaderMinutes = 10;

const platform: Actor = {
  userId: systemUserId,
  organisationId: systemUserId,
  purpose: 'operations',
  correlationId: `orphaned-uploads-${process.pid}`,
};

interface LoadingUpload {
  id: string;
  organisation_id: string;
  loader_host: string | null;
  loader_pid: number | null;
  loader_instance: string | null;
  silent: boolean;
}

/**
 * Discards uploads whose loading process died (killed, crashed, the machine restarted): they are marked failed
 * and their invisible rows removed. Run when the database is opened, before this process starts uploads of
 * its own. The embedded database is one process's, so there every upload still loading is orphaned; on a
 * server an upload is orphaned when its process on this machine is gone or its loader has been silent.
 */
export async function discardOrphanedUploads(db: Database): Promise<string[]> {
  const loading = await db.asActor(platform, (sql) =>
    sql.query<LoadingUpload>(
      `select id, organisation_id, loader_host, loader_pid, loader_instance,
              coalesce(heartbeat_at, started_at) < now() - make_interval(mins => $1) as silent
       from upload where state = 'loading'`,
      [silentLoaderMinutes],
    ),
  );
  const here = hostname();
  const orphans = loading.filter((upload) => {
    if (upload.loader_instance === loaderInstance) return false;
    if (db.kind === 'pglite' || upload.silent || upload.loader_instance === null) return true;
    return upload.loader_host === here && upload.loader_pid !== null && !isProcessAlive(upload.loader_pid);
  });
  for (const orphan of orphans) {
    await db.asActor(platform, async (sql) => {
      const [result] = await sql.query<{ removed: number }>(
        'select kindred_discard_orphaned_upload($1) as removed',
        [orphan.id],
      );
      await recordAudit(sql, {
        action: 'DELETE_ORPHANED_UPLOAD',
        subjectType: 'upload',
        subjectIds: [orphan.id],
        subjectOrganisationId: orphan.organisation_id,
        details: { rowsRemoved: Number(result?.removed ?? 0) },
      });
    });
  }
  return orphans.map((orphan) => orphan.id);
}
