import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeOnEachDatabase } from '../../test/support/databases.ts';
import { buildOrganisation, buildUser, platformActor, type TestUser } from '../../test/support/factories.ts';
import type { Database } from './index.ts';

interface Partnership {
  police: TestUser;
  school: TestUser;
  coordinator: TestUser;
  boardViewer: TestUser;
}

async function shareRows(db: Database, uploader: TestUser, source: string, people: string[]): Promise<void> {
  const flowId = await db.asActor(platformActor, async (sql) => {
    const [row] = await sql.query<{ id: string }>(
      'insert into data_flow (organisation_id, source, title) values ($1, $2, $3) returning id',
      [uploader.organisationId, source, `${source} extract`],
    );
    return row!.id;
  });
  await db.asActor(uploader.actor, async (sql) => {
    const [upload] = await sql.query<{ id: string }>(
      `insert into upload (data_flow_id, organisation_id, file_name, content_sha256, uploaded_by)
       values ($1, $2, 'extract.csv', $3, $4) returning id`,
      [flowId, uploader.organisationId, `hash-${source}`, uploader.id],
    );
    for (const [index, person] of people.entries()) {
      await sql.query(
        `insert into extract_row (upload_id, organisation_id, line, record_id, family_name) values ($1, $2, $3, $4, $5)`,
        [upload!.id, uploader.organisationId, index + 2, `${source}-${index}`, person],
      );
    }
    await sql.query(`update upload set state = 'visible' where id = $1`, [upload!.id]);
  });
}

const visibleNames = (db: Database, user: TestUser): Promise<string[]> =>
  db.asActor(user.actor, async (sql) =>
    (
      await sql.query<{ family_name: string }>('select family_name from extract_row order by family_name')
    ).map((row) => row.family_name),
  );

/** Both sides: each partner sees its own rows and none of the other's; the council sees both. */
async function checkPartnerIsolation(db: Database, partnership: Partnership): Promise<void> {
  assert.deepEqual(await visibleNames(db, partnership.police), ['Adams', 'Brown']);
  assert.deepEqual(await visibleNames(db, partnership.school), ['Clarke']);
  assert.deepEqual(await visibleNames(db, partnership.coordinator), ['Adams', 'Brown', 'Clarke']);
  assert.deepEqual(await visibleNames(db, partnership.boardViewer), []);
}

await describeOnEachDatabase('row-level security', (target) => {
  let db: Database;
  let partnership: Partnership;

  before(async () => {
    db = await target.open();
    const council = await buildOrganisation(db, 'council');
    const policeOrganisation = await buildOrganisation(db, 'police');
    const schoolOrganisation = await buildOrganisation(db, 'education');
    partnership = {
      police: await buildUser(db, policeOrganisation, ['partner_data_officer']),
      school: await buildUser(db, schoolOrganisation, ['partner_data_officer']),
      coordinator: await buildUser(db, council, ['coordinator']),
      boardViewer: await buildUser(db, council, ['board_viewer']),
    };
    await shareRows(db, partnership.police, 'police', ['Adams', 'Brown']);
    await shareRows(db, partnership.school, 'schools', ['Clarke']);
  });

  test('a partner data officer reads only their own organisation’s rows', async () => {
    await checkPartnerIsolation(db, partnership);
  });

  test('rows of an upload still loading are seen by their uploader only, not even by the council', async () => {
    const uploadId = await db.asActor(partnership.police.actor, async (sql) => {
      const [flow] = await sql.query<{ id: string }>(`select id from data_flow where source = 'police'`);
      const [upload] = await sql.query<{ id: string }>(
        `insert into upload (data_flow_id, organisation_id, file_name, content_sha256, uploaded_by)
         values ($1, $2, 'next.csv', 'hash-next', $3) returning id`,
        [flow!.id, partnership.police.organisationId, partnership.police.id],
      );
      await sql.query(
        `insert into extract_row (upload_id, organisation_id, line, record_id, family_name) values ($1, $2, 2, 'x', 'Zephyr')`,
        [upload!.id, partnership.police.organisationId],
      );
      return upload!.id;
    });
    assert.ok(!(await visibleNames(db, partnership.coordinator)).includes('Zephyr'));
    assert.ok(!(await visibleNames(db, partnership.school)).includes('Zephyr'));
    assert.ok((await visibleNames(db, partnership.police)).includes('Zephyr'));
    await db.asActor(partnership.police.actor, async (sql) => {
      await sql.query(`update upload set state = 'failed' where id = $1`, [uploadId]);
      await sql.query('delete from extract_row where upload_id = $1', [uploadId]);
    });
    assert.ok(!(await visibleNames(db, partnership.police)).includes('Zephyr'));
  });

  test('a partner cannot load rows into another partner’s upload', async () => {
    await assert.rejects(
      db.asActor(partnership.school.actor, async (sql) => {
        const [upload] = await sql.query<{ id: string }>(
          `select id from upload where state = 'visible' limit 1`,
        );
        const [policeUpload] = await sql.query<{ id: string }>(
          `select u.id from upload u join data_flow f on f.id = u.data_flow_id where f.source = 'police'`,
        );
        assert.equal(policeUpload, undefined, 'the school cannot even see the police upload');
        await sql.query(
          `insert into extract_row (upload_id, organisation_id, line, record_id) values ($1, $2, 2, 'x')`,
          [upload!.id, partnership.police.organisationId],
        );
      }),
      /row-level security/,
    );
  });

  test('the application role is unprivileged and cannot switch itself back', async () => {
    const [me] = await db.asAnonymous((sql) =>
      sql.query<{ current_user: string; rolsuper: boolean; rolbypassrls: boolean }>(
        'select current_user, rolsuper, rolbypassrls from pg_roles where rolname = current_user',
      ),
    );
    assert.deepEqual(me, { current_user: 'kindred_app', rolsuper: false, rolbypassrls: false });
    for (const statement of [
      'set role kindred_owner',
      'set role postgres',
      "select set_config('role', 'postgres', false)",
    ]) {
      await assert.rejects(
        db.asAnonymous((sql) => sql.query(statement)),
        `${statement} must be refused`,
      );
    }
    const [after] = await db.asAnonymous((sql) => sql.query<{ current_user: string }>('select current_user'));
    assert.equal(after!.current_user, 'kindred_app');
  });

  test('the isolation check fails when the read policy is dropped', async () => {
    await db.asOwner((sql) => sql.query('drop policy extract_row_read on extract_row'));
    try {
      await assert.rejects(checkPartnerIsolation(db, partnership), assert.AssertionError);
    } finally {
      await db.asOwner((sql) =>
        sql.query(`create policy extract_row_read on extract_row for select using (
          upload_id in (select id from upload where state = 'visible')
          and ((select kindred_reads_partnership_data())
               or (organisation_id = (select kindred_user_organisation()) and (select kindred_reads_own_organisation_data()))))`),
      );
    }
    await checkPartnerIsolation(db, partnership);
  });

  test('the isolation check fails when the read policy lets everyone in', async () => {
    await db.asOwner((sql) =>
      sql.query('create policy extract_row_everyone on extract_row for select using (true)'),
    );
    try {
      await assert.rejects(checkPartnerIsolation(db, partnership), assert.AssertionError);
    } finally {
      await db.asOwner((sql) => sql.query('drop policy extract_row_everyone on extract_row'));
    }
  });
});
