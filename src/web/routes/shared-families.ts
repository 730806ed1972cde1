import type { FastifyInstance } from 'fastify';
import { may } from '../../access/index.ts';
import { recordAudit } from '../../audit/index.ts';
import { findSharedFamily, sharedFamilies } from '../../casework/index.ts';
import { actorOf } from '../request-context.ts';
import { forbidden, type WebSettings } from '../server.ts';
import { sharedFamilyPage } from './family-presenter.ts';

const pageSize = 50;
const purpose = 'partner-joint-working';

const pageNumber = (value: unknown): number => {
  const page = Number(value);
  return Number.isInteger(page) && page >= 1 ? page : 1;
};

/**
 * A partner practitioner's families: those their organisation is already involved with, where an agreement in
 * force lets its recipients see them. The database decides which (row-level security); every view is audited.
 */
export function registerSharedFamilyRoutes(app: FastifyInstance, settings: WebSettings): void {
  const { db } = settings;

  app.get('/shared-families', async (request, reply) => {
    const user = request.user!;
    if (!may.readSharedFamilies(user))
      return forbidden(reply, 'see the families your organisation works with');
    const page = pageNumber((request.query as { page?: string }).page);
    const listed = await db.asActor(actorOf(user, request.id, purpose), async (sql) => {
      const found = await sharedFamilies(sql, { limit: pageSize, offset: (page - 1) * pageSize });
      await recordAudit(sql, {
        action: 'VIEW_SHARED_FAMILIES',
        subjectType: 'family',
        subjectIds: found.families.map((family) => family.familyId),
        details: { shown: found.families.length, matching: found.total, page },
      });
      return found;
    });
    return reply.view('families/shared-list.njk', {
      title: 'Families we work with',
      families: listed.families,
      total: listed.total,
      page,
      pages: Math.max(1, Math.ceil(listed.total / pageSize)),
      previousHref: page > 1 ? `/shared-families?page=${page - 1}` : undefined,
      nextHref: page * pageSize < listed.total ? `/shared-families?page=${page + 1}` : undefined,
    });
  });

  app.get('/shared-families/:id', async (request, reply) => {
    const user = request.user!;
    if (!may.readSharedFamilies(user))
      return forbidden(reply, 'see the families your organisation works with');
    const { id } = request.params as { id: string };
    const view = await db.asActor(actorOf(user, request.id, purpose), async (sql) => {
      const found = await findSharedFamily(sql, id);
      if (!found) return undefined;
      await recordAudit(sql, {
        action: 'VIEW_SHARED_FAMILY',
        subjectType: 'family',
        subjectIds: [id],
        details: { facts: found.timeline.length, involvements: found.involvements.length },
      });
      return found;
    });
    if (!view) return reply.callNotFound();
    return reply.view('families/shared.njk', sharedFamilyPage(view));
  });
}
