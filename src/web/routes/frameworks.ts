import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { may } from '../../access/index.ts';
import { recordAudit } from '../../audit/index.ts';
import {
  copyFramework,
  editFramework,
  exportFramework,
  type FrameworkDetail,
  type FrameworkEdits,
  type FrameworkProblem,
  frameworkText,
  listFrameworks,
  problemText,
  type SaveOutcome,
  saveFrameworkVersion,
  viewFramework,
} from '../../outcomes-plan/index.ts';
import { actorOf } from '../request-context.ts';
import { forbidden, type WebSettings } from '../server.ts';
import {
  editFormFields,
  editFormModel,
  formErrors,
  frameworkHref,
  frameworkListRows,
  frameworkPageModel,
} from './frameworks-presenter.ts';

const purpose = 'programme-identification';
/** Shipped and local ids alike: lower-case letters, digits, and _ . - inside. */
const frameworkIdPattern = /^[a-z0-9][a-z0-9_.-]{0,59}$/;

type Body = Record<string, unknown>;
const one = (body: Body, name: string): string => {
  const value = body[name];
  return typeof value === 'string' ? value : Array.isArray(value) ? String(value[0] ?? '') : '';
};
const many = (body: Body, name: string): string[] => {
  const value = body[name];
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(String);
};

/** The version a request names (`?version=3`), undefined for the newest, or null when it names none sensibly. */
function versionOf(request: FastifyRequest): number | undefined | null {
  const wanted = (request.query as Record<string, string | undefined>).version;
  if (wanted === undefined || wanted === '') return undefined;
  return /^[1-9]\d{0,5}$/.test(wanted) ? Number(wanted) : null;
}

const flashes: Record<string, (id: string, version: number) => string> = {
  created: (id) => `The framework has been copied into your local outcomes plan ${id} as version 1.`,
  saved: (_id, version) => `Version ${version} has been saved. Earlier versions stay as they were.`,
  unchanged: () => 'Nothing changed, so no new version was saved.',
};

/**
 * Criteria frameworks: the shipped ones and the council's local outcomes plans, every version readable by the
 * council's programme staff; coordinators copy them and save new versions (on a form or as JSON).
 */
export function registerFrameworkRoutes(app: FastifyInstance, settings: WebSettings): void {
  const { db } = settings;
  const as = (request: FastifyRequest) => actorOf(request.user!, request.id, purpose);

  app.get('/frameworks', async (request, reply) => {
    if (!may.readFrameworks(request.user!)) return forbidden(reply, 'see the criteria frameworks');
    const frameworks = await db.asActor(as(request), async (sql) => {
      const found = await listFrameworks(sql);
      await recordAudit(sql, {
        action: 'VIEW_FRAMEWORKS',
        subjectType: 'framework',
        details: { count: found.length },
      });
      return found;
    });
    return reply.view('frameworks/index.njk', {
      title: 'Criteria frameworks',
      rows: frameworkListRows(frameworks),
      localCount: frameworks.filter((framework) => framework.local).length,
      mayEdit: may.editFrameworks(request.user!),
    });
  });

  /** The framework named in the path at the version asked for, audited; undefined when there is none. */
  const viewed = async (request: FastifyRequest, version?: number): Promise<FrameworkDetail | undefined> => {
    const { id } = request.params as { id: string };
    if (!frameworkIdPattern.test(id)) return undefined;
    return db.asActor(as(request), (sql) => viewFramework(sql, id, version));
  };

  app.get('/frameworks/:id', async (request, reply) => {
    const user = request.user!;
    if (!may.readFrameworks(user)) return forbidden(reply, 'see the criteria frameworks');
    const version = versionOf(request);
    if (version === null) return reply.callNotFound();
    const detail = await viewed(request, version);
    if (!detail) return reply.callNotFound();
    const page = frameworkPageModel(detail);
    const flash = flashes[(request.query as Record<string, string>).done ?? ''];
    return reply.view('frameworks/framework.njk', {
      title: page.title,
      framework: page,
      mayCopy: may.editFrameworks(user),
      mayEdit: may.editFrameworks(user) && page.local && page.isLatest,
      flash: flash?.(page.id, page.version),
    });
  });

  app.get('/frameworks/:id/download', async (request, reply) => {
    if (!may.readFrameworks(request.user!)) return forbidden(reply, 'see the criteria frameworks');
    const { id } = request.params as { id: string };
    const version = versionOf(request);
    if (!frameworkIdPattern.test(id) || version === null) return reply.callNotFound();
    const definition = await db.asActor(as(request), (sql) => exportFramework(sql, id, version));
    if (!definition) return reply.callNotFound();
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="${definition.id}-v${definition.version}.json"`)
      .send(frameworkText(definition));
  });

  const renderCopy = (
    reply: FastifyReply,
    detail: FrameworkDetail,
    form: { id: string; title: string },
    problems: FrameworkProblem[] = [],
  ) => {
    const fields = new Map([
      ['id', 'The id'],
      ['title', 'The title'],
    ]);
    return reply.view('frameworks/copy.njk', {
      title: `Copy ${detail.definition.id} into a local outcomes plan`,
      source: frameworkPageModel(detail),
      form,
      ...formErrors(problems, fields, 'id'),
    });
  };

  app.get('/frameworks/:id/copy', async (request, reply) => {
    if (!may.editFrameworks(request.user!)) return forbidden(reply, 'copy criteria frameworks');
    const version = versionOf(request);
    if (version === null) return reply.callNotFound();
    const detail = await viewed(request, version);
    if (!detail) return reply.callNotFound();
    return renderCopy(reply, detail, { id: '', title: detail.definition.title });
  });

  app.post('/frameworks/:id/copy', async (request, reply) => {
    if (!may.editFrameworks(request.user!)) return forbidden(reply, 'copy criteria frameworks');
    const { id } = request.params as { id: string };
    const body = request.body as Body;
    const fromVersion = /^[1-9]\d{0,5}$/.test(one(body, 'version'))
      ? Number(one(body, 'version'))
      : undefined;
    if (!frameworkIdPattern.test(id)) return reply.callNotFound();
    const form = { id: one(body, 'id').trim(), title: one(body, 'title') };
    const outcome = await db.asActor(as(request), (sql) =>
      copyFramework(sql, {
        from: fromVersion === undefined ? { id } : { id, version: fromVersion },
        id: form.id,
        title: form.title,
      }),
    );
    if (outcome.kind !== 'refused') return reply.redirect(`${frameworkHref(outcome.id)}?done=created`, 303);
    const detail = await viewed(request, fromVersion);
    if (!detail) return reply.callNotFound();
    reply.code(400);
    return renderCopy(reply, detail, form, outcome.problems);
  });

  /** The newest version of a local framework, for its edit pages; undefined when there is none. */
  const editable = async (request: FastifyRequest, reply: FastifyReply) => {
    const detail = await viewed(request);
    if (detail && !detail.local) {
      reply.code(400).view('errors/error.njk', {
        title: 'A shipped framework cannot be changed',
        paragraphs: [
          `${detail.definition.id} is a reference framework shipped with Kindred. Copy it into a local outcomes plan and change the copy.`,
        ],
      });
      return 'answered' as const;
    }
    return detail;
  };

  const afterSave = (reply: FastifyReply, outcome: SaveOutcome & { kind: 'saved' | 'unchanged' }) =>
    reply.redirect(
      `${frameworkHref(outcome.id)}${outcome.kind === 'saved' ? '?done=saved' : `?version=${outcome.version}&done=unchanged`}`,
      303,
    );

  const renderEdit = (
    reply: FastifyReply,
    detail: FrameworkDetail,
    typed?: { values: Record<string, string>; kept: Set<string>; changeNote: string },
    problems: FrameworkProblem[] = [],
  ) => {
    const { errors, messages } = formErrors(problems, editFormFields(detail.definition));
    return reply.view('frameworks/edit.njk', {
      title: `Change ${detail.definition.title}`,
      framework: { id: detail.definition.id, version: detail.definition.version },
      form: editFormModel(detail.definition, typed, messages),
      changeNote: typed?.changeNote ?? '',
      messages,
      errors,
    });
  };

  app.get('/frameworks/:id/edit', async (request, reply) => {
    if (!may.editFrameworks(request.user!)) return forbidden(reply, 'change criteria frameworks');
    const detail = await editable(request, reply);
    if (detail === 'answered') return reply;
    if (!detail) return reply.callNotFound();
    return renderEdit(reply, detail);
  });

  app.post('/frameworks/:id/edit', async (request, reply) => {
    if (!may.editFrameworks(request.user!)) return forbidden(reply, 'change criteria frameworks');
    const { id } = request.params as { id: string };
    if (!frameworkIdPattern.test(id)) return reply.callNotFound();
    const body = request.body as Body;
    const fromVersion = Number(one(body, 'fromVersion')) || 0;
    const kept = new Set(many(body, 'keep'));
    const values: Record<string, string> = {};
    for (const [name, value] of Object.entries(body)) {
      if (!['_csrf', 'keep', 'entry'].includes(name) && typeof value === 'string') values[name] = value;
    }
    // Every indicator the form showed has a hidden `entry`; one whose "keep" box was cleared is removed.
    const offered = many(body, 'entry');
    const edits: FrameworkEdits = {
      title: values.title ?? '',
      minimumProblems: values['eligibility.minimumProblems'] ?? '',
      programmeFamily: values['eligibility.programmeFamily'] !== 'no',
      removed: offered.filter((path) => !kept.has(path)),
      changes: Object.fromEntries(Object.entries(values).filter(([name]) => name.startsWith('problems['))),
    };
    const changeNote = one(body, 'changeNote');
    const outcome = await db.asActor(as(request), (sql) =>
      editFramework(sql, { id, fromVersion, changeNote, edits }),
    );
    if (outcome.kind !== 'refused') return afterSave(reply, outcome);
    const detail = await editable(request, reply);
    if (detail === 'answered') return reply;
    if (!detail) return reply.callNotFound();
    reply.code(400);
    // Typed values were made against the version the coordinator opened; a newer one starts the form afresh.
    const typed = detail.definition.version === fromVersion ? { values, kept, changeNote } : undefined;
    return renderEdit(reply, detail, typed, outcome.problems);
  });

  const renderJson = (
    reply: FastifyReply,
    detail: FrameworkDetail,
    text: string,
    changeNote = '',
    problems: FrameworkProblem[] = [],
  ) => {
    const { errors, messages } = formErrors(problems, new Map([['changeNote', 'The note']]), 'definition');
    const aboutFile = problems.filter((problem) => problem.path !== 'changeNote').map(problemText);
    return reply.view('frameworks/edit-json.njk', {
      title: `Edit ${detail.definition.title} as JSON`,
      framework: { id: detail.definition.id, version: detail.definition.version },
      text,
      changeNote,
      errors,
      messages: { ...messages, ...(aboutFile.length ? { definition: aboutFile.join('. ') } : {}) },
    });
  };

  app.get('/frameworks/:id/edit-json', async (request, reply) => {
    if (!may.editFrameworks(request.user!)) return forbidden(reply, 'change criteria frameworks');
    const detail = await editable(request, reply);
    if (detail === 'answered') return reply;
    if (!detail) return reply.callNotFound();
    return renderJson(reply, detail, frameworkText(detail.definition));
  });

  app.post('/frameworks/:id/edit-json', async (request, reply) => {
    if (!may.editFrameworks(request.user!)) return forbidden(reply, 'change criteria frameworks');
    const { id } = request.params as { id: string };
    if (!frameworkIdPattern.test(id)) return reply.callNotFound();
    const body = request.body as Body;
    const text = one(body, 'definition');
    const changeNote = one(body, 'changeNote');
    const outcome = await db.asActor(as(request), (sql) =>
      saveFrameworkVersion(sql, {
        id,
        fromVersion: Number(one(body, 'fromVersion')) || 0,
        changeNote,
        json: text,
      }),
    );
    if (outcome.kind !== 'refused') return afterSave(reply, outcome);
    const detail = await editable(request, reply);
    if (detail === 'answered') return reply;
    if (!detail) return reply.callNotFound();
    reply.code(400);
    return renderJson(reply, detail, text, changeNote, outcome.problems);
  });
}
