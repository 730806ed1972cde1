import type { FastifyInstance } from 'fastify';
import type { WebSettings } from '../server.ts';

const packageVersion = process.env.npm_package_version ?? '0.1.0';
const startedAt = new Date();

/** Liveness, readiness and build facts, answered before sign-in for load balancers and monitoring. */
export function registerHealthRoutes(app: FastifyInstance, settings: WebSettings): void {
  app.get('/ping', async () => ({ status: 'UP' }));

  app.get('/health', async (_request, reply) => {
    const started = performance.now();
    try {
      await settings.db.asAnonymous((sql) => sql.query('select 1'));
      return {
        status: 'UP',
        components: {
          database: {
            status: 'UP',
            kind: settings.db.kind,
            milliseconds: Math.round(performance.now() - started),
          },
        },
      };
    } catch (error) {
      return reply.code(503).send({
        status: 'DOWN',
        components: { database: { status: 'DOWN', kind: settings.db.kind, error: (error as Error).message } },
      });
    }
  });

  app.get('/info', async () => ({
    name: 'kindred',
    version: packageVersion,
    node: process.version,
    database: settings.db.kind,
    startedAt: startedAt.toISOString(),
    uptimeSeconds: Math.round(process.uptime()),
  }));
}
