import { randomUUID } from 'node:crypto';
import {
  createOrganisation,
  createUser,
  hashPassword,
  type OrganisationKind,
  type Role,
} from '../../src/access/index.ts';
import { type Actor, type Database, systemUserId } from '../../src/db/index.ts';

export const testPassword = 'correct horse battery staple';
let testPasswordHash: Promise<string> | undefined;

/** Hashing is slow on purpose; tests hash the one password once. */
export const testPasswordHashed = (): Promise<string> => (testPasswordHash ??= hashPassword(testPassword));

export const platformActor: Actor = {
  userId: systemUserId,
  organisationId: systemUserId,
  purpose: 'test-setup',
  correlationId: 'test',
};

export interface TestUser {
  id: string;
  email: string;
  organisationId: string;
  actor: Actor;
}

export async function buildOrganisation(
  db: Database,
  kind: OrganisationKind,
  name = `${kind} ${randomUUID().slice(0, 8)}`,
) {
  return db.asActor(platformActor, (sql) => createOrganisation(sql, name, kind));
}

export async function buildUser(
  db: Database,
  organisationId: string,
  roles: Role[],
  email?: string,
): Promise<TestUser> {
  const address = email ?? `${roles[0] ?? 'user'}-${randomUUID().slice(0, 8)}@example.test`;
  const passwordHash = await testPasswordHashed();
  const id = await db.asActor(platformActor, (sql) =>
    createUser(sql, {
      organisationId,
      email: address,
      displayName: address.split('@')[0]!,
      roles,
      passwordHash,
    }),
  );
  return {
    id,
    email: address,
    organisationId,
    actor: { userId: id, organisationId, purpose: 'test', correlationId: randomUUID() },
  };
}
