import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as oidc from 'openid-client';
import { checkCredentials, endSession, openSession } from '../../access/index.ts';
import { recordAudit } from '../../audit/index.ts';
import type { Database } from '../../db/index.ts';
import { sessionCookie, type WebSettings } from '../server.ts';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Only for a local test provider on http. */
  allowInsecure?: boolean;
}

export function oidcSettingsFromEnvironment(): OidcSettings | undefined {
  const {
    KINDRED_OIDC_ISSUER,
    KINDRED_OIDC_CLIENT_ID,
    KINDRED_OIDC_CLIENT_SECRET,
    KINDRED_OIDC_REDIRECT_URI,
  } = process.env;
  if (!KINDRED_OIDC_ISSUER) return undefined;
  if (!KINDRED_OIDC_CLIENT_ID || !KINDRED_OIDC_CLIENT_SECRET || !KINDRED_OIDC_REDIRECT_URI) {
    throw new Error(
      'KINDRED_OIDC_ISSUER is set, so KINDRED_OIDC_CLIENT_ID, KINDRED_OIDC_CLIENT_SECRET and KINDRED_OIDC_REDIRECT_URI must be set too.',
    );
  }
  return {
    issuer: KINDRED_OIDC_ISSUER,
    clientId: KINDRED_OIDC_CLIENT_ID,
    clientSecret: KINDRED_OIDC_CLIENT_SECRET,
    redirectUri: KINDRED_OIDC_REDIRECT_URI,
  };
}

/** Only paths inside the service: an open redirect would let a link send people elsewhere after sign-in. */
const safeNext = (next: unknown): string =>
  typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')
    ? next
    : '/';

const failedAttempts = new Map<string, number[]>();
const attemptWindowMs = 15 * 60 * 1000;
const attemptsPerAccount = 10;

function tooManyAttempts(email: string): boolean {
  const now = Date.now();
  const recent = (failedAttempts.get(email) ?? []).filter((at) => now - at < attemptWindowMs);
  failedAttempts.set(email, recent);
  return recent.length >= attemptsPerAccount;
}

async function startSession(
  db: Database,
  settings: WebSettings,
  request: FastifyRequest,
  reply: FastifyReply,
  userId: string,
  method: string,
): Promise<void> {
  const token = await db.asActor(
    { userId, organisationId: '', purpose: 'sign-in', correlationId: request.id },
    async (sql) => {
      const opened = await openSession(sql, userId);
      await recordAudit(sql, { action: 'SIGN_IN', details: { method } });
      return opened;
    },
  );
  reply.setCookie(sessionCookie, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: settings.secureCookies,
  });
}

export function registerSignInRoutes(app: FastifyInstance, settings: WebSettings): void {
  const { db } = settings;
  let oidcConfiguration: Promise<oidc.Configuration> | undefined;
  const oidcConfig = (): Promise<oidc.Configuration> => {
    const config = settings.oidc!;
    oidcConfiguration ??= oidc
      .discovery(
        new URL(config.issuer),
        config.clientId,
        config.clientSecret,
        undefined,
        config.allowInsecure ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((error) => {
        oidcConfiguration = undefined;
        throw error;
      });
    return oidcConfiguration;
  };

  app.get('/sign-in', async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    if (request.user) return reply.redirect(safeNext(query.next));
    return reply.view('sign-in.njk', {
      title: 'Sign in',
      next: safeNext(query.next),
      oidcEnabled: Boolean(settings.oidc),
      fieldErrors: {},
      errors:
        query.error === 'oidc'
          ? [{ text: 'Signing in with your organisation’s account did not work. Try again.', href: '#email' }]
          : [],
    });
  });

  app.post(
    '/sign-in',
    { config: { rateLimit: { max: 20, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const body = request.body as Record<string, string | undefined>;
      const email = (body.email ?? '').trim();
      const password = body.password ?? '';
      const next = safeNext(body.next);
      const fieldErrors: Record<string, string> = {};
      if (!email) fieldErrors.email = 'Enter your email address';
      if (!password) fieldErrors.password = 'Enter your password';
      if (!fieldErrors.email && !fieldErrors.password) {
        if (tooManyAttempts(email.toLowerCase())) {
          fieldErrors.email = 'Too many failed attempts for this account. Wait 15 minutes and try again.';
        } else {
          const userId = await db.asAnonymous((sql) => checkCredentials(sql, email, password));
          if (userId) {
            failedAttempts.delete(email.toLowerCase());
            await startSession(db, settings, request, reply, userId, 'password');
            return reply.redirect(next, 303);
          }
          failedAttempts.get(email.toLowerCase())?.push(Date.now()) ??
            failedAttempts.set(email.toLowerCase(), [Date.now()]);
          await db.asAnonymous((sql) =>
            recordAudit(sql, { action: 'SIGN_IN_FAILED', details: { method: 'password' } }),
          );
          fieldErrors.email = 'Enter a correct email address and password';
        }
      }
      const errors = Object.entries(fieldErrors).map(([field, text]) => ({ text, href: `#${field}` }));
      return reply.code(400).view('sign-in.njk', {
        title: 'Sign in',
        next,
        email,
        fieldErrors,
        errors,
        oidcEnabled: Boolean(settings.oidc),
      });
    },
  );

  app.post('/sign-out', async (request, reply) => {
    if (request.sessionToken && request.user) {
      const token = request.sessionToken;
      const user = request.user;
      await db.asActor(
        {
          userId: user.id,
          organisationId: user.organisationId,
          purpose: 'sign-out',
          correlationId: request.id,
        },
        async (sql) => {
          await recordAudit(sql, { action: 'SIGN_OUT' });
          await endSession(sql, token);
        },
      );
    }
    reply.clearCookie(sessionCookie, { path: '/' });
    return reply.redirect('/sign-in', 303);
  });

  if (!settings.oidc) return;

  app.get('/sign-in/oidc', async (_request, reply) => {
    const config = await oidcConfig();
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: settings.oidc!.redirectUri,
      scope: 'openid email profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    });
    reply.setCookie('kindred_oidc', JSON.stringify({ verifier, state }), {
      path: '/sign-in/oidc',
      httpOnly: true,
      sameSite: 'lax',
      secure: settings.secureCookies,
      maxAge: 600,
    });
    return reply.redirect(url.href);
  });

  app.get('/sign-in/oidc/callback', async (request, reply) => {
    const pending = request.cookies.kindred_oidc;
    reply.clearCookie('kindred_oidc', { path: '/sign-in/oidc' });
    try {
      if (!pending) throw new Error('no sign-in in progress');
      const { verifier, state } = JSON.parse(pending) as { verifier: string; state: string };
      const callbackUrl = new URL(request.url, settings.oidc!.redirectUri);
      const tokens = await oidc.authorizationCodeGrant(await oidcConfig(), callbackUrl, {
        pkceCodeVerifier: verifier,
        expectedState: state,
      });
      const claims = tokens.claims();
      if (!claims?.sub) throw new Error('the identity provider sent no subject');
      const userId = await db.asAnonymous(async (sql) => {
        const [known] = await sql.query<{ user_id: string; active: boolean }>(
          'select * from kindred_user_by_oidc_subject($1)',
          [claims.sub],
        );
        if (known) return known.active ? known.user_id : undefined;
        if (typeof claims.email !== 'string' || claims.email_verified !== true) return undefined;
        const [linked] = await sql.query<{ kindred_link_oidc_subject: string | null }>(
          'select kindred_link_oidc_subject($1, $2)',
          [claims.email, claims.sub],
        );
        return linked?.kindred_link_oidc_subject ?? undefined;
      });
      if (!userId) {
        await db.asAnonymous((sql) =>
          recordAudit(sql, { action: 'SIGN_IN_FAILED', details: { method: 'oidc' } }),
        );
        return reply.code(403).view('errors/error.njk', {
          title: 'You do not have a Kindred account',
          paragraphs: [
            'Your organisation’s sign-in worked, but no active Kindred account matches it. Ask your administrator.',
          ],
        });
      }
      await startSession(db, settings, request, reply, userId, 'oidc');
      return reply.redirect('/', 303);
    } catch (error) {
      request.log.warn({ err: error }, 'OpenID Connect sign-in failed');
      return reply.redirect('/sign-in?error=oidc', 303);
    }
  });
}
