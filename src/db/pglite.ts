import { existsSync, mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Actor } from './actor.ts';
import { acquireDataDirectoryLock, type DataDirectoryLock } from './data-directory-lock.ts';
import { actorSettings, applicationRole, type Database, ownerRole, refuseRoleSwitch } from './database.ts';
import { applyMigrations } from './migrate.ts';
import { type Sql, typeParsers } from './sql.ts';

export interface PgliteOptions {
  /** A directory to persist to; omitted means in memory (tests). */
  dataDirectory?: string;
}

function transactionSql(tx: Transaction | PGlite): Sql {
  const sql = ownerSql(tx);
  return {
    query(text, params) {
      refuseRoleSwitch(text);
      return sql.query(text, params);
    },
  };
}

function ownerSql(tx: Transaction | PGlite): Sql {
  return {
    async query<Row>(text: string, params?: readonly unknown[]) {
      const result = await tx.query<Row>(text, params as unknown[] | undefined);
      return result.rows;
    },
  };
}

export async function openPglite(options: PgliteOptions = {}): Promise<Database> {
  let lock: DataDirectoryLock | undefined;
  if (options.dataDirectory) {
    if (!existsSync(options.dataDirectory)) mkdirSync(options.dataDirectory, { recursive: true });
    lock = acquireDataDirectoryLock(options.dataDirectory);
  }
  let pg: PGlite;
  try {
    pg = await PGlite.create({
      dataDir: options.dataDirectory ? `${options.dataDirectory}/pgdata` : undefined,
      parsers: typeParsers,
      relaxedDurability: false,
    });
    await applyMigrations({
      query: async (text, params) =>
        (await pg.query<Record<string, unknown>>(text, params as unknown[] | undefined)).rows,
      exec: async (text) => {
        await pg.exec(text);
      },
      kind: 'pglite',
    });
    // From here on the session acts only as the application role (see refuseRoleSwitch for why).
    await pg.exec(`set role ${applicationRole}`);
  } catch (error) {
    lock?.release();
    throw error;
  }

  const run = async <T>(actor: Actor | undefined, work: (sql: Sql) => Promise<T>): Promise<T> =>
    pg.transaction(async (tx) => {
      const settings = actorSettings(actor);
      await tx.query(settings.text, settings.params);
      return work(transactionSql(tx));
    });

  return {
    kind: 'pglite',
    location: options.dataDirectory ?? 'memory',
    asActor: (actor, work) => run(actor, work),
    asAnonymous: (work) => run(undefined, work),
    asOwner: (work) =>
      pg.transaction(async (tx) => {
        // Local to the transaction: the session falls back to the application role at commit.
        await tx.query(`set local role ${ownerRole}`);
        return work(ownerSql(tx));
      }),
    async close() {
      await pg.close();
      lock?.release();
    },
  };
}
