import { createHash, randomBytes } from 'node:crypto';
import type { Sql } from '../db/index.ts';

export const sessionLifetime = '12 hours';
export const sessionIdleTimeout = '2 hours';

export interface SessionHolder {
  userId: string;
  organisationId: string;
  csrfToken: string;
}

const hashToken = (token: string): Buffer => createHash('sha256').update(token).digest();

/** Opens a session and returns the token for the cookie; only its hash is stored. */
export async function openSession(sql: Sql, userId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  await sql.query('select kindred_open_session($1, $2, $3, $4::interval)', [
    userId,
    hashToken(token),
    csrf,
    sessionLifetime,
  ]);
  return token;
}

export async function findSession(sql: Sql, token: string): Promise<SessionHolder | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const [row] = await sql.query<{ user_id: string; organisation_id: string; csrf_token: string }>(
    'select * from kindred_find_session($1, $2::interval)',
    [hashToken(token), sessionIdleTimeout],
  );
  return row
    ? { userId: row.user_id, organisationId: row.organisation_id, csrfToken: row.csrf_token }
    : undefined;
}

export async function endSession(sql: Sql, token: string): Promise<void> {
  await sql.query('select kindred_end_session($1)', [hashToken(token)]);
}
