import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { listOrganisations, may } from '../../access/index.ts';
import { isCalendarDate, loadAgreements, longDate, todayInEngland } from '../../agreements/index.ts';
import type { Sql } from '../../db/index.ts';
import {
  addAction,
  changeStage,
  completeAction,
  type DataFlowPlan,
  findDataFlow,
  headlineProblemNames,
  headlineProblems,
  isHeadlineProblem,
  isStage,
  listRoadmap,
  planDataFlow,
  planProblems,
  raiseBarrier,
  resolveBarrier,
  type Stage,
  stageNames,
  stages,
  updateDataFlow,
} from '../../roadmap/index.ts';
import { actorOf } from '../request-context.ts';
import { forbidden, type WebSettings } from '../server.ts';
import { uuidPattern } from './agreements.ts';
import { errorList, problemsByField } from './agreements-form.ts';

const purpose = 'sharing-roadmap';

const stageTags: Record<Stage, string> = {
  identified: 'govuk-tag--grey',
  gateway_agreed: 'govuk-tag--light-blue',
  agreement_drafted: 'govuk-tag--purple',
  signed: 'govuk-tag--blue',
  test_extract: 'govuk-tag--yellow',
  live: 'govuk-tag--green',
  automated: 'govuk-tag--teal',
};
export const stageTag = (stage: Stage) => ({ text: stageNames[stage], classes: stageTags[stage] });

type Body = Record<string, unknown>;
const text = (body: Body, name: string): string =>
  typeof body[name] === 'string' ? (body[name] as string).trim() : '';
const list = (body: Body, name: string): string[] => {
  const value = body[name];
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(String);
};

function readPlan(body: Body): DataFlowPlan {
  const agreementId = text(body, 'agreementId');
  return {
    organisationId: text(body, 'organisationId'),
    source: text(body, 'source'),
    title: text(body, 'title'),
    description: text(body, 'description'),
    problems: list(body, 'problems').filter(isHeadlineProblem),
    agreementId: uuidPattern.test(agreementId) ? agreementId : null,
  };
}

/** A day a coordinator gives: a real date, not in the future. */
function dayProblem(day: string, today: string): string | undefined {
  if (!isCalendarDate(day)) return 'Enter a real date';
  if (day > today) return 'The date must be today or in the past';
  return undefined;
}

/** The roadmap: every data flow, its stage and history, its barriers and next actions. */
export function registerRoadmapRoutes(app: FastifyInstance, settings: WebSettings): void {
  const { db } = settings;
  const as = (request: FastifyRequest) => actorOf(request.user!, request.id, purpose);

  app.get('/roadmap', async (request, reply) => {
    const user = request.user!;
    if (!may.readRoadmap(user)) return forbidden(reply, 'see the sharing roadmap');
    const flows = await db.asActor(as(request), (sql) => listRoadmap(sql));
    const today = todayInEngland();
    return reply.view('roadmap/index.njk', {
      title: 'Sharing roadmap',
      flows: flows.map((flow) => ({
        ...flow,
        tag: stageTag(flow.stage),
        problemNames: flow.problems.map((problem) => headlineProblemNames[problem]),
        nextActionText: flow.nextAction
          ? `${flow.nextAction.description}, due ${longDate(flow.nextAction.dueOn)}${flow.nextAction.dueOn < today ? ' (overdue)' : ''}`
          : '',
      })),
      stageCounts: stages.map((stage) => ({
        name: stageNames[stage],
        count: flows.filter((flow) => flow.stage === stage).length,
      })),
      mayPlan: may.planRoadmap(user),
      flash:
        (request.query as Record<string, string>).done === 'created'
          ? 'The data flow is on the roadmap.'
          : undefined,
    });
  });

  const choices = async (sql: Sql) => ({
    organisations: await listOrganisations(sql),
    agreements: (await loadAgreements(sql)).map((agreement) => ({
      id: agreement.id,
      text: `${agreement.reference} ${agreement.versions[0]?.terms.title ?? ''}`,
    })),
  });

  const renderPlan = async (
    request: FastifyRequest,
    reply: FastifyReply,
    plan: DataFlowPlan,
    context: Record<string, unknown>,
  ) => {
    const { organisations, agreements } = await db.asActor(as(request), choices);
    return reply.view('roadmap/flow-form.njk', {
      form: plan,
      organisationItems: [
        { value: '', text: 'Select the partner', selected: !plan.organisationId },
        ...organisations.map((organisation) => ({
          value: organisation.id,
          text: organisation.name,
          selected: organisation.id === plan.organisationId,
        })),
      ],
      agreementItems: [
        { value: '', text: 'No agreement yet', selected: !plan.agreementId },
        ...agreements.map((agreement) => ({
          value: agreement.id,
          text: agreement.text,
          selected: agreement.id === plan.agreementId,
        })),
      ],
      problemItems: headlineProblems.map((problem) => ({
        value: problem,
        text: headlineProblemNames[problem],
        checked: plan.problems.includes(problem),
      })),
      stageItems: stages.map((stage) => ({ value: stage, text: stageNames[stage] })),
      problems: {},
      today: todayInEngland(),
      ...context,
    });
  };

  const emptyPlan: DataFlowPlan = {
    organisationId: '',
    source: '',
    title: '',
    description: '',
    problems: [],
    agreementId: null,
  };

  app.get('/roadmap/new', async (request, reply) => {
    if (!may.planRoadmap(request.user!)) return forbidden(reply, 'change the sharing roadmap');
    return renderPlan(request, reply, emptyPlan, {
      title: 'Add a data flow',
      action: '/roadmap/new',
      creating: true,
    });
  });

  app.post('/roadmap/new', async (request, reply) => {
    if (!may.planRoadmap(request.user!)) return forbidden(reply, 'change the sharing roadmap');
    const body = request.body as Body;
    const plan = readPlan(body);
    const stage = text(body, 'stage');
    const on = text(body, 'stageChangedOn') || todayInEngland();
    const problems = planProblems(plan);
    if (!isStage(stage)) problems.push({ field: 'stage', message: 'Select the stage the flow has reached' });
    const dateProblem = dayProblem(on, todayInEngland());
    if (dateProblem) problems.push({ field: 'stageChangedOn', message: dateProblem });
    if (problems.length === 0) {
      try {
        const id = await db.asActor(as(request), (sql) =>
          planDataFlow(sql, plan, { stage: stage as Stage, on }),
        );
        return reply.redirect(`/roadmap/${id}?done=created`, 303);
      } catch (error) {
        if ((error as { code?: string }).code !== '23505') throw error;
        problems.push({ field: 'source', message: 'Another data flow already uses this short name' });
      }
    }
    reply.code(400);
    return renderPlan(request, reply, plan, {
      title: 'Add a data flow',
      action: '/roadmap/new',
      creating: true,
      stage,
      stageChangedOn: on,
      problems: problemsByField(problems),
      errors: errorList(problems),
    });
  });

  const renderFlow = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    context: Record<string, unknown> = {},
  ) => {
    const user = request.user!;
    const { flow, organisations } = await db.asActor(as(request), async (sql) => ({
      flow: await findDataFlow(sql, id),
      organisations: may.planRoadmap(user) ? await listOrganisations(sql) : [],
    }));
    if (!flow) return reply.callNotFound();
    const today = todayInEngland();
    const flashes: Record<string, string> = {
      created: 'The data flow is on the roadmap.',
      stage: 'The stage has been changed and added to the history.',
      barrier: 'The barrier has been recorded.',
      resolved: 'The barrier has been marked as resolved.',
      action: 'The action has been added.',
      done: 'The action has been marked as done.',
      updated: 'The data flow has been updated.',
    };
    return reply.view('roadmap/flow.njk', {
      title: `${flow.partner}: ${flow.title}`,
      flow: {
        ...flow,
        tag: stageTag(flow.stage),
        problemNames: flow.problems.map((problem) => headlineProblemNames[problem]),
        stageChangedOnText: longDate(flow.stageChangedOn),
      },
      history: [...flow.history].reverse().map((change) => ({
        ...change,
        on: longDate(change.changedOn),
        from: change.fromStage ? stageNames[change.fromStage] : 'Added to the roadmap',
        to: stageNames[change.toStage],
      })),
      barriers: flow.barriers.map((barrier) => ({
        ...barrier,
        raised: longDate(barrier.raisedOn),
        resolved: longDate(barrier.resolvedOn),
      })),
      actions: flow.actions.map((action) => ({
        ...action,
        due: longDate(action.dueOn),
        done: longDate(action.doneOn),
        overdue: !action.doneOn && action.dueOn < today,
      })),
      stageItems: stages.map((stage) => ({
        value: stage,
        text: stageNames[stage],
        selected: stage === flow.stage,
      })),
      ownerOrganisationItems: [
        { value: '', text: 'Not recorded' },
        ...organisations.map((organisation) => ({ value: organisation.id, text: organisation.name })),
      ],
      mayPlan: may.planRoadmap(user),
      today,
      problems: {},
      flash: flashes[(request.query as Record<string, string>).done ?? ''],
      ...context,
    });
  };

  app.get('/roadmap/:id', async (request, reply) => {
    if (!may.readRoadmap(request.user!)) return forbidden(reply, 'see the sharing roadmap');
    const { id } = request.params as { id: string };
    if (!uuidPattern.test(id)) return reply.callNotFound();
    return renderFlow(request, reply, id);
  });

  app.get('/roadmap/:id/edit', async (request, reply) => {
    if (!may.planRoadmap(request.user!)) return forbidden(reply, 'change the sharing roadmap');
    const { id } = request.params as { id: string };
    if (!uuidPattern.test(id)) return reply.callNotFound();
    const flow = await db.asActor(as(request), (sql) => findDataFlow(sql, id));
    if (!flow) return reply.callNotFound();
    return renderPlan(request, reply, flow, {
      title: `Change ${flow.title}`,
      action: `/roadmap/${id}/edit`,
      backHref: `/roadmap/${id}`,
    });
  });

  app.post('/roadmap/:id/edit', async (request, reply) => {
    if (!may.planRoadmap(request.user!)) return forbidden(reply, 'change the sharing roadmap');
    const { id } = request.params as { id: string };
    if (!uuidPattern.test(id)) return reply.callNotFound();
    const plan = readPlan(request.body as Body);
    const problems = planProblems(plan);
    if (problems.length === 0) {
      try {
        await db.asActor(as(request), (sql) => updateDataFlow(sql, id, plan));
        return reply.redirect(`/roadmap/${id}?done=updated`, 303);
      } catch (error) {
        if ((error as { code?: string }).code !== '23505') throw error;
        problems.push({ field: 'source', message: 'Another data flow already uses this short name' });
      }
    }
    reply.code(400);
    return renderPlan(request, reply, plan, {
      title: 'Change a data flow',
      action: `/roadmap/${id}/edit`,
      backHref: `/roadmap/${id}`,
      problems: problemsByField(problems),
      errors: errorList(problems),
    });
  });

  /** One change to a flow from a form on its page; a problem with the form is shown on that page. */
  const flowChange = (
    path: string,
    check: (body: Body, today: string) => { field: string; message: string }[],
    work: (sql: Sql, params: Record<string, string>, body: Body, today: string) => Promise<unknown>,
    done: string,
  ) =>
    app.post(path, async (request, reply) => {
      if (!may.planRoadmap(request.user!)) return forbidden(reply, 'change the sharing roadmap');
      const params = request.params as Record<string, string>;
      if (!Object.values(params).every((value) => uuidPattern.test(value))) return reply.callNotFound();
      const body = request.body as Body;
      const today = todayInEngland();
      const problems = check(body, today);
      if (problems.length === 0) {
        try {
          await db.asActor(as(request), (sql) => work(sql, params, body, today));
          return reply.redirect(`/roadmap/${params.id}?done=${done}`, 303);
        } catch (error) {
          const message = (error as Error).message;
          if (!/cannot be dated before|already|may not change/.test(message)) throw error;
          problems.push({ field: Object.keys(body).find((key) => key !== '_csrf') ?? 'stage', message });
        }
      }
      reply.code(400);
      return renderFlow(request, reply, params.id!, {
        problems: problemsByField(problems),
        errors: errorList(problems),
      });
    });

  flowChange(
    '/roadmap/:id/stage',
    (body, today) => {
      const problems: { field: string; message: string }[] = [];
      if (!isStage(text(body, 'stage')))
        problems.push({ field: 'stage', message: 'Select the stage the flow has reached' });
      const dateProblem = dayProblem(text(body, 'changedOn'), today);
      if (dateProblem) problems.push({ field: 'changedOn', message: dateProblem });
      return problems;
    },
    (sql, params, body) =>
      changeStage(sql, params.id!, text(body, 'stage') as Stage, text(body, 'changedOn'), text(body, 'note')),
    'stage',
  );

  flowChange(
    '/roadmap/:id/barriers',
    (body) =>
      text(body, 'barrier') ? [] : [{ field: 'barrier', message: 'Describe what stands in the way' }],
    (sql, params, body, today) => raiseBarrier(sql, params.id!, text(body, 'barrier'), today),
    'barrier',
  );

  flowChange(
    '/roadmap/:id/barriers/:barrierId/resolve',
    () => [],
    (sql, params, body, today) => resolveBarrier(sql, params.barrierId!, text(body, 'resolution'), today),
    'resolved',
  );

  flowChange(
    '/roadmap/:id/actions',
    (body) => {
      const problems: { field: string; message: string }[] = [];
      if (!text(body, 'action')) problems.push({ field: 'action', message: 'Describe the action' });
      if (!text(body, 'owner')) problems.push({ field: 'owner', message: 'Enter who owns the action' });
      if (!isCalendarDate(text(body, 'dueOn')))
        problems.push({ field: 'dueOn', message: 'Enter the date the action is due' });
      return problems;
    },
    (sql, params, body) => {
      const owner = text(body, 'ownerOrganisationId');
      return addAction(sql, params.id!, {
        description: text(body, 'action'),
        owner: text(body, 'owner'),
        ownerOrganisationId: uuidPattern.test(owner) ? owner : null,
        dueOn: text(body, 'dueOn'),
      });
    },
    'action',
  );

  flowChange(
    '/roadmap/:id/actions/:actionId/done',
    () => [],
    (sql, params, _body, today) => completeAction(sql, params.actionId!, today),
    'done',
  );
}
