import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeOnEachDatabase } from '../../test/support/databases.ts';
import type { TestUser } from '../../test/support/factories.ts';
import { shippedFrameworkDefinitions } from '../criteria/index.ts';
import type { Database, Sql } from '../db/index.ts';
import { copyFramework } from './index.ts';
import { buildCouncilStaff, type CouncilStaff } from './outcomes-plan.test-support.ts';

/** Drops a policy for the length of `work`, then puts back exactly what pg_policies said it was. */
async function withoutPolicy(db: Database, policy: string, work: () => Promise<void>): Promise<void> {
  const table = 'local_framework_version';
  const [definition] = await db.asOwner((sql) =>
    sql.query<{ cmd: string; qual: string | null; with_check: string | null; permissive: string }>(
      'select cmd, qual, with_check, permissive from pg_policies where tablename = $1 and policyname = $2',
      [table, policy],
    ),
  );
  assert.ok(definition, `policy ${policy} exists`);
  await db.asOwner((sql) => sql.query(`drop policy ${policy} on ${table}`));
  try {
    await work();
  } finally {
    const using = definition.qual ? ` using (${definition.qual})` : '';
    const check = definition.with_check ? ` with check (${definition.with_check})` : '';
    await db.asOwner((sql) =>
      sql.query(
        `create policy ${policy} on ${table} as ${definition.permissive} for ${definition.cmd}${using}${check}`,
      ),
    );
  }
}

/** The next version of a framework written straight into the table, as a bug or an attacker might. */
const insertDirectly = (
  sql: Sql,
  councilId: string,
  frameworkId: string,
  version: number,
  createdBy?: string,
) => {
  const definition = {
    ...shippedFrameworkDefinitions()[0]!,
    id: frameworkId,
    version,
    basedOn: { id: 'tf-2015', version: 1 },
  };
  return sql.query(
    `insert into local_framework_version
       (council_id, framework_id, version, title, definition, based_on_id, based_on_version, change_note, created_by)
     values ($1, $2, $3, $4, $5, 'tf-2015', 1, 'direct', coalesce($6, kindred_user_id()))`,
    [councilId, frameworkId, version, definition.title, JSON.stringify(definition), createdBy ?? null],
  );
};

await describeOnEachDatabase('outcomes plan row-level security', (target) => {
  let db: Database;
  let staff: CouncilStaff;

  const visible = (user: TestUser): Promise<string[]> =>
    db.asActor(user.actor, async (sql) =>
      (
        await sql.query<{ framework: string }>(
          `select framework_id || ' v' || version as framework from local_framework_version order by 1`,
        )
      ).map((row) => row.framework),
    );

  before(async () => {
    db = await target.open();
    staff = await buildCouncilStaff(db);
    const copy = (user: TestUser, id: string) =>
      db.asActor(user.actor, (sql) => copyFramework(sql, { from: { id: 'tf-2015' }, id, title: id }));
    assert.equal((await copy(staff.coordinator, 'northshire-2026')).kind, 'saved');
    assert.equal((await copy(staff.otherCouncilCoordinator, 'southshire-2026')).kind, 'saved');
  });

  /** Both sides: the council's coordinators, analysts and keyworkers read its frameworks; no one else does. */
  async function checkReaders(): Promise<void> {
    assert.deepEqual(await visible(staff.coordinator), ['northshire-2026 v1']);
    assert.deepEqual(await visible(staff.analyst), ['northshire-2026 v1']);
    assert.deepEqual(await visible(staff.keyworker), ['northshire-2026 v1']);
    assert.deepEqual(await visible(staff.otherCouncilCoordinator), ['southshire-2026 v1']);
    assert.deepEqual(await visible(staff.boardViewer), []);
    assert.deepEqual(await visible(staff.policeOfficer), []);
  }

  test('a council’s programme staff read its frameworks; other councils, board viewers and partners do not', async () => {
    await checkReaders();
  });

  test('the reader check fails when the read policy is dropped', async () => {
    await withoutPolicy(db, 'local_framework_version_read', async () => {
      await assert.rejects(checkReaders(), assert.AssertionError);
    });
    await checkReaders();
  });

  test('only the council’s coordinators save versions, in their own name, for their own council', async () => {
    const { councilId } = staff;
    const refusedFor = async (user: TestUser, council: string, createdBy?: string) =>
      assert.rejects(
        db.asActor(user.actor, (sql) => insertDirectly(sql, council, 'northshire-2026', 2, createdBy)),
        /row-level security/,
        `refused for ${user.email}`,
      );
    await refusedFor(staff.analyst, councilId);
    await refusedFor(staff.keyworker, councilId);
    await refusedFor(staff.boardViewer, councilId);
    await refusedFor(staff.otherCouncilCoordinator, councilId);
    await refusedFor(staff.coordinator, councilId, staff.analyst.id);
    await db.asActor(staff.coordinator.actor, (sql) => insertDirectly(sql, councilId, 'northshire-2026', 2));
    assert.deepEqual(await visible(staff.analyst), ['northshire-2026 v1', 'northshire-2026 v2']);
  });

  test('a coordinator’s save fails when the insert policy is dropped', async () => {
    await withoutPolicy(db, 'local_framework_version_save', async () => {
      await assert.rejects(
        db.asActor(staff.coordinator.actor, (sql) =>
          copyFramework(sql, { from: { id: 'sf-2022' }, id: 'northshire-sf', title: 'SF' }),
        ),
        /row-level security/,
      );
    });
    const outcome = await db.asActor(staff.coordinator.actor, (sql) =>
      copyFramework(sql, { from: { id: 'sf-2022' }, id: 'northshire-sf', title: 'SF' }),
    );
    assert.equal(outcome.kind, 'saved');
  });

  test('versions are numbered without gaps: a skipped or repeated number is refused', async () => {
    const { coordinator, councilId } = staff;
    await assert.rejects(
      db.asActor(coordinator.actor, (sql) => insertDirectly(sql, councilId, 'northshire-2026', 5)),
      /the next version is 3, not 5/,
    );
    await assert.rejects(
      db.asActor(coordinator.actor, (sql) => insertDirectly(sql, councilId, 'northshire-2026', 2)),
      /the next version is 3, not 2/,
    );
    await assert.rejects(
      db.asActor(coordinator.actor, (sql) => insertDirectly(sql, councilId, 'tf-2015', 1)),
      /check constraint/,
      'a shipped id is never a local one',
    );
  });

  test('a saved version is never changed or removed, by the application or by the owner', async () => {
    const { coordinator } = staff;
    for (const statement of [
      `update local_framework_version set title = 'Changed'`,
      'delete from local_framework_version',
    ]) {
      await assert.rejects(
        db.asActor(coordinator.actor, (sql) => sql.query(statement)),
        /permission denied/,
        statement,
      );
      await assert.rejects(
        db.asOwner((sql) => sql.query(statement)),
        /never changed or removed/,
        `${statement} as the owner`,
      );
    }
    await assert.rejects(
      db.asOwner((sql) => sql.query('truncate local_framework_version')),
      /never changed or removed/,
    );
    assert.deepEqual(await visible(staff.analyst), [
      'northshire-2026 v1',
      'northshire-2026 v2',
      'northshire-sf v1',
    ]);
  });
});
