import { existsSync, mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Actor } from './actor.ts';
import { acquireDataDirectoryLock, type DataDirectoryLock } from './data-directory-lock.ts';
import { actorSettings, applicationRole, type Database, ownerRole, refuseRoleSwitch } from './database.ts';
import { applyMigrations } from './migrate.ts';
import { type LastStatement, type Sql, typeParsers } from './sql.ts';

export interface PgliteOptions {
  /** A directory to persist to; omitted means in memory (tests). */
  dataDirectory?: string;
}

function transactionSql(tx: Transaction | PGlite, last: LastStatement[]): Sql {
  const sql = ownerSql(tx, last);
  return {
    query(text, params) {
      refuseRoleSwitch(text);
      return sql.query(text, params);
    },
    atCommit(text, params) {
      refuseRoleSwitch(text);
      sql.atCommit(text, params);
    },
  };
}

function ownerSql(tx: Transaction | PGlite, last: LastStatement[]): Sql {
  return {
    async query<Row>(text: string, params?: readonly unknown[]) {
      const result = await tx.query<Row>(text, params as unknown[] | undefined);
      return result.rows;
    },
    atCommit(text, params) {
      last.push({ text, params });
    },
  };
}

/** Runs work in a transaction, then the statements it left for the end, before PGlite commits. */
async function withLastStatements<T>(
  tx: Transaction,
  makeSql: (tx: Transaction, last: LastStatement[]) => Sql,
  work: (sql: Sql) => Promise<T>,
): Promise<T> {
  const last: LastStatement[] = [];
  const result = await work(makeSql(tx, last));
  for (const statement of last) await tx.query(statement.text, statement.params as unknown[]);
  return result;
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
      return withLastStatements(tx, transactionSql, work);
    });

  return {
    kind: 'pglite',
    location: options.dataDirectory ?? 'memory',
    asActor: (actor, work) => run(actor, work),
    asAnonymous: (work) => run(undefined, work),
    // In process a transaction costs no round trips, and it keeps the statement in line with the others.
    anonymousStatement: (text, params) => run(undefined, (sql) => sql.query(text, params)),
    asOwner: (work) =>
      pg.transaction(async (tx) => {
        // Local to the transaction: the session falls back to the application role at commit.
        await tx.query(`set local role ${ownerRole}`);
        return withLastStatements(tx, ownerSql, work);
      }),
    async close() {
      await pg.close();
      lock?.release();
    },
  };
}
