import { randomBytes } from 'node:crypto';
import { after, describe } from 'node:test';
import pg from 'pg';
import { type Database, openPglite, openPostgres } from '../../src/db/index.ts';

/** The server the suite runs against besides PGlite, as in Kysely's dialect matrix. */
export const testServerUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

let serverReachable: Promise<boolean> | undefined;

async function probeServer(): Promise<boolean> {
  const client = new pg.Client({ connectionString: testServerUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch (error) {
    if (process.env.CI === 'true') {
      throw new Error(
        `The test PostgreSQL server at ${testServerUrl} is unreachable: ${(error as Error).message}`,
      );
    }
    return false;
  }
}

export interface TestDatabase {
  kind: 'pglite' | 'postgres';
  /** Opens a fresh, migrated database for one test file (or one describe block). */
  open(): Promise<Database>;
  /** Closes and removes everything `open` made. */
  dispose(): Promise<void>;
}

async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function serverDatabase(): TestDatabase {
  const created: { name: string; db?: Database }[] = [];
  return {
    kind: 'postgres',
    async open() {
      const name = `kindred_test_${process.pid}_${randomBytes(4).toString('hex')}`;
      await withAdmin(testServerUrl, (client) => client.query(`create database ${name}`));
      const url = new URL(testServerUrl);
      url.pathname = `/${name}`;
      const db = await openPostgres({ adminUrl: url.toString(), poolSize: 4 });
      created.push({ name, db });
      return db;
    },
    async dispose() {
      for (const entry of created) {
        await entry.db?.close();
        await withAdmin(testServerUrl, (client) =>
          client.query(`drop database if exists ${entry.name} with (force)`),
        );
      }
      created.length = 0;
    },
  };
}

function embeddedDatabase(): TestDatabase {
  const opened: Database[] = [];
  return {
    kind: 'pglite',
    async open() {
      const db = await openPglite();
      opened.push(db);
      return db;
    },
    async dispose() {
      for (const db of opened) await db.close();
      opened.length = 0;
    },
  };
}

/**
 * Runs the same tests on PGlite and on the PostgreSQL server. The server is skipped only outside CI
 * when it cannot be reached; in CI that is a failure.
 */
/** Why a test that needs the PostgreSQL server itself is skipped, or false when it runs (always in CI). */
export async function withoutTestServer(): Promise<string | false> {
  serverReachable ??= probeServer();
  return (await serverReachable) ? false : 'no PostgreSQL server reachable at TEST_DATABASE_URL';
}

export async function describeOnEachDatabase(
  title: string,
  suite: (target: TestDatabase) => void,
): Promise<void> {
  const serverSkip = await withoutTestServer();
  for (const target of [embeddedDatabase(), serverDatabase()]) {
    const skip = target.kind === 'postgres' ? serverSkip : false;
    describe(`${title} [${target.kind}]`, { skip }, () => {
      after(() => target.dispose());
      suite(target);
    });
  }
}
