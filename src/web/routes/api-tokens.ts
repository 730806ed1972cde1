import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { may } from '../../access/index.ts';
import { recordAudit } from '../../audit/index.ts';
import { createApiToken, listApiTokens, revokeApiToken, tokenLifetimeDays } from '../api/api-tokens.ts';
import { actorOf } from '../request-context.ts';
import { forbidden, type WebSettings } from '../server.ts';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A partner data officer's API tokens, for uploading from their own systems: created here (shown once,
 * only a hash kept), listed with when each was last used, revoked at any time.
 */
export function registerApiTokenRoutes(app: FastifyInstance, settings: WebSettings): void {
  const { db } = settings;
  const guard = (request: FastifyRequest, reply: FastifyReply): boolean => {
    if (may.manageApiTokens(request.user!)) return true;
    forbidden(reply, 'manage API tokens');
    return false;
  };

  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    context: Record<string, unknown> = {},
  ) => {
    const tokens = await db.asActor(actorOf(request.user!, request.id, 'data-sharing'), (sql) =>
      listApiTokens(sql),
    );
    return reply.view('uploads/api-tokens.njk', {
      title: 'API tokens',
      tokens: tokens.map((token) => ({
        ...token,
        live: token.revokedAt === null && token.expiresAt > new Date(),
      })),
      lifetimeDays: tokenLifetimeDays,
      ...context,
    });
  };

  app.get('/api-tokens', async (request, reply) => {
    if (!guard(request, reply)) return reply;
    const done = (request.query as Record<string, string | undefined>).done;
    return render(request, reply, { flash: done === 'revoked' ? 'The token has been revoked.' : undefined });
  });

  app.post('/api-tokens', async (request, reply) => {
    if (!guard(request, reply)) return reply;
    const name = String((request.body as Record<string, unknown>).name ?? '').trim();
    if (name === '' || name.length > 100) {
      reply.code(400);
      const text = name === '' ? 'Enter a name for the token' : 'The name must be 100 characters or fewer';
      return render(request, reply, { problems: { name: text }, errors: [{ text, href: '#name' }], name });
    }
    const created = await db.asActor(actorOf(request.user!, request.id, 'data-sharing'), async (sql) => {
      const token = await createApiToken(sql, name);
      await recordAudit(sql, {
        action: 'CREATE_API_TOKEN',
        subjectType: 'api_token',
        subjectIds: [token.id],
      });
      return token;
    });
    reply.header('cache-control', 'no-store');
    return reply.view('uploads/api-token-created.njk', {
      title: 'Your new API token',
      name,
      token: created.token,
      origin: `${request.protocol}://${request.host}`,
    });
  });

  app.post('/api-tokens/:id/revoke', async (request, reply) => {
    if (!guard(request, reply)) return reply;
    const { id } = request.params as { id: string };
    if (!uuidPattern.test(id)) return reply.callNotFound();
    const revoked = await db.asActor(actorOf(request.user!, request.id, 'data-sharing'), async (sql) => {
      const done = await revokeApiToken(sql, id);
      if (done)
        await recordAudit(sql, { action: 'DELETE_API_TOKEN', subjectType: 'api_token', subjectIds: [id] });
      return done;
    });
    if (!revoked) return reply.callNotFound();
    return reply.redirect('/api-tokens?done=revoked', 303);
  });
}
