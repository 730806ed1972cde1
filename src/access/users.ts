import type { Sql } from '../db/index.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import type { Role } from './roles.ts';

export interface User {
  id: string;
  organisationId: string;
  organisationName: string;
  email: string;
  displayName: string;
  roles: Role[];
  active: boolean;
  createdAt: Date;
  lastSignInAt: Date | null;
}

interface UserRow {
  id: string;
  organisation_id: string;
  organisation_name: string;
  email: string;
  display_name: string;
  roles: Role[];
  active: boolean;
  created_at: Date;
  last_sign_in_at: Date | null;
}

const userColumns = `u.id, u.organisation_id, o.name as organisation_name, u.email, u.display_name, u.roles, u.active,
  u.created_at, u.last_sign_in_at`;

const toUser = (row: UserRow): User => ({
  id: row.id,
  organisationId: row.organisation_id,
  organisationName: row.organisation_name,
  email: row.email,
  displayName: row.display_name,
  roles: row.roles,
  active: row.active,
  createdAt: row.created_at,
  lastSignInAt: row.last_sign_in_at,
});

export async function findUser(sql: Sql, id: string): Promise<User | undefined> {
  const [row] = await sql.query<UserRow>(
    `select ${userColumns} from app_user u join organisation o on o.id = u.organisation_id where u.id = $1`,
    [id],
  );
  return row ? toUser(row) : undefined;
}

export async function listUsers(sql: Sql): Promise<User[]> {
  const rows = await sql.query<UserRow>(
    `select ${userColumns} from app_user u join organisation o on o.id = u.organisation_id
     where o.kind <> 'platform' order by o.name, u.display_name`,
  );
  return rows.map(toUser);
}

export interface NewUser {
  organisationId: string;
  email: string;
  displayName: string;
  roles: Role[];
  password?: string;
  /** An already hashed password (demo and test fixtures hash once and reuse). */
  passwordHash?: string;
}

export async function createUser(sql: Sql, user: NewUser): Promise<string> {
  const passwordHash = user.passwordHash ?? (user.password ? await hashPassword(user.password) : null);
  const [row] = await sql.query<{ id: string }>(
    `insert into app_user (organisation_id, email, display_name, roles, password_hash)
     values ($1, $2, $3, $4, $5) returning id`,
    [user.organisationId, user.email.trim(), user.displayName.trim(), user.roles, passwordHash],
  );
  return row!.id;
}

export async function updateUser(
  sql: Sql,
  id: string,
  change: { displayName: string; roles: Role[]; active: boolean; organisationId: string },
): Promise<void> {
  await sql.query(
    'update app_user set display_name = $2, roles = $3, active = $4, organisation_id = $5 where id = $1',
    [id, change.displayName.trim(), change.roles, change.active, change.organisationId],
  );
}

export async function setPassword(sql: Sql, id: string, password: string): Promise<void> {
  await sql.query('select kindred_set_password($1, $2)', [id, await hashPassword(password)]);
}

/** Checks an email and password; the answer does not say which of the two was wrong. */
export async function checkCredentials(
  sql: Sql,
  email: string,
  password: string,
): Promise<string | undefined> {
  const [candidate] = await sql.query<{ user_id: string; password_hash: string | null; active: boolean }>(
    'select * from kindred_sign_in_candidate($1)',
    [email.trim()],
  );
  const matches = await verifyPassword(password, candidate?.password_hash);
  return matches && candidate?.active ? candidate.user_id : undefined;
}
