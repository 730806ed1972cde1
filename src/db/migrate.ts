import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { applicationRole, type DatabaseKind, ownerRole } from './database.ts';

const migrationsDirectory = new URL('./migrations/', import.meta.url);

/** A connection with the rights to create roles and tables: the server's admin URL, or PGlite's bootstrap user. */
export interface MigrationConnection {
  kind: DatabaseKind;
  query(text: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
  exec(text: string): Promise<void>;
}

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(): Migration[] {
  return readdirSync(migrationsDirectory)
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .map((name) => {
      const sql = readFileSync(new URL(name, migrationsDirectory), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/** Ensures the two roles exist: roles are cluster-wide on a server, so this is idempotent. */
const rolesSql = `
do $$
begin
  if not exists (select 1 from pg_roles where rolname = '${ownerRole}') then
    create role ${ownerRole} nologin;
  end if;
  if not exists (select 1 from pg_roles where rolname = '${applicationRole}') then
    create role ${applicationRole} login nosuperuser nobypassrls nocreatedb nocreaterole noinherit;
  end if;
end
$$;`;

/** Applies pending migrations in name order, as the owner role, under an advisory lock. */
export async function applyMigrations(connection: MigrationConnection): Promise<string[]> {
  const applied: string[] = [];
  // Several processes may start at once (web processes, hosts): granting the same rights together fails with
  // "tuple concurrently updated", so the roles and grants wait for the lock too.
  await connection.exec('select pg_advisory_lock(7205001)');
  try {
    await connection.exec(rolesSql);
    await connection.exec(
      `grant usage, create on schema public to ${ownerRole}; grant usage on schema public to ${applicationRole};`,
    );
    const [me] = await connection.query('select rolsuper from pg_roles where rolname = current_user');
    if (!me?.rolsuper) await connection.exec(`grant ${ownerRole} to current_user`);
    await connection.exec(`set role ${ownerRole}`);
    await connection.exec(
      'create table if not exists schema_migration (name text primary key, checksum text not null, applied_at timestamptz not null default now())',
    );
    const done = new Map(
      (await connection.query('select name, checksum from schema_migration')).map((row) => [
        String(row.name),
        String(row.checksum),
      ]),
    );
    for (const migration of listMigrations()) {
      const checksum = done.get(migration.name);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) {
          throw new Error(
            `Migration ${migration.name} has changed since it was applied. Add a new migration instead of editing an applied one.`,
          );
        }
        continue;
      }
      await connection.exec(
        `begin;\n${migration.sql}\n;insert into schema_migration (name, checksum) values ('${migration.name}', '${migration.checksum}');\ncommit;`,
      );
      applied.push(migration.name);
    }
  } catch (error) {
    await connection.exec('rollback').catch(() => undefined);
    throw error;
  } finally {
    await connection.exec('reset role').catch(() => undefined);
    await connection.exec('select pg_advisory_unlock(7205001)').catch(() => undefined);
  }
  return applied;
}
