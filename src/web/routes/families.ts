import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { may } from '../../access/index.ts';
import { recordAudit } from '../../audit/index.ts';
import {
  allocatedFamilies,
  allocateFamily,
  assessFamily,
  assessmentProblems,
  CaseworkRefused,
  closeFamily,
  councilKeyworkers,
  familyPages,
  findFamily,
  findRun,
  IdentificationJobs,
  latestRun,
  listFamilies,
  recentRuns,
  startWork,
} from '../../casework/index.ts';
import { compileFramework } from '../../criteria/index.ts';
import type { Sql } from '../../db/index.ts';
import { localToday } from '../../ingest/index.ts';
import { councilFrameworkSource, frameworkChoices, loadCouncilFramework } from '../../outcomes-plan/index.ts';
import { changeFromForm, type Form } from '../form-change.ts';
import { actorOf } from '../request-context.ts';
import { forbidden, type WebSettings } from '../server.ts';
import {
  changeText,
  familiesCsvHeader,
  familyCsvLine,
  familyQueryString,
  frameworkItems,
  parseFamilyQuery,
  problemChoices,
  runPhaseText,
  sortItems,
  statusItems,
  statusTag,
} from './families-presenter.ts';
import { familyPage } from './family-presenter.ts';

const pageSize = 50;
const purpose = 'programme-identification';

type Query = Record<string, string | string[] | undefined>;

const isRealDate = (text: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(text) && new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;

/**
 * Finding the families: the coordinator's families list (filters, priority order, CSV export) and the run of
 * identification behind it; each family's view with its evidence and who is involved; assessment, consent and
 * allocation; and a keyworker's own families. Row-level security decides whom each person sees.
 */
export function registerFamilyRoutes(app: FastifyInstance, settings: WebSettings): IdentificationJobs {
  const { db } = settings;
  const jobs = new IdentificationJobs(db, {
    onError: (error, runId) => app.log.error({ err: error, runId }, 'identification failed'),
  });
  app.addHook('onReady', async () => {
    await jobs.recoverOrphans();
  });
  app.addHook('onClose', () => jobs.close());

  const guard = (reply: FastifyReply, allowed: boolean, what: string): boolean => {
    if (allowed) return true;
    forbidden(reply, what);
    return false;
  };

  const renderList = async (
    request: FastifyRequest,
    reply: FastifyReply,
    runForm: { problems: Record<string, string>; framework?: string; asOf?: string; linking?: string } = {
      problems: {},
    },
  ) => {
    const user = request.user!;
    const query = request.query as Query;
    const found = await db.asActor(actorOf(user, request.id, purpose), async (sql) => {
      const { latest: run, recent: runs } = await recentRuns(sql, 5);
      const choices = may.identifyFamilies(user) ? await frameworkChoices(sql) : [];
      if (!run) return { run, runs, choices, runProblems: [] };
      const runProblems = problemChoices(
        await loadCouncilFramework(sql, run.frameworkId, run.frameworkVersion),
      );
      const known = runProblems.map((problem) => problem.code);
      const parsed = parseFamilyQuery(query, known);
      const listed = await listFamilies(sql, run.id, parsed.filters, {
        limit: pageSize,
        offset: (parsed.page - 1) * pageSize,
      });
      await recordAudit(sql, {
        action: 'SEARCH_FAMILIES',
        subjectType: 'identification_run',
        subjectIds: [run.id],
        details: {
          filters: Object.keys(parsed.filters).filter((key) => key !== 'sort'),
          sort: parsed.filters.sort ?? 'priority',
          shown: listed.families.length,
          matching: listed.total,
        },
      });
      return { run, runs, choices, runProblems, parsed, listed };
    });
    const { run, runs } = found;
    const errors = Object.entries({ ...(found.parsed?.problems ?? {}), ...runForm.problems }).map(
      ([field, text]) => ({ text, href: `#${field}` }),
    );
    if (runForm.problems && Object.keys(runForm.problems).length > 0) reply.code(400);
    const form = found.parsed?.form ?? {};
    const page = found.parsed?.page ?? 1;
    const total = found.listed?.total ?? 0;
    return reply.view('families/list.njk', {
      title: 'Families',
      errors,
      run,
      runs: runs.map((each) => ({ ...each, phaseText: runPhaseText(each) })),
      running: runs.find((each) => each.state === 'running'),
      mayIdentify: may.identifyFamilies(user),
      frameworkItems: frameworkItems(found.choices, runForm.framework ?? run?.frameworkId ?? 'tf-2015'),
      asOf: runForm.asOf ?? localToday(),
      linking: runForm.linking ?? 'full',
      runProblems: runForm.problems,
      filterProblems: found.parsed?.problems ?? {},
      form,
      problemItems: run
        ? found.runProblems.map((problem) => ({
            value: problem.code,
            text: `${problem.title} (${problem.code})`,
            checked: (form.problem as string[] | undefined)?.includes(problem.code),
          }))
        : [],
      districtItems: [
        { value: '', text: 'Any' },
        ...(run?.postcodeDistricts ?? []).map((district) => ({
          value: district,
          text: district,
          selected: district === form.district,
        })),
      ],
      sortItems: sortItems.map((item) => ({ ...item, selected: item.value === (form.sort || 'priority') })),
      statusItems: [
        { value: '', text: 'Any' },
        ...statusItems.map((item) => ({ ...item, selected: item.value === form.status })),
      ],
      families: (found.listed?.families ?? []).map((family) => ({
        ...family,
        tag: statusTag(family.status),
        changeText: changeText(family),
      })),
      changes: run?.changeCounts ?? undefined,
      total,
      page,
      pages: Math.max(1, Math.ceil(total / pageSize)),
      previousHref: page > 1 ? `/families${familyQueryString(form, { page: String(page - 1) })}` : undefined,
      nextHref:
        page * pageSize < total
          ? `/families${familyQueryString(form, { page: String(page + 1) })}`
          : undefined,
      exportHref: `/families.csv${familyQueryString(form)}`,
    });
  };

  app.get('/families', async (request, reply) => {
    if (!guard(reply, may.readFamilies(request.user!), 'see the families list')) return reply;
    return renderList(request, reply);
  });

  app.post('/families/runs', async (request, reply) => {
    const user = request.user!;
    if (!guard(reply, may.identifyFamilies(user), 'run identification')) return reply;
    const form = (request.body ?? {}) as Form;
    const framework = String(form.framework ?? '');
    const asOf = String(form.asOf ?? '').trim();
    const problems: Record<string, string> = {};
    const source = await db.asActor(actorOf(user, request.id, purpose), async (sql) =>
      framework === '' ? undefined : councilFrameworkSource(sql, framework),
    );
    if (!source) problems.framework = 'Select the criteria framework';
    if (!isRealDate(asOf))
      problems.asOf = 'Enter the assessment date as year-month-day, for example 2026-11-25';
    if (jobs.busy()) problems.framework = 'An identification is already running. Wait for it to finish.';
    if (Object.keys(problems).length > 0)
      return renderList(request, reply, { problems, framework, asOf, linking: form.linking });
    const runId = await jobs.submit(actorOf(user, request.id, purpose), {
      framework: compileFramework(source!.definition, {
        file: `${framework}.json`,
        library: source!.library,
      }),
      library: source!.library,
      asOf,
      linking: form.linking === 'incremental' ? 'incremental' : 'full',
    });
    return reply.redirect(`/families/runs/${runId}`, 303);
  });

  app.get('/families/runs/:id', async (request, reply) => {
    const user = request.user!;
    if (!guard(reply, may.readFamilies(user), 'see identification runs')) return reply;
    const { id } = request.params as { id: string };
    const found = await db.asActor(actorOf(user, request.id, purpose), async (sql) => {
      const run = /^[0-9a-f-]{36}$/.test(id) ? await findRun(sql, id) : undefined;
      if (!run) return undefined;
      await recordAudit(sql, {
        action: 'VIEW_IDENTIFICATION_RUN',
        subjectType: 'identification_run',
        subjectIds: [id],
      });
      // A run keeps its change counts when it finishes; before then, and without a previous run, there are none.
      return { run, changes: run.changeCounts ?? undefined };
    });
    if (!found) return reply.callNotFound();
    const { run, changes } = found;
    if (run.state === 'running') reply.header('refresh', '2');
    return reply.view('families/run.njk', {
      title:
        run.state === 'running'
          ? 'Identifying families'
          : run.state === 'failed'
            ? 'Identification failed'
            : 'Identification complete',
      run,
      phaseText: runPhaseText(run),
      changes,
    });
  });

  app.get('/families.csv', async (request, reply) => {
    const user = request.user!;
    if (!guard(reply, may.readFamilies(user), 'export the families list')) return reply;
    const actor = actorOf(user, request.id, purpose);
    const found = await db.asActor(actor, async (sql) => {
      const run = await latestRun(sql);
      if (!run) return undefined;
      const parsed = parseFamilyQuery(
        request.query as Query,
        problemChoices(await loadCouncilFramework(sql, run.frameworkId, run.frameworkVersion)).map(
          (problem) => problem.code,
        ),
      );
      const { total } = await listFamilies(sql, run.id, parsed.filters, { limit: 0, offset: 0 });
      await recordAudit(sql, {
        action: 'EXPORT_FAMILIES',
        subjectType: 'identification_run',
        subjectIds: [run.id],
        details: { filters: Object.keys(parsed.filters).filter((key) => key !== 'sort'), families: total },
      });
      return { run, filters: parsed.filters };
    });
    if (!found) return reply.callNotFound();
    async function* lines(): AsyncGenerator<string> {
      yield `\uFEFF${familiesCsvHeader}`;
      for await (const page of familyPages((work) => db.asActor(actor, work), found!.run.id, found!.filters))
        yield page.map(familyCsvLine).join('');
    }
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="families-${found.run.asOf}.csv"`)
      .send(Readable.from(lines()));
  });

  app.get('/my-families', async (request, reply) => {
    const user = request.user!;
    if (!guard(reply, may.readAllocatedFamilies(user), 'see families allocated to you')) return reply;
    const families = await db.asActor(actorOf(user, request.id, 'programme-work'), async (sql) => {
      const allocated = await allocatedFamilies(sql);
      await recordAudit(sql, {
        action: 'VIEW_ALLOCATED_FAMILIES',
        subjectType: 'family',
        subjectIds: allocated.map((family) => family.familyId),
        details: { shown: allocated.length },
      });
      return allocated;
    });
    return reply.view('families/mine.njk', {
      title: 'My families',
      families: families.map((family) => ({ ...family, tag: statusTag(family.status) })),
    });
  });

  const renderFamily = async (
    request: FastifyRequest,
    reply: FastifyReply,
    problems: Record<string, string> = {},
    submitted: Form = {},
  ) => {
    const user = request.user!;
    if (!may.readFamilies(user) && !may.readAllocatedFamilies(user)) return forbidden(reply, 'see families');
    const { id } = request.params as { id: string };
    const found = await db.asActor(actorOf(user, request.id, 'programme-work'), async (sql) => {
      const view = await findFamily(sql, id);
      if (!view) return undefined;
      const keyworkers = may.assessFamilies(user) ? await councilKeyworkers(sql) : [];
      await recordAudit(sql, {
        action: 'VIEW_FAMILY',
        subjectType: 'family',
        subjectIds: [id],
        details: { run: view.run.id, facts: view.timeline.length },
      });
      return { view, keyworkers };
    });
    if (!found) return reply.callNotFound();
    if (Object.keys(problems).length > 0) reply.code(400);
    const flash = (request.query as Query).done;
    return reply.view('families/family.njk', {
      ...familyPage(found.view, found.keyworkers, submitted, {
        mayAssess: may.assessFamilies(user),
        mayOpenUploads: may.readUploads(user),
        mayOpenAgreements: may.readAgreements(user),
        isAllocatedKeyworker: found.view.casework?.keyworkerId === user.id,
      }),
      problems,
      errors: Object.entries(problems).map(([field, text]) => ({ text, href: `#${field}` })),
      flash: typeof flash === 'string' ? flashTexts[flash] : undefined,
    });
  };

  app.get('/families/:id', (request, reply) => renderFamily(request, reply));

  /** Runs one casework change; a refusal is shown on the family page against the field it concerns. */
  const change = (
    request: FastifyRequest,
    reply: FastifyReply,
    field: string,
    done: string,
    work: (sql: Sql) => Promise<unknown>,
  ) => {
    const { id } = request.params as { id: string };
    return changeFromForm(
      db,
      request,
      reply,
      {
        purpose: 'programme-work',
        refused: CaseworkRefused,
        field,
        redraw: renderFamily,
        done: `/families/${encodeURIComponent(id)}?done=${done}`,
      },
      work,
    );
  };

  app.post('/families/:id/assessment', async (request, reply) => {
    if (!guard(reply, may.assessFamilies(request.user!), 'assess families')) return reply;
    const { id } = request.params as { id: string };
    const form = (request.body ?? {}) as Form;
    const decision = {
      eligibility: form.eligibility,
      reason: form.reason ?? '',
      consent: form.eligibility === 'confirmed' ? (form.consent ?? null) : null,
      basisNote: form.basisNote ?? '',
    };
    const problems = assessmentProblems(decision);
    if (Object.keys(problems).length > 0) return renderFamily(request, reply, problems, form);
    return change(request, reply, 'eligibility', 'assessed', (sql) =>
      assessFamily(sql, id, decision as Parameters<typeof assessFamily>[2]),
    );
  });

  app.post('/families/:id/allocation', async (request, reply) => {
    if (!guard(reply, may.assessFamilies(request.user!), 'allocate families')) return reply;
    const { id } = request.params as { id: string };
    const form = (request.body ?? {}) as Form;
    if (!form.keyworkerId) return renderFamily(request, reply, { keyworkerId: 'Select a keyworker' }, form);
    return change(request, reply, 'keyworkerId', 'allocated', (sql) =>
      allocateFamily(sql, id, {
        keyworkerId: String(form.keyworkerId),
        leadProfessional: form.leadProfessional ?? '',
      }),
    );
  });

  app.post('/families/:id/start', async (request, reply) => {
    const user = request.user!;
    if (
      !guard(reply, may.assessFamilies(user) || may.readAllocatedFamilies(user), 'start work with families')
    )
      return reply;
    const { id } = request.params as { id: string };
    return change(request, reply, 'start', 'started', (sql) => startWork(sql, id));
  });

  app.post('/families/:id/close', async (request, reply) => {
    if (!guard(reply, may.assessFamilies(request.user!), 'close casework')) return reply;
    const { id } = request.params as { id: string };
    const form = (request.body ?? {}) as Form;
    return change(request, reply, 'closureReason', 'closed', (sql) =>
      closeFamily(sql, id, form.closureReason ?? ''),
    );
  });
  return jobs;
}

const flashTexts: Record<string, string> = {
  assessed: 'The assessment has been recorded.',
  allocated: 'The family has been allocated.',
  started: 'Work with the family has started.',
  closed: 'The casework has been closed.',
};
