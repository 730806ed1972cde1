import { createHash, randomBytes } from 'node:crypto';
import type { Sql } from '../../db/index.ts';

/** How long a token lives unless it is revoked sooner. */
export const tokenLifetimeDays = 365;

const tokenPattern = /^kindred_[A-Za-z0-9_-]{43}$/;
const hashOf = (token: string): Buffer => createHash('sha256').update(token).digest();

export interface ApiTokenView {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Creates a token for the acting data officer; the token is returned once and only its hash is stored. */
export async function createApiToken(sql: Sql, name: string): Promise<{ id: string; token: string }> {
  const token = `kindred_${randomBytes(32).toString('base64url')}`;
  const [row] = await sql.query<{ id: string }>(
    `insert into api_token (user_id, organisation_id, name, token_hash, prefix, expires_at)
     values (kindred_user_id(), kindred_user_organisation(), $1, $2, $3, now() + make_interval(days => $4))
     returning id`,
    [name, hashOf(token), token.slice(0, 12), tokenLifetimeDays],
  );
  return { id: row!.id, token };
}

/** The acting person's tokens, newest first. */
export async function listApiTokens(sql: Sql): Promise<ApiTokenView[]> {
  const rows = await sql.query<{
    id: string;
    name: string;
    prefix: string;
    created_at: Date;
    expires_at: Date;
    last_used_at: Date | null;
    revoked_at: Date | null;
  }>(
    `select id, name, prefix, created_at, expires_at, last_used_at, revoked_at from api_token
     where user_id = kindred_user_id() order by created_at desc`,
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  }));
}

/** Revokes one of the acting person's tokens; false when there is no such live token. */
export async function revokeApiToken(sql: Sql, tokenId: string): Promise<boolean> {
  const rows = await sql.query(
    `update api_token set revoked_at = now() where id = $1 and user_id = kindred_user_id() and revoked_at is null
     returning id`,
    [tokenId],
  );
  return rows.length > 0;
}

/** The holder of a live token presented to the API, or undefined. */
export async function findApiTokenHolder(
  sql: Sql,
  token: string,
): Promise<{ tokenId: string; userId: string; organisationId: string } | undefined> {
  if (!tokenPattern.test(token)) return undefined;
  const [row] = await sql.query<{ token_id: string; user_id: string; organisation_id: string }>(
    'select * from kindred_find_api_token($1)',
    [hashOf(token)],
  );
  return row
    ? { tokenId: row.token_id, userId: row.user_id, organisationId: row.organisation_id }
    : undefined;
}
