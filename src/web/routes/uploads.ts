import { createReadStream, existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { may } from '../../access/index.ts';
import { agreementTermsForUpload } from '../../agreements/index.ts';
import { recordAudit } from '../../audit/index.ts';
import {
  type ExtractFingerprint,
  ExtractTooLarge,
  findFlowBySource,
  findUpload,
  flowsOfOrganisation,
  issueCsvHeader,
  issueCsvLine,
  listUploadIssues,
  listUploads,
  localToday,
  spoolExtract,
  UploadJobs,
  uploadIssuePages,
} from '../../ingest/index.ts';
import { actorOf } from '../request-context.ts';
import { forbidden, type WebSettings } from '../server.ts';
import { registerApiRoutes } from './api.ts';
import { registerApiTokenRoutes } from './api-tokens.ts';
import { formatBytes, issueRows, progressOf, stateTag } from './uploads-presenter.ts';
import { registerUploadSettingsRoutes } from './uploads-settings.ts';

/** The most one upload may be, in bytes (2 GB unless KINDRED_UPLOAD_MAX_BYTES says otherwise). */
export const uploadMaxBytes = (): number => Number(process.env.KINDRED_UPLOAD_MAX_BYTES ?? 2e9);

const enhancement = fileURLToPath(new URL('../views/uploads/upload-progress.js', import.meta.url));
const issuesShown = 100;

interface SpooledFile {
  path?: string;
  fileName: string;
  fingerprint?: ExtractFingerprint;
  problem?: string;
}

interface UploadForm {
  _csrf?: string;
  flow?: string;
  file?: SpooledFile;
}

/** A browser's file name, fit to keep and show: no directories, no control characters, not too long. */
export function cleanFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = [...base]
    .filter((character) => character >= ' ' && character !== '\u007f')
    .join('')
    .trim();
  return (cleaned || 'extract.csv').slice(0, 200);
}

/**
 * Uploads through the web: the GOV.UK file upload pattern, a page per upload that follows its progress
 * (refreshing without JavaScript, live with it), the rejected rows as CSV; and, registered from here, upload
 * settings per data flow, API tokens and the JSON API, which share the background uploads.
 */
export function registerUploadRoutes(
  app: FastifyInstance,
  settings: WebSettings,
  onLoaded: (uploadId: string) => void = () => {},
): void {
  const { db } = settings;
  const jobs = new UploadJobs(db, {
    onError: (error, uploadId) => app.log.error({ err: error, uploadId }, 'upload failed'),
    onLoaded,
  });
  app.addHook('onReady', async () => {
    await jobs.recoverOrphans();
  });
  app.addHook('onClose', async () => {
    await jobs.close();
  });

  const guard = (reply: FastifyReply, allowed: boolean, what: string): boolean => {
    if (allowed) return true;
    forbidden(reply, what);
    return false;
  };

  app.get('/uploads', async (request, reply) => {
    const user = request.user!;
    if (!guard(reply, may.readUploads(user), 'see uploads')) return reply;
    const found = await db.asActor(actorOf(user, request.id, 'data-sharing'), async (sql) => {
      const uploads = await listUploads(sql, { limit: 50 });
      const flows = may.uploadExtracts(user) ? await flowsOfOrganisation(sql, user.organisationId) : [];
      await recordAudit(sql, {
        action: 'VIEW_UPLOADS',
        subjectType: 'upload',
        details: { shown: uploads.length },
      });
      return { uploads, flows };
    });
    const done = (request.query as Record<string, string | undefined>).done;
    return reply.view('uploads/list.njk', {
      title: 'Uploads',
      flows: found.flows,
      uploads: found.uploads.map((upload) => ({ ...upload, tag: stateTag(upload) })),
      mayUpload: may.uploadExtracts(user),
      mayChangeSettings: may.changeUploadSettings(user),
      mayManageTokens: may.manageApiTokens(user),
      flash: done === 'settings' ? 'The upload settings have been saved.' : undefined,
    });
  });

  const renderNewUpload = async (
    request: FastifyRequest,
    reply: FastifyReply,
    chosen: string | undefined,
    problems: Record<string, string> = {},
  ) => {
    const user = request.user!;
    const flows = await db.asActor(actorOf(user, request.id, 'data-sharing'), async (sql) => {
      const own = await flowsOfOrganisation(sql, user.organisationId);
      return Promise.all(
        own.map(async (flow) => ({
          ...flow,
          answer: await agreementTermsForUpload(sql, flow.id, user.organisationId, localToday()),
        })),
      );
    });
    const selected = chosen ?? (flows.length === 1 ? flows[0]!.source : undefined);
    if (Object.keys(problems).length > 0) reply.code(400);
    return reply.view('uploads/new.njk', {
      title: 'Upload an extract',
      flows,
      selected,
      problems,
      errors: Object.entries(problems).map(([field, text]) => ({ text, href: `#${field}` })),
      maxSize: formatBytes(uploadMaxBytes()),
    });
  };

  app.get('/uploads/new', async (request, reply) => {
    if (!guard(reply, may.uploadExtracts(request.user!), 'upload extracts')) return reply;
    return renderNewUpload(request, reply, (request.query as Record<string, string | undefined>).flow);
  });

  app.register(async (scope) => {
    const maxBytes = uploadMaxBytes();
    await scope.register(multipart, {
      attachFieldsToBody: 'keyValues',
      throwFileSizeLimit: false,
      limits: { files: 1, fields: 5, fieldSize: 1000, parts: 10, fileSize: maxBytes },
      async onFile(this: FastifyRequest, part: MultipartFile) {
        const fileName = cleanFileName(part.filename);
        if (part.fieldname !== 'file' || !this.user || !part.filename) {
          part.file.resume();
          part.value = { fileName } satisfies SpooledFile;
          return;
        }
        const path = jobs.spoolPath();
        (this as FastifyRequest & { spooled?: string }).spooled = path;
        try {
          const fingerprint = await spoolExtract(part.file, path, maxBytes);
          if (part.file.truncated) throw new ExtractTooLarge(maxBytes);
          part.value = { path, fileName, fingerprint } satisfies SpooledFile;
        } catch (error) {
          await rm(path, { force: true });
          if (!(error instanceof ExtractTooLarge)) throw error;
          part.file.resume();
          part.value = {
            fileName,
            problem: `The selected file must be smaller than ${formatBytes(maxBytes)}`,
          } satisfies SpooledFile;
        }
      },
    });
    // A spooled file the request did not hand to an upload (a form error, an expired form) is removed.
    scope.addHook('onResponse', async (request) => {
      const spooled = (request as FastifyRequest & { spooled?: string; handedOver?: boolean }).spooled;
      if (spooled && !(request as FastifyRequest & { handedOver?: boolean }).handedOver)
        await rm(spooled, { force: true });
    });

    scope.post('/uploads', async (request, reply) => {
      const user = request.user!;
      if (!guard(reply, may.uploadExtracts(user), 'upload extracts')) return reply;
      const form = (request.body ?? {}) as UploadForm;
      const problems: Record<string, string> = {};
      const flow = form.flow
        ? await db.asActor(actorOf(user, request.id, 'data-sharing'), (sql) =>
            findFlowBySource(sql, String(form.flow)),
          )
        : undefined;
      if (!flow) problems.flow = 'Select the data flow this file is for';
      const file = form.file;
      if (!file || typeof file !== 'object' || (!file.path && !file.problem))
        problems.file = 'Select a CSV file';
      else if (file.problem) problems.file = file.problem;
      else if (file.fingerprint?.bytes === 0) problems.file = 'The selected file is empty';
      if (Object.keys(problems).length > 0 || !flow || !file?.path || !file.fingerprint) {
        return renderNewUpload(request, reply, form.flow, problems);
      }
      (request as FastifyRequest & { handedOver?: boolean }).handedOver = true;
      const started = await jobs.submit(actorOf(user, request.id, 'data-sharing'), {
        dataFlowId: flow.id,
        path: file.path,
        fileName: file.fileName,
        fingerprint: file.fingerprint,
        channel: 'web',
      });
      if (started.kind === 'already-loaded')
        return reply.redirect(`/uploads/${started.uploadId}?already=1`, 303);
      if (started.kind === 'refused' && started.uploadId === null) {
        return reply
          .code(403)
          .view('uploads/refused.njk', { title: 'Upload refused', reason: started.reason, flow });
      }
      return reply.redirect(`/uploads/${started.uploadId}`, 303);
    });
  });

  app.get('/uploads/upload-progress.js', async (_request, reply) => {
    if (!existsSync(enhancement)) return reply.callNotFound();
    return reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(createReadStream(enhancement));
  });

  app.get('/uploads/:id', async (request, reply) => {
    const user = request.user!;
    if (!guard(reply, may.readUploads(user), 'see uploads')) return reply;
    const { id } = request.params as { id: string };
    const found = await db.asActor(actorOf(user, request.id, 'data-sharing'), async (sql) => {
      const upload = await findUpload(sql, id);
      if (!upload) return undefined;
      const issues = await listUploadIssues(sql, id, { limit: issuesShown });
      await recordAudit(sql, {
        action: 'VIEW_UPLOAD',
        subjectType: 'upload',
        subjectIds: [id],
        subjectOrganisationId: upload.organisationId,
        details: { issuesShown: issues.length },
      });
      return { upload, issues };
    });
    if (!found) return reply.callNotFound();
    const { upload, issues } = found;
    return reply.view('uploads/upload.njk', {
      title: upload.state === 'loading' ? `Uploading ${upload.fileName}` : `Upload of ${upload.fileName}`,
      upload,
      tag: stateTag(upload),
      progress: progressOf(upload),
      size: formatBytes(upload.byteCount),
      issueRows: issueRows(issues),
      issuesShown: issues.length,
      already: (request.query as Record<string, string | undefined>).already === '1',
      mayUpload: may.uploadExtracts(user) && upload.organisationId === user.organisationId,
    });
  });

  app.get('/uploads/:id/progress', async (request, reply) => {
    const user = request.user!;
    if (!may.readUploads(user)) return reply.code(403).send({ error: 'You cannot see uploads.' });
    const { id } = request.params as { id: string };
    const upload = await db.asActor(actorOf(user, request.id, 'data-sharing'), (sql) =>
      findUpload(sql, id, { countIssues: false }),
    );
    if (!upload) return reply.code(404).send({ error: 'There is no such upload.' });
    return reply.header('cache-control', 'no-store').send(progressOf(upload));
  });

  app.get('/uploads/:id/issues.csv', async (request, reply) => {
    const user = request.user!;
    if (!guard(reply, may.readUploads(user), 'see uploads')) return reply;
    const { id } = request.params as { id: string };
    const actor = actorOf(user, request.id, 'data-sharing');
    const upload = await db.asActor(actor, async (sql) => {
      const found = await findUpload(sql, id);
      if (found) {
        await recordAudit(sql, {
          action: 'EXPORT_UPLOAD_ISSUES',
          subjectType: 'upload',
          subjectIds: [id],
          subjectOrganisationId: found.organisationId,
          details: { issues: found.issueCount },
        });
      }
      return found;
    });
    if (!upload) return reply.callNotFound();
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${issuesFileName(upload.fileName)}"`)
      .send(Readable.from(issueCsv((work) => db.asActor(actor, work), id)));
  });

  registerUploadSettingsRoutes(app, settings);
  registerApiTokenRoutes(app, settings);
  registerApiRoutes(app, settings, jobs);
}

/** `police-2026-11.csv` → `police-2026-11-rejected-rows.csv`, with only safe characters in a header. */
export const issuesFileName = (fileName: string): string =>
  `${
    fileName
      .replace(/\.csv$/i, '')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .slice(0, 100) || 'upload'
  }-rejected-rows.csv`;

/** The issues CSV: a byte-order mark so spreadsheets read it as UTF-8, a header, then every issue. */
export async function* issueCsv(
  inTransaction: Parameters<typeof uploadIssuePages>[0],
  uploadId: string,
): AsyncGenerator<string> {
  yield `\uFEFF${issueCsvHeader}`;
  for await (const page of uploadIssuePages(inTransaction, uploadId)) yield page.map(issueCsvLine).join('');
}
