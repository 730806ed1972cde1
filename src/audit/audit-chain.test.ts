import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, before, beforeEach, test } from 'node:test';
import { describeOnEachDatabase } from '../../test/support/databases.ts';
import { buildOrganisation, buildUser, type TestUser } from '../../test/support/factories.ts';
import type { Database } from '../db/index.ts';
import { readAnchors, writeAnchor } from './anchors.ts';
import { recordAudit } from './record.ts';
import { chainHead, verifyAuditChain } from './verify.ts';

const tamper = (db: Database, statement: string, params: unknown[] = []) =>
  db.asOwner(async (sql) => {
    await sql.query('alter table audit_event disable trigger audit_event_append_only');
    await sql.query(statement, params);
    await sql.query('alter table audit_event enable trigger audit_event_append_only');
  });

await describeOnEachDatabase('audit log', (target) => {
  let db: Database;
  let officer: TestUser;
  let admin: TestUser;
  let anchorFile: string;

  const verify = () => db.asOwner((sql) => verifyAuditChain(sql, readAnchors(anchorFile)));
  const writeEvents = async (count: number) => {
    for (let index = 0; index < count; index++) {
      await db.asActor(officer.actor, (sql) =>
        recordAudit(sql, { action: 'VIEW_PERSON', subjectType: 'person', subjectIds: [`person-${index}`] }),
      );
    }
  };

  before(async () => {
    db = await target.open();
    const police = await buildOrganisation(db, 'police');
    officer = await buildUser(db, police, ['partner_data_officer']);
    admin = await buildUser(db, police, ['administrator']);
  });

  afterEach(() => rmSync(join(anchorFile, '..'), { recursive: true, force: true }));

  beforeEach(async () => {
    anchorFile = join(mkdtempSync(join(tmpdir(), 'kindred-anchor-')), 'audit-anchors.log');
    await db.asOwner(async (sql) => {
      await sql.query('alter table audit_event disable trigger audit_event_append_only');
      await sql.query('delete from audit_event');
      await sql.query('alter table audit_event enable trigger audit_event_append_only');
    });
  });

  test('an untouched chain verifies, and the anchor matches its head', async () => {
    await writeEvents(5);
    writeAnchor(anchorFile, await db.asOwner(chainHead));
    const result = await verify();
    assert.equal(result.ok, true);
    assert.equal(result.events, 5);
    assert.equal(result.ok && result.anchorsChecked, 1);
  });

  test('the actor is taken from the transaction, not from what the application writes', async () => {
    await db.asActor(officer.actor, (sql) =>
      sql.query(`insert into audit_event (action, purpose) values ('VIEW_PERSON', 'checking')`),
    );
    const [event] = await db.asActor(admin.actor, (sql) =>
      sql.query<{ actor_user_id: string; actor_organisation_id: string }>(
        'select actor_user_id, actor_organisation_id from audit_event order by seq desc limit 1',
      ),
    );
    assert.equal(event!.actor_user_id, officer.id);
    assert.equal(event!.actor_organisation_id, officer.organisationId);
  });

  test('an event is written with the commit, exactly as given, and not at all when the work fails', async () => {
    const awkward = {
      action: 'SEARCH_FAMILIES' as const,
      subjectType: "family's",
      subjectIds: ['a"b', 'back\\slash', "it's", '{braces}, commas', ''],
      details: { note: 'O\'Brien \\ "quoted" $1 $2', shown: 3, exported: false, codes: ['dv', "x'y"] },
    };
    await db.asActor(officer.actor, (sql) => recordAudit(sql, awkward));
    await assert.rejects(
      db.asActor(officer.actor, async (sql) => {
        await recordAudit(sql, { action: 'VIEW_PERSON', subjectIds: ['never-seen'] });
        throw new Error('the work failed');
      }),
      /the work failed/,
    );
    const rows = await db.asOwner((sql) =>
      sql.query<{ subject_type: string; subject_ids: string[]; details: unknown }>(
        'select subject_type, subject_ids, details from audit_event order by seq',
      ),
    );
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.subject_type, awkward.subjectType);
    assert.deepEqual(rows[0]!.subject_ids, awkward.subjectIds);
    assert.deepEqual(rows[0]!.details, awkward.details);
    assert.equal((await verify()).ok, true);
  });

  test('the application can neither change nor delete events', async () => {
    await writeEvents(1);
    await assert.rejects(
      db.asActor(admin.actor, (sql) => sql.query(`update audit_event set action = 'VIEW_X'`)),
    );
    await assert.rejects(db.asActor(admin.actor, (sql) => sql.query('delete from audit_event')));
    assert.equal((await verify()).events, 1);
  });

  test('only administrators and IG officers read the log', async () => {
    await writeEvents(2);
    const seenByOfficer = await db.asActor(officer.actor, (sql) => sql.query('select seq from audit_event'));
    const seenByAdmin = await db.asActor(admin.actor, (sql) => sql.query('select seq from audit_event'));
    assert.equal(seenByOfficer.length, 0);
    assert.equal(seenByAdmin.length, 2);
  });

  test('verify finds an event edited in the database', async () => {
    await writeEvents(4);
    const [third] = await db.asOwner((sql) =>
      sql.query<{ seq: number }>('select seq from audit_event order by seq offset 2 limit 1'),
    );
    await tamper(db, `update audit_event set details = '{"edited":true}' where seq = $1`, [third!.seq]);
    const result = await verify();
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.brokenAt, third!.seq);
  });

  test('verify finds an event deleted from the middle', async () => {
    await writeEvents(4);
    const rows = await db.asOwner((sql) =>
      sql.query<{ seq: number }>('select seq from audit_event order by seq'),
    );
    await tamper(db, 'delete from audit_event where seq = $1', [rows[1]!.seq]);
    const result = await verify();
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.brokenAt, rows[2]!.seq);
  });

  test('verify finds the newest events deleted, from the anchor kept outside the database', async () => {
    await writeEvents(3);
    const anchored = writeAnchor(anchorFile, await db.asOwner(chainHead));
    await tamper(db, 'delete from audit_event where seq = $1', [anchored!.seq]);
    const result = await verify();
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.brokenAt, anchored!.seq);
    assert.match(!result.ok ? result.reason : '', /newest events were removed/);
  });

  test('verify finds a rebuilt chain, from the anchor kept outside the database', async () => {
    await writeEvents(2);
    const anchored = writeAnchor(anchorFile, await db.asOwner(chainHead));
    // Someone with owner rights rewrites history and re-chains every hash so the chain itself is sound.
    await tamper(db, `update audit_event set details = '{"rewritten":true}'`);
    await db.asOwner(async (sql) => {
      await sql.query('alter table audit_event disable trigger audit_event_append_only');
      const rows = await sql.query<{ seq: number }>('select seq from audit_event order by seq');
      let previous = Buffer.from([0]);
      for (const row of rows) {
        await sql.query('update audit_event set prev_hash = $2 where seq = $1', [row.seq, previous]);
        await sql.query(
          `update audit_event e set hash = sha256(convert_to(kindred_audit_canonical(e), 'UTF8')) where seq = $1`,
          [row.seq],
        );
        const [hashRow] = await sql.query<{ hash: Uint8Array }>(
          'select hash from audit_event where seq = $1',
          [row.seq],
        );
        previous = Buffer.from(hashRow!.hash);
      }
      await sql.query('alter table audit_event enable trigger audit_event_append_only');
    });
    const result = await verify();
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.brokenAt, anchored!.seq);
  });
});
