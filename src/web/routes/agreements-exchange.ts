import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { may } from '../../access/index.ts';
import {
  AgreementRefused,
  exportAgreement,
  importAgreement,
  longDate,
  todayInEngland,
} from '../../agreements/index.ts';
import { actorOf } from '../request-context.ts';
import { forbidden, type WebSettings } from '../server.ts';
import { purpose, uuidPattern } from './agreements.ts';
import { loadViewedVersion } from './agreements-document.ts';

const documentStylesheet = readFileSync(new URL('../views/agreements/document.css', import.meta.url), 'utf8');

const originOf = (request: FastifyRequest): string => `${request.protocol}://${request.host}`;

/** An agreement leaves as machine-readable JSON (DfE schema) or as a document to print; JSON comes back in. */
export function registerAgreementExchangeRoutes(app: FastifyInstance, settings: WebSettings): void {
  const { db } = settings;

  app.get('/agreements/document.css', async (_request, reply) =>
    reply
      .type('text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(documentStylesheet),
  );

  app.get('/agreements/:id/versions/:version/agreement.json', async (request, reply) => {
    const user = request.user!;
    if (!may.readAgreements(user)) return forbidden(reply, 'read sharing agreements');
    const { id, version } = request.params as { id: string; version: string };
    if (!uuidPattern.test(id) || !/^\d+$/.test(version)) return reply.callNotFound();
    const exported = await db.asActor(actorOf(user, request.id, purpose), (sql) =>
      exportAgreement(sql, id, Number(version), originOf(request)),
    );
    if (!exported) return reply.callNotFound();
    const name = `${exported['kindred:agreement'].reference}-v${version}.json`;
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(JSON.stringify(exported, null, 2));
  });

  app.get('/agreements/:id/versions/:version/document', async (request, reply) => {
    const user = request.user!;
    if (!may.readAgreements(user)) return forbidden(reply, 'read sharing agreements');
    const { id, version } = request.params as { id: string; version: string };
    if (!uuidPattern.test(id) || !/^\d+$/.test(version)) return reply.callNotFound();
    const found = await db.asActor(actorOf(user, request.id, purpose), (sql) =>
      loadViewedVersion(sql, id, Number(version)),
    );
    if (!found) return reply.callNotFound();
    return reply.view('agreements/document.njk', {
      title: `${found.reference} ${found.shown.title}, version ${found.shown.version}`,
      ...found,
      printedOn: longDate(todayInEngland()),
    });
  });

  app.get('/agreements/import', async (request, reply) => {
    if (!may.draftAgreements(request.user!)) return forbidden(reply, 'import sharing agreements');
    return reply.view('agreements/import.njk', { title: 'Import an agreement', problems: {} });
  });

  app.post('/agreements/import', async (request, reply) => {
    const user = request.user!;
    if (!may.draftAgreements(user)) return forbidden(reply, 'import sharing agreements');
    const pasted = String((request.body as Record<string, unknown>).document ?? '').trim();
    let problems: string[];
    try {
      const document = JSON.parse(pasted) as unknown;
      const drafted = await db.asActor(actorOf(user, request.id, purpose), (sql) =>
        importAgreement(sql, document),
      );
      return reply.redirect(`/agreements/${drafted.agreementId}?done=imported`, 303);
    } catch (error) {
      if (error instanceof SyntaxError) problems = [`The text is not JSON: ${error.message}`];
      else if (error instanceof AgreementRefused) {
        problems = error.details.length ? error.details : error.problems.map((problem) => problem.message);
        if (problems.length === 0) problems = [error.message];
      } else throw error;
    }
    reply.code(400);
    return reply.view('agreements/import.njk', {
      title: 'Import an agreement',
      pasted,
      problems: { document: problems.join(' ') },
      errors: problems.map((text) => ({ text, href: '#document' })),
    });
  });
}
