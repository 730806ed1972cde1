/** A database that the `kindred` command and the test both open: a PGlite data directory, or a server database. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { testServerUrl } from '../../test/support/databases.ts';
import { type Database, openPglite, openPostgres } from '../db/index.ts';

export interface CommandDatabase {
  /** The environment that points `kindred` at it. */
  env: Record<string, string | undefined>;
  /** Opens it in this process (close it before running a command on the embedded database). */
  open(): Promise<Database>;
  dispose(): Promise<void>;
}

export async function commandDatabase(kind: 'pglite' | 'postgres'): Promise<CommandDatabase> {
  const directory = mkdtempSync(join(tmpdir(), 'kindred-command-'));
  if (kind === 'pglite') {
    return {
      env: { KINDRED_DATA_DIR: directory, DATABASE_URL: undefined },
      open: () => openPglite({ dataDirectory: directory }),
      dispose: async () => rmSync(directory, { recursive: true, force: true }),
    };
  }
  const name = `kindred_command_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testServerUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(testServerUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString(), KINDRED_DATA_DIR: directory },
    open: () => openPostgres({ adminUrl: url.toString(), poolSize: 2 }),
    async dispose() {
      const client = new pg.Client({ connectionString: testServerUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
