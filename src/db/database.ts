import type { Actor } from './actor.ts';
import type { Sql } from './sql.ts';

export type DatabaseKind = 'pglite' | 'postgres';

/**
 * The system of record. Every use of personal data goes through `asActor`, which runs in a
 * transaction as the unprivileged application role with the actor set for row-level security.
 */
export interface Database {
  readonly kind: DatabaseKind;
  /** Where the data lives, for messages: a data directory or a server URL without its password. */
  readonly location: string;
  asActor<T>(actor: Actor, work: (sql: Sql) => Promise<T>): Promise<T>;
  /** Work done before anyone is signed in (sign-in, session lookup, health): still the unprivileged role. */
  asAnonymous<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
  /**
   * One statement on its own (its own transaction), as no one: the session lookup every request starts with,
   * in one round trip where a transaction would take three.
   */
  anonymousStatement<Row = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
  ): Promise<Row[]>;
  /**
   * Operations only (audit verification, backups, tests that play an attacker with database access):
   * runs as the owner role, which row-level security does not restrict.
   */
  asOwner<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The application's login role: no superuser, no BYPASSRLS, owns nothing. */
export const applicationRole = 'kindred_app';
/** Owns every table; used only to apply migrations. */
export const ownerRole = 'kindred_owner';

/** The transaction settings row-level security and audit read: user, organisation, purpose, correlation id. */
export function actorSettingValues(actor: Actor | undefined): [string, string, string, string] {
  return [actor?.userId ?? '', actor?.organisationId ?? '', actor?.purpose ?? '', actor?.correlationId ?? ''];
}

export function actorSettings(actor: Actor | undefined): { text: string; params: string[] } {
  return {
    text: `select set_config('kindred.user_id', $1, true), set_config('kindred.organisation_id', $2, true),
                  set_config('kindred.purpose', $3, true), set_config('kindred.correlation_id', $4, true)`,
    params: actorSettingValues(actor),
  };
}

/**
 * In the embedded database the session user is PGlite's bootstrap superuser (it runs Postgres in
 * single-user mode), so a statement could switch back from the application role. Application SQL never
 * changes roles; refusing such statements keeps a bug or an injection from doing it.
 */
const roleSwitch =
  /\b(?:set|reset)\s+(?:local\s+|session\s+)?(?:role|session\s+authorization|all)\b|set_config\s*\(\s*'(?:role|session_authorization)'/i;

export function refuseRoleSwitch(text: string): void {
  if (roleSwitch.test(text)) throw new Error('Application SQL may not change the database role.');
}
