import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { may } from '../../access/index.ts';
import { recordAudit } from '../../audit/index.ts';
import {
  type ColumnMapping,
  ColumnMappingError,
  checkColumnMapping,
  type FlowView,
  findFlowBySource,
  findUploadSettings,
  saveUploadSettings,
  type UploadSettings,
} from '../../ingest/index.ts';
import { actorOf } from '../request-context.ts';
import { forbidden, type WebSettings } from '../server.ts';

const example = JSON.stringify(
  {
    renames: {
      'Person ID': 'record_id',
      Surname: 'family_name',
      DOB: 'date_of_birth',
      Code: 'fact',
      From: 'fact_start',
    },
    ignore: ['Notes'],
    dateFormats: { date_of_birth: 'DD/MM/YYYY', fact_start: 'DD/MM/YYYY' },
    values: { fact: { CIN: 'children.child_in_need' } },
  },
  null,
  2,
);

interface SettingsForm {
  mapping: string;
  encoding: string;
  refresh: string;
}

function readForm(body: Record<string, unknown>): SettingsForm {
  return {
    mapping: String(body.mapping ?? '').trim(),
    encoding: String(body.encoding ?? ''),
    refresh: String(body.refresh ?? ''),
  };
}

/** The form's mapping as a ColumnMapping, or the problems to show beside the field. */
function parseMapping(text: string): { mapping: ColumnMapping | null } | { problem: string } {
  if (text === '') return { mapping: null };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { problem: `Enter the column mapping as JSON: ${(error as Error).message}` };
  }
  try {
    return { mapping: checkColumnMapping(parsed) };
  } catch (error) {
    if (error instanceof ColumnMappingError)
      return { problem: `The column mapping cannot be used: ${error.problems.join('; ')}` };
    throw error;
  }
}

/**
 * A data flow's upload settings: the partner's own layout mapped onto the standard extract, the file
 * encoding and whether a newer upload replaces the previous one. A coordinator or the partner's data
 * officer edits them; the database refuses anyone else too.
 */
export function registerUploadSettingsRoutes(app: FastifyInstance, settings: WebSettings): void {
  const { db } = settings;

  const load = async (request: FastifyRequest, reply: FastifyReply) => {
    const user = request.user!;
    if (!may.changeUploadSettings(user)) {
      forbidden(reply, 'change upload settings');
      return undefined;
    }
    const { source } = request.params as { source: string };
    const found = await db.asActor(actorOf(user, request.id, 'data-sharing'), async (sql) => {
      const flow = await findFlowBySource(sql, source);
      if (!flow) return undefined;
      const [allowed] = await sql.query<{ allowed: boolean }>(
        'select kindred_may_change_upload_settings($1) as allowed',
        [flow.id],
      );
      return { flow, allowed: allowed?.allowed === true, current: await findUploadSettings(sql, flow.id) };
    });
    if (!found) {
      reply.callNotFound();
      return undefined;
    }
    if (!found.allowed) {
      forbidden(reply, `change the upload settings of ${found.flow.title}`);
      return undefined;
    }
    return found;
  };

  const render = (
    reply: FastifyReply,
    flow: FlowView,
    current: UploadSettings,
    form: SettingsForm,
    problems: Record<string, string> = {},
  ) => {
    if (Object.keys(problems).length > 0) reply.code(400);
    return reply.view('uploads/settings.njk', {
      title: `Upload settings for ${flow.title}`,
      flow,
      current,
      form,
      example,
      problems,
      errors: Object.entries(problems).map(([field, text]) => ({ text, href: `#${field}` })),
    });
  };

  app.get('/uploads/flows/:source/settings', async (request, reply) => {
    const found = await load(request, reply);
    if (!found) return reply;
    const { flow, current } = found;
    return render(reply, flow, current, {
      mapping: current.columnMapping === null ? '' : JSON.stringify(current.columnMapping, null, 2),
      encoding: current.encoding,
      refresh: current.refresh,
    });
  });

  app.post('/uploads/flows/:source/settings', async (request, reply) => {
    const found = await load(request, reply);
    if (!found) return reply;
    const { flow, current } = found;
    const form = readForm(request.body as Record<string, unknown>);
    const problems: Record<string, string> = {};
    const parsed = parseMapping(form.mapping);
    if ('problem' in parsed) problems.mapping = parsed.problem;
    if (form.encoding !== 'utf-8' && form.encoding !== 'latin1')
      problems.encoding = 'Select how the file’s characters are encoded';
    if (form.refresh !== 'full' && form.refresh !== 'incremental')
      problems.refresh = 'Select what a newer upload does';
    if (Object.keys(problems).length > 0 || 'problem' in parsed)
      return render(reply, flow, current, form, problems);
    await db.asActor(actorOf(request.user!, request.id, 'data-sharing'), async (sql) => {
      await saveUploadSettings(sql, flow.id, {
        columnMapping: parsed.mapping,
        encoding: form.encoding as 'utf-8' | 'latin1',
        refresh: form.refresh as 'full' | 'incremental',
      });
      await recordAudit(sql, {
        action: 'UPDATE_UPLOAD_SETTINGS',
        subjectType: 'data_flow',
        subjectIds: [flow.id],
        subjectOrganisationId: flow.organisationId,
        details: { mapped: parsed.mapping !== null, encoding: form.encoding, refresh: form.refresh },
      });
    });
    return reply.redirect('/uploads?done=settings', 303);
  });
}
