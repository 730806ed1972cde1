import { createHash, randomBytes } from 'node:crypto';
import type { Sql } from '../db/index.ts';
import type { Principal } from './policies.ts';
import type { Role } from './roles.ts';

export const sessionLifetime = '12 hours';
export const sessionIdleTimeout = '2 hours';

/** The person a session belongs to, as each request needs them: who, in which organisation, with which roles. */
export interface SessionUser extends Principal {
  displayName: string;
  email: string;
  organisationName: string;
  roles: Role[];
}

export interface SessionHolder {
  user: SessionUser;
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

export async function findSession(
  sql: Pick<Sql, 'query'>,
  token: string,
): Promise<SessionHolder | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const [row] = await sql.query<{
    user_id: string;
    organisation_id: string;
    csrf_token: string;
    organisation_kind: string;
    organisation_name: string;
    display_name: string;
    email: string;
    roles: Role[];
  }>('select * from kindred_session_holder($1, $2::interval)', [hashToken(token), sessionIdleTimeout]);
  if (!row) return undefined;
  return {
    user: {
      id: row.user_id,
      organisationId: row.organisation_id,
      organisationKind: row.organisation_kind,
      organisationName: row.organisation_name,
      displayName: row.display_name,
      email: row.email,
      roles: row.roles,
    },
    csrfToken: row.csrf_token,
  };
}

export async function endSession(sql: Sql, token: string): Promise<void> {
  await sql.query('select kindred_end_session($1)', [hashToken(token)]);
}
