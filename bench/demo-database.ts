/** The demo council in an embedded database directory, for the benchmarks that measure runs on it. */
import { join } from 'node:path';
import { type Actor, type Database, openPglite } from '../src/db/index.ts';
import { hasDemoCouncil, loadDemoCouncil } from '../src/demo/index.ts';

export const seconds = (since: number): number => Number(((performance.now() - since) / 1000).toFixed(2));

/** Opens the directory's database, loading the demo council of `people` first when it is not there. */
export async function openDemoDatabase(dataDirectory: string, people: number): Promise<Database> {
  const db = await openPglite({ dataDirectory });
  if (!(await hasDemoCouncil(db))) {
    const started = performance.now();
    await loadDemoCouncil(db, {
      people,
      workDirectory: join(dataDirectory, 'demo-extracts'),
      announce: false,
    });
    console.log(JSON.stringify({ step: 'demo loaded', seconds: seconds(started) }));
  }
  return db;
}

/** The demo coordinator, acting for identification. */
export async function demoCoordinator(db: Database, correlationId: string): Promise<Actor> {
  const [coordinator] = await db.asOwner((sql) =>
    sql.query<{ id: string; organisation_id: string }>(
      `select id, organisation_id from app_user where email = 'coordinator@northshire.example'`,
    ),
  );
  return {
    userId: coordinator!.id,
    organisationId: coordinator!.organisation_id,
    purpose: 'programme-identification',
    correlationId,
  };
}
