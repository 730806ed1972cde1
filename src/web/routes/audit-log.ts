import type { FastifyInstance } from 'fastify';
import { may } from '../../access/index.ts';
import { browseAudit, readAnchors, recordAudit } from '../../audit/index.ts';
import { actorOf } from '../request-context.ts';
import { forbidden, type WebSettings } from '../server.ts';

const pageSize = 50;

/** Administrators and IG officers browse who did what; reading the log is itself recorded. */
export function registerAuditLogRoutes(app: FastifyInstance, settings: WebSettings): void {
  app.get('/audit', async (request, reply) => {
    const user = request.user!;
    if (!may.readAuditLog(user)) return forbidden(reply, 'read the audit log');
    const query = request.query as Record<string, string | undefined>;
    const before = query.before && /^\d+$/.test(query.before) ? Number(query.before) : undefined;
    const filter = {
      action: query.action?.trim().toUpperCase() || undefined,
      subjectId: query.subject?.trim() || undefined,
      before,
      limit: pageSize,
    };
    const events = await settings.db.asActor(actorOf(user, request.id, 'audit-review'), async (sql) => {
      const found = await browseAudit(sql, filter);
      await recordAudit(sql, {
        action: 'VIEW_AUDIT_LOG',
        subjectType: 'audit_event',
        details: { shown: found.length, filtered: Boolean(filter.action || filter.subjectId) },
      });
      return found;
    });
    const anchors = readAnchors(settings.auditAnchorFile);
    const olderParams = new URLSearchParams();
    if (filter.action) olderParams.set('action', filter.action);
    if (filter.subjectId) olderParams.set('subject', filter.subjectId);
    if (events.length === pageSize) olderParams.set('before', String(events[events.length - 1]!.seq));
    return reply.view('audit/audit-log.njk', {
      title: 'Audit log',
      events,
      filter: { action: filter.action ?? '', subject: filter.subjectId ?? '' },
      olderHref: events.length === pageSize ? `/audit?${olderParams}` : undefined,
      newestHref: before ? '/audit' : undefined,
      lastAnchor: anchors[anchors.length - 1],
    });
  });
}
