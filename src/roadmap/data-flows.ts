import { recordAudit } from '../audit/index.ts';
import type { Sql } from '../db/index.ts';
import type { FlowHistory, StageChange } from './distance-travelled.ts';
import { type HeadlineProblem, isHeadlineProblem, isStage, type Stage } from './stages.ts';

/** What a coordinator says about a data flow the partnership wants. */
export interface DataFlowPlan {
  organisationId: string;
  /** The short name uploads use (`police`), lower case letters, digits and underscores. */
  source: string;
  /** The dataset, in words. */
  title: string;
  description: string;
  problems: HeadlineProblem[];
  agreementId: string | null;
}

export interface Barrier {
  id: string;
  description: string;
  raisedOn: string;
  resolvedOn: string | null;
  resolution: string;
}

export interface RoadmapAction {
  id: string;
  description: string;
  owner: string;
  ownerOrganisationId: string | null;
  ownerOrganisation: string | null;
  dueOn: string;
  doneOn: string | null;
}

export interface RecordedStageChange extends StageChange {
  note: string;
  changedBy: string | null;
}

export interface RoadmapFlow extends DataFlowPlan {
  id: string;
  partner: string;
  stage: Stage;
  stageChangedOn: string;
  agreementReference: string | null;
  openBarriers: number;
  nextAction: { description: string; dueOn: string } | null;
}

export interface RoadmapFlowDetail extends RoadmapFlow {
  history: RecordedStageChange[];
  barriers: Barrier[];
  actions: RoadmapAction[];
}

export interface PlanProblem {
  field: string;
  message: string;
}

export function planProblems(plan: DataFlowPlan): PlanProblem[] {
  const problems: PlanProblem[] = [];
  if (!plan.organisationId)
    problems.push({ field: 'organisationId', message: 'Select the partner that holds the data' });
  if (!/^[a-z][a-z0-9_]*$/.test(plan.source)) {
    problems.push({
      field: 'source',
      message:
        'Enter a short name of lower case letters, digits and underscores, starting with a letter, like police',
    });
  }
  if (!plan.title.trim()) problems.push({ field: 'title', message: 'Enter the dataset' });
  if (!plan.problems.every(isHeadlineProblem))
    problems.push({ field: 'problems', message: 'Select headline problems from the list' });
  return problems;
}

interface FlowRow {
  id: string;
  organisation_id: string;
  partner: string;
  source: string;
  title: string;
  description: string | null;
  problems: HeadlineProblem[];
  agreement_id: string | null;
  agreement_reference: string | null;
  stage: Stage;
  stage_changed_on: string;
  open_barriers: number;
  next_action: string | null;
  next_action_due: string | null;
}

const toFlow = (row: FlowRow): RoadmapFlow => ({
  id: row.id,
  organisationId: row.organisation_id,
  partner: row.partner,
  source: row.source,
  title: row.title,
  description: row.description ?? '',
  problems: row.problems,
  agreementId: row.agreement_id,
  agreementReference: row.agreement_reference,
  stage: row.stage,
  stageChangedOn: row.stage_changed_on,
  openBarriers: row.open_barriers,
  nextAction:
    row.next_action && row.next_action_due
      ? { description: row.next_action, dueOn: row.next_action_due }
      : null,
});

// The agreement's reference shows only to those who may read the agreement (row-level security decides).
const flowQuery = `
  select f.id, f.organisation_id, o.name as partner, f.source, f.title, f.description, f.problems, f.agreement_id,
         a.reference as agreement_reference, f.stage, f.stage_changed_on,
         (select count(*) from data_flow_barrier b where b.data_flow_id = f.id and b.resolved_on is null)::int as open_barriers,
         n.description as next_action, n.due_on as next_action_due
  from data_flow f
  join organisation o on o.id = f.organisation_id
  left join agreement a on a.id = f.agreement_id
  left join lateral (select description, due_on from data_flow_action x where x.data_flow_id = f.id and x.done_on is null
                     order by due_on limit 1) n on true`;

/** Every data flow on the roadmap, by partner. */
export async function listRoadmap(sql: Sql): Promise<RoadmapFlow[]> {
  return (await sql.query<FlowRow>(`${flowQuery} order by o.name, f.title`)).map(toFlow);
}

export async function findDataFlow(sql: Sql, id: string): Promise<RoadmapFlowDetail | undefined> {
  const [row] = await sql.query<FlowRow>(`${flowQuery} where f.id = $1`, [id]);
  if (!row) return undefined;
  const history = await sql.query<{
    from_stage: Stage | null;
    to_stage: Stage;
    changed_on: string;
    note: string | null;
    changed_by: string | null;
  }>(
    `select c.from_stage, c.to_stage, c.changed_on, c.note, c.changed_by_name as changed_by
     from data_flow_stage_change c
     where c.data_flow_id = $1 order by c.changed_on, c.id`,
    [id],
  );
  const barriers = await sql.query<{
    id: string;
    description: string;
    raised_on: string;
    resolved_on: string | null;
    resolution: string | null;
  }>(
    `select id, description, raised_on, resolved_on, resolution from data_flow_barrier where data_flow_id = $1
     order by resolved_on nulls first, raised_on`,
    [id],
  );
  const actions = await sql.query<{
    id: string;
    description: string;
    owner: string;
    owner_organisation_id: string | null;
    owner_organisation: string | null;
    due_on: string;
    done_on: string | null;
  }>(
    `select x.id, x.description, x.owner, x.owner_organisation_id, o.name as owner_organisation, x.due_on, x.done_on
     from data_flow_action x left join organisation o on o.id = x.owner_organisation_id
     where x.data_flow_id = $1 order by x.done_on nulls first, x.due_on`,
    [id],
  );
  return {
    ...toFlow(row),
    history: history.map((change) => ({
      fromStage: change.from_stage,
      toStage: change.to_stage,
      changedOn: change.changed_on,
      note: change.note ?? '',
      changedBy: change.changed_by,
    })),
    barriers: barriers.map((barrier) => ({
      id: barrier.id,
      description: barrier.description,
      raisedOn: barrier.raised_on,
      resolvedOn: barrier.resolved_on,
      resolution: barrier.resolution ?? '',
    })),
    actions: actions.map((action) => ({
      id: action.id,
      description: action.description,
      owner: action.owner,
      ownerOrganisationId: action.owner_organisation_id,
      ownerOrganisation: action.owner_organisation,
      dueOn: action.due_on,
      doneOn: action.done_on,
    })),
  };
}

/** Every flow with its whole stage history, for the board report. */
export async function loadFlowHistories(sql: Sql): Promise<FlowHistory[]> {
  const flows = await sql.query<{ id: string; title: string; partner: string; problems: HeadlineProblem[] }>(
    `select f.id, f.title, o.name as partner, f.problems from data_flow f join organisation o on o.id = f.organisation_id
     order by o.name, f.title`,
  );
  const changes = await sql.query<{
    data_flow_id: string;
    from_stage: Stage | null;
    to_stage: Stage;
    changed_on: string;
  }>(
    'select data_flow_id, from_stage, to_stage, changed_on from data_flow_stage_change order by changed_on, id',
  );
  return flows.map((flow) => ({
    ...flow,
    history: changes
      .filter((change) => change.data_flow_id === flow.id)
      .map((change) => ({
        fromStage: change.from_stage,
        toStage: change.to_stage,
        changedOn: change.changed_on,
      })),
  }));
}

/** A coordinator puts a data flow on the roadmap, at the stage it has reached (`identified` for a new idea). */
export async function planDataFlow(
  sql: Sql,
  plan: DataFlowPlan,
  start: { stage: Stage; on: string; note?: string },
): Promise<string> {
  if (!isStage(start.stage)) throw new Error(`There is no stage ${start.stage}.`);
  const [row] = await sql.query<{ id: string }>(
    `insert into data_flow (organisation_id, source, title, description, problems, agreement_id, stage, stage_changed_on, stage_note)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning id`,
    [
      plan.organisationId,
      plan.source,
      plan.title.trim(),
      plan.description.trim() || null,
      plan.problems,
      plan.agreementId,
      start.stage,
      start.on,
      start.note?.trim() || null,
    ],
  );
  await recordAudit(sql, {
    action: 'CREATE_DATA_FLOW',
    subjectType: 'data_flow',
    subjectIds: [row!.id],
    subjectOrganisationId: plan.organisationId,
    details: { source: plan.source, stage: start.stage, problems: plan.problems },
  });
  return row!.id;
}

/** A coordinator changes what a flow is (not its stage: see `changeStage`). */
export async function updateDataFlow(sql: Sql, id: string, plan: DataFlowPlan): Promise<void> {
  const updated = await sql.query(
    `update data_flow set organisation_id = $2, source = $3, title = $4, description = $5, problems = $6, agreement_id = $7
     where id = $1 returning id`,
    [
      id,
      plan.organisationId,
      plan.source,
      plan.title.trim(),
      plan.description.trim() || null,
      plan.problems,
      plan.agreementId,
    ],
  );
  if (updated.length === 0) throw new Error('Only the council’s coordinators may change the roadmap.');
  await recordAudit(sql, {
    action: 'UPDATE_DATA_FLOW',
    subjectType: 'data_flow',
    subjectIds: [id],
    subjectOrganisationId: plan.organisationId,
    details: { source: plan.source, problems: plan.problems, agreementLinked: plan.agreementId !== null },
  });
}

/** A flow reaches another stage on a day; the database writes it to the flow's history. */
export async function changeStage(sql: Sql, id: string, stage: Stage, on: string, note = ''): Promise<void> {
  if (!isStage(stage)) throw new Error(`There is no stage ${stage}.`);
  const updated = await sql.query<{ organisation_id: string }>(
    `update data_flow set stage = $2, stage_changed_on = $3, stage_note = $4 where id = $1 returning organisation_id`,
    [id, stage, on, note.trim() || null],
  );
  if (updated.length === 0) throw new Error('Only the council’s coordinators may change the roadmap.');
  await recordAudit(sql, {
    action: 'UPDATE_DATA_FLOW_STAGE',
    subjectType: 'data_flow',
    subjectIds: [id],
    subjectOrganisationId: updated[0]!.organisation_id,
    details: { stage, on },
  });
}
