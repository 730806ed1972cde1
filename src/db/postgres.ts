import pg from 'pg';
import type { Actor } from './actor.ts';
import { actorSettings, applicationRole, type Database, ownerRole } from './database.ts';
import { applyMigrations } from './migrate.ts';
import { type Sql, typeParsers } from './sql.ts';

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

function clientSql(client: pg.PoolClient): Sql {
  return {
    async query<Row>(text: string, params?: readonly unknown[]) {
      const result = await client.query(text, params as unknown[] | undefined);
      return result.rows as Row[];
    },
  };
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
    types,
  });
  pool.on('error', (error) => console.error('database connection error:', error.message));

  const run = async <T>(actor: Actor | undefined, work: (sql: Sql) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query('begin');
      const settings = actorSettings(actor);
      await client.query(settings.text, settings.params);
      const result = await work(clientSql(client));
      await client.query('commit');
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
    async asOwner(work) {
      const owner = new pg.Client({ connectionString: options.adminUrl, types });
      await owner.connect();
      try {
        await owner.query('begin');
        await owner.query(`set local role ${ownerRole}`);
        const result = await work(clientSql(owner as unknown as pg.PoolClient));
        await owner.query('commit');
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
