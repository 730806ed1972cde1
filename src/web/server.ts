import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { findSession } from '../access/index.ts';
import type { Database } from '../db/index.ts';
import { csrfTokenFor, csrfTokenMatches } from './csrf.ts';
import { navigationFor } from './navigation.ts';
import { createViewEnvironment } from './render.ts';
import { registerAgreementRoutes } from './routes/agreements.ts';
import { registerAgreementExchangeRoutes } from './routes/agreements-exchange.ts';
import { registerPartnerRoutes } from './routes/agreements-partners.ts';
import { registerAuditLogRoutes } from './routes/audit-log.ts';
import { registerFamilyRoutes } from './routes/families.ts';
import { registerFrameworkRoutes } from './routes/frameworks.ts';
import { registerHealthRoutes } from './routes/health.ts';
import { registerHomeRoutes } from './routes/home.ts';
import { registerLinkageReviewRoutes } from './routes/linkage-review.ts';
import { registerPeopleRoutes } from './routes/people.ts';
import { registerPublicRegisterRoutes } from './routes/register.ts';
import { registerRoadmapRoutes } from './routes/roadmap.ts';
import { registerRoadmapBoardRoutes } from './routes/roadmap-board.ts';
import { registerSharedFamilyRoutes } from './routes/shared-families.ts';
import { type OidcSettings, registerSignInRoutes } from './routes/sign-in.ts';
import { registerUploadRoutes } from './routes/uploads.ts';
import { registerUserRoutes } from './routes/users.ts';

export const sessionCookie = 'kindred_session';

export interface WebSettings {
  db: Database;
  /** Shown in the header; the demo sets it to its county council. */
  councilName?: string;
  /** Cookies marked Secure: on whenever the service is reached over HTTPS. */
  secureCookies: boolean;
  auditAnchorFile: string;
  oidc?: OidcSettings;
  logger?: boolean;
}

const publicPaths = [
  /^\/(health|ping|info)$/,
  /^\/sign-in(\/.*)?$/,
  /^\/(assets|stylesheets|javascripts|kindred-assets)\//,
  // The JSON API authenticates each request by its API token (src/web/routes/api.ts), never by cookie.
  /^\/api\//,
  /^\/register(\.json)?$/,
];

const govukDist = fileURLToPath(new URL('../../node_modules/govuk-frontend/dist/govuk/', import.meta.url));
const ownAssets = fileURLToPath(new URL('./assets/', import.meta.url));

export async function buildWebServer(settings: WebSettings): Promise<FastifyInstance> {
  const app = Fastify({
    logger: settings.logger ?? false,
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
    trustProxy: process.env.KINDRED_TRUST_PROXY === 'true',
  });
  const views = createViewEnvironment();

  await app.register(cookie);
  await app.register(formbody);
  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: settings.secureCookies ? [] : null,
      },
    },
    strictTransportSecurity: settings.secureCookies,
    referrerPolicy: { policy: 'same-origin' },
  });
  await app.register(rateLimit, { global: false });
  await app.register(fastifyStatic, { root: `${govukDist}assets`, prefix: '/assets/', decorateReply: false });
  await app.register(fastifyStatic, {
    root: govukDist,
    prefix: '/stylesheets/',
    decorateReply: false,
    allowedPath: (path) => path === '/govuk-frontend.min.css' || path === '/govuk-frontend.min.css.map',
  });
  await app.register(fastifyStatic, {
    root: govukDist,
    prefix: '/javascripts/',
    decorateReply: false,
    allowedPath: (path) => path === '/govuk-frontend.min.js' || path === '/govuk-frontend.min.js.map',
  });
  await app.register(fastifyStatic, { root: ownAssets, prefix: '/kindred-assets/', decorateReply: false });

  app.decorateRequest('user', undefined);
  app.decorateRequest('csrfToken', undefined);
  app.decorateRequest('sessionToken', undefined);
  app.decorateReply(
    'view',
    function view(this: FastifyReply, template: string, context: Record<string, unknown> = {}) {
      const request = this.request;
      const html = views.render(template, {
        councilName: settings.councilName,
        user: request.user,
        navigation: request.user ? navigationFor(request.user, request.url.split('?')[0] ?? '/') : [],
        csrfToken: csrfTokenFor(request, this, settings.secureCookies),
        cspNonce: (this as FastifyReply & { cspNonce?: { script: string } }).cspNonce?.script,
        ...context,
      });
      return this.type('text/html; charset=utf-8').send(html);
    },
  );

  app.addHook('onRequest', async (request, reply) => {
    const token = request.cookies[sessionCookie];
    if (token) {
      const session = await findSession({ query: settings.db.anonymousStatement }, token);
      if (session) {
        request.user = session.user;
        request.csrfToken = session.csrfToken;
        request.sessionToken = token;
      }
    }
    const path = request.url.split('?')[0] ?? '/';
    if (!request.user && !publicPaths.some((pattern) => pattern.test(path))) {
      if (request.method === 'GET') return reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`);
      return reply.code(401).view('errors/error.njk', {
        title: 'You need to sign in',
        paragraphs: ['Your session has ended. Sign in again and repeat what you were doing.'],
      });
    }
  });

  app.addHook('preHandler', async (request, reply) => {
    if (request.method === 'GET' || request.method === 'HEAD') return;
    if (request.url.startsWith('/api/')) return;
    if (!csrfTokenMatches(request)) {
      return reply.code(403).view('errors/error.njk', {
        title: 'This form has expired',
        paragraphs: [
          'For your security, the form could not be sent. Go back, reload the page and try again.',
        ],
      });
    }
  });

  registerHealthRoutes(app, settings);
  registerSignInRoutes(app, settings);
  registerHomeRoutes(app, settings);
  registerUserRoutes(app, settings);
  registerAuditLogRoutes(app, settings);
  registerAgreementRoutes(app, settings);
  registerAgreementExchangeRoutes(app, settings);
  registerPartnerRoutes(app, settings);
  registerPublicRegisterRoutes(app, settings);
  registerRoadmapRoutes(app, settings);
  registerRoadmapBoardRoutes(app, settings);
  const identification = registerFamilyRoutes(app, settings);
  // Each upload made visible through the web or the API is followed by identification (linking only it).
  registerUploadRoutes(app, settings, (uploadId) => identification.afterUpload(uploadId));
  registerSharedFamilyRoutes(app, settings);
  registerPeopleRoutes(app, settings);
  registerLinkageReviewRoutes(app, settings);
  registerFrameworkRoutes(app, settings);

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).view('errors/error.njk', {
      title: 'Page not found',
      paragraphs: [
        'If you typed the web address, check it is correct.',
        'If you pasted the web address, check you copied the entire address.',
      ],
      reference: request.id,
    }),
  );
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: error, reference: request.id }, 'request failed');
    if (status === 429) {
      return reply.code(429).view('errors/error.njk', {
        title: 'Too many attempts',
        paragraphs: ['You have tried too many times. Wait a minute and try again.'],
      });
    }
    return reply.code(status).view('errors/error.njk', {
      title:
        status === 500
          ? 'Sorry, there is a problem with the service'
          : 'There is a problem with your request',
      paragraphs:
        status === 500 ? ['Try again later. Nothing you have entered has been saved.'] : [error.message],
      reference: request.id,
    });
  });
  return app;
}

/** Sends a person who lacks the role to a clear "not allowed" page instead of an empty one. */
export function forbidden(reply: FastifyReply, what: string): FastifyReply {
  return reply.code(403).view('errors/error.njk', {
    title: 'You do not have access to this page',
    paragraphs: [`Your account does not allow you to ${what}. Ask your administrator if you need it.`],
  });
}

export type { FastifyRequest };
