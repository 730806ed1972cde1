import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Actor } from './actor.ts';
import { actorSettingValues, applicationRole, type Database, ownerRole } from './database.ts';
import { applyMigrations } from './migrate.ts';
import { type LastStatement, type PlainValue, type Sql, typeParsers } from './sql.ts';

export interface PostgresOptions {
  /** Connection with rights to create roles and tables; used only for migrations. */
  adminUrl: string;
  /** The application's own login; defaults to the admin URL with the user swapped for the application role. */
  applicationUrl?: string;
  poolSize?: number;
}

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    const parser = typeParsers[oid];
    if (parser && format !== 'binary') return parser;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export function describeUrl(url: string): string {
  const parsed = new URL(url);
  parsed.password = parsed.password ? '***' : '';
  return parsed.toString();
}

function applicationUrlFor(adminUrl: string): string {
  const url = new URL(adminUrl);
  url.username = applicationRole;
  url.password = process.env.KINDRED_APP_PASSWORD ?? '';
  return url.toString();
}

/**
 * Each statement the application sends is prepared once per connection under a name drawn from its text, so
 * the server plans it once rather than on every call (planning was half the server's time on a busy page).
 * Only plain data statements are prepared; the texts are the application's own, so their number is bounded,
 * and the cap keeps a bug that builds texts from values from filling the server's memory.
 */
const statementNames = new Map<string, string | null>();
const maxPreparedStatements = 2000;
const preparable = /^[\s(]*(select|insert|update|delete|with)\b[^;]*;?\s*$/i;

function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (name === undefined) {
    if (statementNames.size >= maxPreparedStatements) return undefined;
    name = preparable.test(text)
      ? `kindred_${createHash('sha256').update(text).digest('hex').slice(0, 40)}`
      : null;
    statementNames.set(text, name);
  }
  return name ?? undefined;
}

/** One statement on a connection or the pool, prepared under its name. */
async function prepared<Row>(
  on: pg.PoolClient | pg.Client | pg.Pool,
  text: string,
  params?: readonly unknown[],
): Promise<Row[]> {
  const result = await on.query({ text, values: params as unknown[] | undefined, name: statementName(text) });
  return result.rows as Row[];
}

function clientSql(client: pg.PoolClient | pg.Client, last: LastStatement[]): Sql {
  return {
    query: (text, params) => prepared(client, text, params),
    atCommit(text, params) {
      last.push({ text, params });
    },
  };
}

/** A value written into a statement's text, quoted by the driver; arrays become array literals. */
function literal(value: PlainValue): string {
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return pg.escapeLiteral(value);
  const elements = value.map((element) => `"${element.replace(/["\\]/g, (character) => `\\${character}`)}"`);
  return pg.escapeLiteral(`{${elements.join(',')}}`);
}

/** The statements left for the end, then the commit, as one text sent in one round trip (simple protocol). */
function commitWith(last: readonly LastStatement[]): string {
  const statements = last.map(({ text, params }) =>
    text.replace(/\$(\d+)/g, (_, index: string) => {
      if (Number(index) > params.length)
        throw new Error(`No value for $${index} in a statement run at commit.`);
      return literal(params[Number(index) - 1]!);
    }),
  );
  return [...statements, 'commit'].join(';\n');
}

/** `begin` and the actor's settings in one round trip (simple protocol, values quoted by the driver). */
function beginAs(actor: Actor | undefined): string {
  const [userId, organisationId, purpose, correlationId] = actorSettingValues(actor).map((value) =>
    pg.escapeLiteral(value),
  );
  return `begin; select set_config('kindred.user_id', ${userId}, true), set_config('kindred.organisation_id', ${organisationId}, true),
    set_config('kindred.purpose', ${purpose}, true), set_config('kindred.correlation_id', ${correlationId}, true)`;
}

export async function openPostgres(options: PostgresOptions): Promise<Database> {
  const admin = new pg.Client({ connectionString: options.adminUrl, types });
  await admin.connect();
  try {
    await applyMigrations({
      kind: 'postgres',
      query: async (text, params) => (await admin.query(text, params as unknown[] | undefined)).rows,
      exec: async (text) => {
        await admin.query(text);
      },
    });
  } finally {
    await admin.end();
  }

  const pool = new pg.Pool({
    connectionString: options.applicationUrl ?? applicationUrlFor(options.adminUrl),
    max: options.poolSize ?? 10,
    // Connections stay open: a new one starts with no prepared statements and no cached plans, and the first
    // page on it took ten times as long.
    idleTimeoutMillis: 0,
    types,
  });
  pool.on('error', (error) => console.error('database connection error:', error.message));

  const run = async <T>(actor: Actor | undefined, work: (sql: Sql) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query(beginAs(actor));
      const last: LastStatement[] = [];
      const result = await work(clientSql(client, last));
      await client.query(commitWith(last));
      return result;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };

  return {
    kind: 'postgres',
    location: describeUrl(options.adminUrl),
    asActor: (actor, work) => run(actor, work),
    asAnonymous: (work) => run(undefined, work),
    // The actor's settings are local to each transaction, so a statement on its own runs as no one.
    anonymousStatement: (text, params) => prepared(pool, text, params),
    async asOwner(work) {
      const owner = new pg.Client({ connectionString: options.adminUrl, types });
      await owner.connect();
      try {
        await owner.query('begin');
        await owner.query(`set local role ${ownerRole}`);
        const last: LastStatement[] = [];
        const result = await work(clientSql(owner, last));
        await owner.query(commitWith(last));
        return result;
      } catch (error) {
        await owner.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        await owner.end();
      }
    },
    close: () => pool.end(),
  };
}
