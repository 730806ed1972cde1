import { recordAudit } from '../audit/index.ts';
import type { Sql } from '../db/index.ts';

/** What stands in a flow's way, in words: a coordinator records it on the day it is raised. */
export async function raiseBarrier(
  sql: Sql,
  dataFlowId: string,
  description: string,
  on: string,
): Promise<string> {
  const [row] = await sql.query<{ id: string }>(
    'insert into data_flow_barrier (data_flow_id, description, raised_on) values ($1, $2, $3) returning id',
    [dataFlowId, description.trim(), on],
  );
  await recordAudit(sql, {
    action: 'CREATE_DATA_FLOW_BARRIER',
    subjectType: 'data_flow',
    subjectIds: [dataFlowId, row!.id],
    details: { raisedOn: on },
  });
  return row!.id;
}

export async function resolveBarrier(
  sql: Sql,
  barrierId: string,
  resolution: string,
  on: string,
): Promise<void> {
  const [row] = await sql.query<{ data_flow_id: string }>(
    `update data_flow_barrier set resolved_on = $2, resolution = $3 where id = $1 and resolved_on is null
     returning data_flow_id`,
    [barrierId, on, resolution.trim() || null],
  );
  if (!row) throw new Error('The barrier is already resolved, or you may not change the roadmap.');
  await recordAudit(sql, {
    action: 'UPDATE_DATA_FLOW_BARRIER',
    subjectType: 'data_flow',
    subjectIds: [row.data_flow_id, barrierId],
    details: { resolvedOn: on },
  });
}

export interface NewAction {
  description: string;
  /** A person or team, as the partnership knows them. */
  owner: string;
  ownerOrganisationId: string | null;
  dueOn: string;
}

/** The next small step for a flow, with whoever owns it and when it is due. */
export async function addAction(sql: Sql, dataFlowId: string, action: NewAction): Promise<string> {
  const [row] = await sql.query<{ id: string }>(
    `insert into data_flow_action (data_flow_id, description, owner, owner_organisation_id, due_on)
     values ($1, $2, $3, $4, $5) returning id`,
    [dataFlowId, action.description.trim(), action.owner.trim(), action.ownerOrganisationId, action.dueOn],
  );
  await recordAudit(sql, {
    action: 'CREATE_DATA_FLOW_ACTION',
    subjectType: 'data_flow',
    subjectIds: [dataFlowId, row!.id],
    details: { dueOn: action.dueOn },
  });
  return row!.id;
}

export async function completeAction(sql: Sql, actionId: string, on: string): Promise<void> {
  const [row] = await sql.query<{ data_flow_id: string }>(
    'update data_flow_action set done_on = $2 where id = $1 and done_on is null returning data_flow_id',
    [actionId, on],
  );
  if (!row) throw new Error('The action is already done, or you may not change the roadmap.');
  await recordAudit(sql, {
    action: 'UPDATE_DATA_FLOW_ACTION',
    subjectType: 'data_flow',
    subjectIds: [row.data_flow_id, actionId],
    details: { doneOn: on },
  });
}
