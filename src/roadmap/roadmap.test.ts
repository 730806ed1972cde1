import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeOnEachDatabase } from '../../test/support/databases.ts';
import { buildOrganisation, buildUser, type TestUser } from '../../test/support/factories.ts';
import type { Database } from '../db/index.ts';
import { addAction, completeAction, raiseBarrier, resolveBarrier } from './barriers-and-actions.ts';
import { boardReport } from './board-report.ts';
import { changeStage, findDataFlow, listRoadmap, planDataFlow } from './data-flows.ts';

await describeOnEachDatabase('the sharing roadmap', (target) => {
  let db: Database;
  let coordinator: TestUser;
  let boardViewer: TestUser;
  let policeOfficer: TestUser;
  let policeId: string;
  let flowId: string;

  before(async () => {
    db = await target.open();
    const council = await buildOrganisation(db, 'council');
    policeId = await buildOrganisation(db, 'police', 'Testshire Police');
    coordinator = await buildUser(db, council, ['coordinator']);
    boardViewer = await buildUser(db, council, ['board_viewer']);
    policeOfficer = await buildUser(db, policeId, ['partner_data_officer']);
    flowId = await db.asActor(coordinator.actor, (sql) =>
      planDataFlow(
        sql,
        {
          organisationId: policeId,
          source: 'police',
          title: 'Offending and ASB',
          description: 'Nominals known to the force',
          problems: ['crime', 'dv'],
          agreementId: null,
        },
        { stage: 'identified', on: '2025-01-10' },
      ),
    );
  });

  test('every stage change is kept with its date, note and who made it', async () => {
    await db.asActor(coordinator.actor, (sql) =>
      changeStage(sql, flowId, 'gateway_agreed', '2025-03-01', 's115 confirmed'),
    );
    await db.asActor(coordinator.actor, (sql) => changeStage(sql, flowId, 'live', '2025-09-01'));
    const flow = await db.asActor(boardViewer.actor, (sql) => findDataFlow(sql, flowId));
    assert.equal(flow!.stage, 'live');
    assert.deepEqual(
      flow!.history.map((change) => [change.fromStage, change.toStage, change.changedOn, change.note]),
      [
        [null, 'identified', '2025-01-10', ''],
        ['identified', 'gateway_agreed', '2025-03-01', 's115 confirmed'],
        ['gateway_agreed', 'live', '2025-09-01', ''],
      ],
    );
    assert.equal(
      flow!.history[1]!.changedBy,
      coordinator.email.split('@')[0],
      'the board sees who changed it',
    );
    await assert.rejects(
      db.asActor(coordinator.actor, (sql) => changeStage(sql, flowId, 'automated', '2025-08-01')),
      /cannot be dated before/,
    );
  });

  test('only council coordinators change the roadmap; everyone signed in reads it', async () => {
    await assert.rejects(
      db.asActor(policeOfficer.actor, (sql) => changeStage(sql, flowId, 'automated', '2026-01-01')),
      /Only the council’s coordinators/,
    );
    await assert.rejects(
      db.asActor(boardViewer.actor, (sql) => raiseBarrier(sql, flowId, 'No analyst time', '2026-01-01')),
      /row-level security/,
    );
    await assert.rejects(
      db.asActor(coordinator.actor, (sql) =>
        sql.query(
          `insert into data_flow_stage_change (data_flow_id, to_stage, changed_on) values ($1, 'live', '2020-01-01')`,
          [flowId],
        ),
      ),
      /permission denied/,
      'the history is written only by the database',
    );
    assert.deepEqual(
      (await db.asActor(policeOfficer.actor, (sql) => listRoadmap(sql))).map((flow) => flow.source),
      ['police'],
    );
  });

  test('barriers and actions with owners and due dates', async () => {
    const barrier = await db.asActor(coordinator.actor, (sql) =>
      raiseBarrier(sql, flowId, 'Force wants a DPIA first', '2025-02-01'),
    );
    const action = await db.asActor(coordinator.actor, (sql) =>
      addAction(sql, flowId, {
        description: 'Share the DPIA draft',
        owner: 'Casey',
        ownerOrganisationId: null,
        dueOn: '2025-02-15',
      }),
    );
    await db.asActor(coordinator.actor, (sql) =>
      addAction(sql, flowId, {
        description: 'Book the IG meeting',
        owner: 'IG team',
        ownerOrganisationId: policeId,
        dueOn: '2025-03-01',
      }),
    );
    let flow = await db.asActor(boardViewer.actor, (sql) => findDataFlow(sql, flowId));
    assert.equal(flow!.openBarriers, 1);
    assert.deepEqual(flow!.nextAction, { description: 'Share the DPIA draft', dueOn: '2025-02-15' });
    assert.equal(flow!.actions[1]!.ownerOrganisation, 'Testshire Police');
    await db.asActor(coordinator.actor, (sql) => resolveBarrier(sql, barrier, 'DPIA shared', '2025-02-20'));
    await db.asActor(coordinator.actor, (sql) => completeAction(sql, action, '2025-02-14'));
    flow = await db.asActor(boardViewer.actor, (sql) => findDataFlow(sql, flowId));
    assert.equal(flow!.openBarriers, 0);
    assert.deepEqual(flow!.nextAction, { description: 'Book the IG meeting', dueOn: '2025-03-01' });
    const audited = await db.asOwner((sql) =>
      sql.query<{ action: string }>(
        `select action from audit_event where $1 = any (subject_ids) order by seq`,
        [flowId],
      ),
    );
    assert.deepEqual([...new Set(audited.map((row) => row.action))].sort(), [
      'CREATE_DATA_FLOW',
      'CREATE_DATA_FLOW_ACTION',
      'CREATE_DATA_FLOW_BARRIER',
      'UPDATE_DATA_FLOW_ACTION',
      'UPDATE_DATA_FLOW_BARRIER',
      'UPDATE_DATA_FLOW_STAGE',
    ]);
  });

  test('the board report counts flows by stage then and now from the history', async () => {
    const report = await db.asActor(boardViewer.actor, (sql) => boardReport(sql, '2025-04-01', '2025-12-01'));
    const counted = report.stages
      .filter((count) => count.earlier + count.now > 0)
      .map((count) => [count.stage, count.earlier, count.now]);
    assert.deepEqual(counted, [
      ['gateway_agreed', 1, 0],
      ['live', 0, 1],
    ]);
    assert.deepEqual(report.coverage, [
      { partner: 'Testshire Police', problems: { crime: 'live', dv: 'live' } },
    ]);
  });
});
