import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { before, test } from 'node:test';
import { describeOnEachDatabase } from '../../test/support/databases.ts';
import { buildOrganisation, buildUser, type TestUser } from '../../test/support/factories.ts';
import type { Database } from '../db/index.ts';
import { endSession, findSession, openSession } from './sessions.ts';

const hashOf = (token: string): Buffer => createHash('sha256').update(token).digest();

await describeOnEachDatabase('sessions', (target) => {
  let db: Database;
  let keyworker: TestUser;

  before(async () => {
    db = await target.open();
    const council = await buildOrganisation(db, 'council', 'Sessions County Council');
    keyworker = await buildUser(db, council, ['keyworker', 'analyst']);
  });

  /** Moves a session's clock back, as the passing of time would. */
  const age = (token: string, lastSeen: string, expires = '1 hour') =>
    db.asOwner((sql) =>
      sql.query(
        `update user_session set last_seen_at = now() - $2::interval, expires_at = now() + $3::interval
         where token_hash = $1`,
        [hashOf(token), lastSeen, expires],
      ),
    );
  const lastSeen = async (token: string): Promise<number> => {
    const [row] = await db.asOwner((sql) =>
      sql.query<{ seconds: number }>(
        'select extract(epoch from now() - last_seen_at)::float8 as seconds from user_session where token_hash = $1',
        [hashOf(token)],
      ),
    );
    return row!.seconds;
  };

  test('a session names its holder: organisation, roles and CSRF token, in one lookup', async () => {
    const token = await db.asActor(keyworker.actor, (sql) => openSession(sql, keyworker.id));
    const holder = await db.asAnonymous((sql) => findSession(sql, token));
    assert.equal(holder?.user.id, keyworker.id);
    assert.equal(holder?.user.organisationId, keyworker.organisationId);
    assert.equal(holder?.user.organisationKind, 'council');
    assert.equal(holder?.user.organisationName, 'Sessions County Council');
    assert.equal(holder?.user.email, keyworker.email);
    assert.deepEqual(holder?.user.roles, ['keyworker', 'analyst']);
    assert.match(holder?.csrfToken ?? '', /^[A-Za-z0-9_-]{32}$/);
    assert.equal(
      await db.asAnonymous((sql) =>
        findSession(sql, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`),
      ),
      undefined,
    );
  });

  test('a session idle for two hours, past its end, or signed out is gone', async () => {
    const idle = await db.asActor(keyworker.actor, (sql) => openSession(sql, keyworker.id));
    await age(idle, '2 hours 1 minute');
    assert.equal(await db.asAnonymous((sql) => findSession(sql, idle)), undefined);

    const ended = await db.asActor(keyworker.actor, (sql) => openSession(sql, keyworker.id));
    await age(ended, '1 minute', '-1 second');
    assert.equal(await db.asAnonymous((sql) => findSession(sql, ended)), undefined);

    const signedOut = await db.asActor(keyworker.actor, (sql) => openSession(sql, keyworker.id));
    await db.asAnonymous((sql) => endSession(sql, signedOut));
    assert.equal(await db.asAnonymous((sql) => findSession(sql, signedOut)), undefined);
  });

  test('use keeps a session alive, recorded at most once a minute', async () => {
    const token = await db.asActor(keyworker.actor, (sql) => openSession(sql, keyworker.id));
    await age(token, '30 seconds');
    assert.ok(await db.asAnonymous((sql) => findSession(sql, token)));
    assert.ok((await lastSeen(token)) >= 29, 'a use within the minute is not written');

    await age(token, '1 hour 59 minutes');
    assert.ok(await db.asAnonymous((sql) => findSession(sql, token)));
    assert.ok((await lastSeen(token)) < 5, 'a later use is written');
    await age(token, '1 hour 59 minutes');
    assert.ok(await db.asAnonymous((sql) => findSession(sql, token)), 'still alive two hours after it began');
  });

  test('a deactivated account loses its sessions', async () => {
    const token = await db.asActor(keyworker.actor, (sql) => openSession(sql, keyworker.id));
    await db.asOwner((sql) => sql.query('update app_user set active = false where id = $1', [keyworker.id]));
    assert.equal(await db.asAnonymous((sql) => findSession(sql, token)), undefined);
    await db.asOwner((sql) => sql.query('update app_user set active = true where id = $1', [keyworker.id]));
  });
});
