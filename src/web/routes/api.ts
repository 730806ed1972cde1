import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findUser, may } from '../../access/index.ts';
import { agreementTermsForUpload } from '../../agreements/index.ts';
import { recordAudit } from '../../audit/index.ts';
import type { Actor, Database } from '../../db/index.ts';
import {
  type ExtractFingerprint,
  ExtractTooLarge,
  findFlowBySource,
  findUpload,
  flowsOfOrganisation,
  listUploadIssues,
  localToday,
  spoolExtract,
  type UploadJobs,
  type UploadView,
} from '../../ingest/index.ts';
import { findApiTokenHolder } from '../api/api-tokens.ts';
import { openApiDocument } from '../api/openapi.ts';
import type { SignedInUser } from '../request-context.ts';
import type { WebSettings } from '../server.ts';
import { cleanFileName, issueCsv, issuesFileName, uploadMaxBytes } from './uploads.ts';
import { progressOf } from './uploads-presenter.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The holder of the API token the request came with. */
    apiUser?: SignedInUser;
  }
}

const bearer = /^Bearer\s+(\S+)$/i;

async function tokenHolder(
  db: Database,
  authorization: string | undefined,
): Promise<SignedInUser | undefined> {
  const token = authorization ? bearer.exec(authorization)?.[1] : undefined;
  if (!token) return undefined;
  const holder = await db.asAnonymous((sql) => findApiTokenHolder(sql, token));
  if (!holder) return undefined;
  const actor: Actor = {
    userId: holder.userId,
    organisationId: holder.organisationId,
    purpose: 'session',
    correlationId: holder.tokenId,
  };
  return db.asActor(actor, async (sql) => {
    const user = await findUser(sql, holder.userId);
    if (!user?.active) return undefined;
    const [organisation] = await sql.query<{ kind: string }>('select kind from organisation where id = $1', [
      user.organisationId,
    ]);
    return {
      id: user.id,
      organisationId: user.organisationId,
      organisationKind: organisation?.kind ?? 'other',
      organisationName: user.organisationName,
      displayName: user.displayName,
      email: user.email,
      roles: user.roles,
    };
  });
}

const apiActor = (request: FastifyRequest): Actor => ({
  userId: request.apiUser!.id,
  organisationId: request.apiUser!.organisationId,
  purpose: 'data-sharing',
  correlationId: request.id,
});

/** An upload as the API returns it. */
export function uploadStatus(upload: UploadView) {
  const self = `/api/v1/uploads/${upload.id}`;
  return {
    id: upload.id,
    dataFlow: upload.source,
    fileName: upload.fileName,
    sha256: upload.sha256,
    bytes: upload.byteCount,
    channel: upload.channel,
    state: upload.state,
    phase: upload.phase,
    progress: (({ finished, percent, text }) => ({ finished, percent, text }))(progressOf(upload)),
    counts: {
      rowsRead: upload.rowsRead,
      rowsAccepted: upload.rowsAccepted,
      rowsRejected: upload.rowsRejected,
      warnings: upload.warnings,
      records: upload.records,
      issues: upload.issueCount,
    },
    agreement:
      upload.agreementReference === null
        ? null
        : { reference: upload.agreementReference, version: upload.agreementVersion },
    reason: upload.reason,
    startedAt: upload.startedAt,
    finishedAt: upload.finishedAt,
    links: { self, issues: `${self}/issues`, issuesCsv: `${self}/issues.csv` },
  };
}

const problem = (reply: FastifyReply, status: number, error: string) => reply.code(status).send({ error });

/**
 * The JSON API under /api: token-authenticated (no session cookie is honoured, so no CSRF), uploads as
 * streamed request bodies into the same background uploads as the web, described at /api/openapi.json.
 */
export function registerApiRoutes(app: FastifyInstance, settings: WebSettings, jobs: UploadJobs): void {
  const { db } = settings;
  app.register(
    async (api) => {
      api.get('/openapi.json', async (_request, reply) => reply.send(openApiDocument));

      api.register(
        async (v1) => {
          v1.removeAllContentTypeParsers();
          // The body is passed on unread: the upload route streams it to disk.
          v1.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
          v1.addHook('onRequest', async (request, reply) => {
            request.user = undefined;
            request.apiUser = await tokenHolder(db, request.headers.authorization);
            if (!request.apiUser) {
              return reply.code(401).header('www-authenticate', 'Bearer realm="kindred"').send({
                error:
                  'Send a valid API token as "Authorization: Bearer kindred_…". A partner data officer creates tokens under API tokens.',
              });
            }
          });
          v1.setNotFoundHandler((_request, reply) => problem(reply, 404, 'There is no such API address.'));
          v1.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
            const status =
              error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
            if (status === 500)
              request.log.error({ err: error, reference: request.id }, 'API request failed');
            return problem(
              reply,
              status,
              status === 500
                ? `The service failed (reference ${request.id}); try again later.`
                : error.message,
            );
          });

          v1.get('/data-flows', async (request, reply) => {
            const user = request.apiUser!;
            const flows = await db.asActor(apiActor(request), async (sql) => {
              const own = await flowsOfOrganisation(sql, user.organisationId);
              return Promise.all(
                own.map(async (flow) => {
                  const answer = await agreementTermsForUpload(
                    sql,
                    flow.id,
                    user.organisationId,
                    localToday(),
                  );
                  return {
                    source: flow.source,
                    title: flow.title,
                    agreement: answer.ok
                      ? {
                          reference: answer.terms.reference,
                          version: answer.terms.version,
                          title: answer.terms.title,
                          identityColumns: answer.terms.identityColumns,
                          factCodes: answer.terms.factCodes,
                        }
                      : null,
                    refusal: answer.ok ? null : answer.reason,
                  };
                }),
              );
            });
            return reply.send({ dataFlows: flows });
          });

          v1.post(
            '/data-flows/:source/uploads',
            { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } },
            async (request, reply) => {
              const user = request.apiUser!;
              if (!may.uploadExtracts(user)) {
                return problem(
                  reply,
                  403,
                  'Only a partner data officer can upload extracts; the token’s holder does not have that role.',
                );
              }
              const type = String(request.headers['content-type'] ?? '')
                .split(';')[0]!
                .trim()
                .toLowerCase();
              if (type !== 'text/csv' && type !== 'application/octet-stream') {
                return problem(
                  reply,
                  415,
                  'Send the file as the request body with Content-Type: text/csv (or application/octet-stream).',
                );
              }
              const query = request.query as Record<string, string | undefined>;
              const encoding = query.encoding?.toLowerCase();
              if (encoding !== undefined && encoding !== 'utf-8' && encoding !== 'latin1') {
                return problem(reply, 400, `encoding must be utf-8 or latin1, not "${encoding}".`);
              }
              const { source } = request.params as { source: string };
              const flow = await db.asActor(apiActor(request), (sql) => findFlowBySource(sql, source));
              if (!flow) return problem(reply, 404, `There is no data flow "${source}".`);
              const path = jobs.spoolPath();
              let fingerprint: ExtractFingerprint;
              try {
                fingerprint = await spoolExtract(request.body as Readable, path, uploadMaxBytes());
              } catch (error) {
                (request.body as Readable).resume();
                if (error instanceof ExtractTooLarge) return problem(reply, 413, error.message);
                throw error;
              }
              if (fingerprint.bytes === 0) {
                await rm(path, { force: true });
                return problem(reply, 400, 'The body is empty: send the CSV file as the request body.');
              }
              const started = await jobs.submit(apiActor(request), {
                dataFlowId: flow.id,
                path,
                fileName: cleanFileName(query.fileName ?? `${source}.csv`),
                fingerprint,
                encoding: encoding as 'utf-8' | 'latin1' | undefined,
                channel: 'api',
              });
              if (started.kind === 'refused' && started.uploadId === null)
                return problem(reply, 403, started.reason);
              if (started.kind === 'started' && query.wait === 'true') await jobs.outcome(started.uploadId);
              const upload = await db.asActor(apiActor(request), (sql) => findUpload(sql, started.uploadId!));
              const status = uploadStatus(upload!);
              reply.header('location', status.links.self);
              if (started.kind === 'already-loaded')
                return reply.code(200).send({ ...status, alreadyLoaded: true });
              if (upload!.state === 'refused' || upload!.state === 'failed')
                return reply.code(422).send(status);
              return reply.code(upload!.state === 'loading' ? 202 : 200).send(status);
            },
          );

          const visibleUpload = async (request: FastifyRequest) => {
            const { id } = request.params as { id: string };
            return db.asActor(apiActor(request), (sql) => findUpload(sql, id));
          };

          v1.get('/uploads/:id', async (request, reply) => {
            const upload = await visibleUpload(request);
            if (!upload) return problem(reply, 404, 'There is no such upload, or it is not yours to see.');
            return reply.header('cache-control', 'no-store').send(uploadStatus(upload));
          });

          v1.get('/uploads/:id/issues', async (request, reply) => {
            const { id } = request.params as { id: string };
            const query = request.query as Record<string, string | undefined>;
            const after = /^\d+$/.test(query.after ?? '') ? Number(query.after) : 0;
            const limit = Math.min(
              5000,
              Math.max(1, /^\d+$/.test(query.limit ?? '') ? Number(query.limit) : 1000),
            );
            const page = await db.asActor(apiActor(request), async (sql) => {
              const upload = await findUpload(sql, id);
              if (!upload) return undefined;
              const issues = await listUploadIssues(sql, id, { afterSeq: after, limit });
              await recordAudit(sql, {
                action: 'EXPORT_UPLOAD_ISSUES',
                subjectType: 'upload',
                subjectIds: [id],
                subjectOrganisationId: upload.organisationId,
                details: { issues: issues.length, channel: 'api' },
              });
              return issues;
            });
            if (!page) return problem(reply, 404, 'There is no such upload, or it is not yours to see.');
            const next =
              page.length === limit
                ? `/api/v1/uploads/${id}/issues?after=${page[page.length - 1]!.seq}&limit=${limit}`
                : null;
            return reply.send({ issues: page, next });
          });

          v1.get('/uploads/:id/issues.csv', async (request, reply) => {
            const upload = await visibleUpload(request);
            if (!upload) return problem(reply, 404, 'There is no such upload, or it is not yours to see.');
            const actor = apiActor(request);
            await db.asActor(actor, (sql) =>
              recordAudit(sql, {
                action: 'EXPORT_UPLOAD_ISSUES',
                subjectType: 'upload',
                subjectIds: [upload.id],
                subjectOrganisationId: upload.organisationId,
                details: { issues: upload.issueCount, channel: 'api' },
              }),
            );
            return reply
              .type('text/csv; charset=utf-8')
              .header('content-disposition', `attachment; filename="${issuesFileName(upload.fileName)}"`)
              .send(Readable.from(issueCsv((work) => db.asActor(actor, work), upload.id)));
          });
        },
        { prefix: '/v1' },
      );
    },
    { prefix: '/api' },
  );
}
