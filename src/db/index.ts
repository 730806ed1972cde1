/** The database: PGlite embedded by default, a PostgreSQL server when DATABASE_URL is set. */
import { resolve } from 'node:path';
import type { Database } from './database.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

export type { Actor } from './actor.ts';
export { systemUserId } from './actor.ts';
export type { Database, DatabaseKind } from './database.ts';
export { openPglite } from './pglite.ts';
export { openPostgres } from './postgres.ts';
export { isProcessAlive } from './process-alive.ts';
export type { Sql } from './sql.ts';

export interface DatabaseChoice {
  databaseUrl?: string;
  dataDirectory?: string;
}

/** Where the data directory of the embedded database is, unless told otherwise. */
export const defaultDataDirectory = (): string => resolve(process.env.KINDRED_DATA_DIR ?? 'data');

export function openDatabase(choice: DatabaseChoice = {}): Promise<Database> {
  const url = choice.databaseUrl ?? process.env.DATABASE_URL;
  if (url) return openPostgres({ adminUrl: url, applicationUrl: process.env.KINDRED_APP_DATABASE_URL });
  return openPglite({ dataDirectory: choice.dataDirectory ?? defaultDataDirectory() });
}
