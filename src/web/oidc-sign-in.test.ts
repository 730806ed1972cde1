import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeOnEachDatabase } from '../../test/support/databases.ts';
import { buildOrganisation, buildUser } from '../../test/support/factories.ts';
import type { Database } from '../db/index.ts';
import { buildWebServer } from './server.ts';

/** A minimal OpenID provider: discovery, keys, and a token endpoint that checks PKCE. */
function startProvider(claims: () => Record<string, unknown>) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'test', use: 'sig', alg: 'RS256' };
  const challenges = new Map<string, string>();
  let issuer = '';
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', issuer);
    const json = (body: unknown, status = 200) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      return json({
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
      });
    }
    if (url.pathname === '/jwks') return json({ keys: [jwk] });
    if (url.pathname === '/token') {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        const form = new URLSearchParams(body);
        const verifier = form.get('code_verifier') ?? '';
        const expected = challenges.get(form.get('code') ?? '');
        if (!expected || createHash('sha256').update(verifier).digest('base64url') !== expected) {
          return json({ error: 'invalid_grant' }, 400);
        }
        const now = Math.floor(Date.now() / 1000);
        const encode = (part: unknown) => Buffer.from(JSON.stringify(part)).toString('base64url');
        const header = encode({ alg: 'RS256', typ: 'JWT', kid: 'test' });
        const payload = encode({ iss: issuer, aud: 'kindred', iat: now, exp: now + 300, ...claims() });
        const signature = sign('sha256', Buffer.from(`${header}.${payload}`), privateKey).toString(
          'base64url',
        );
        json({
          access_token: randomUUID(),
          token_type: 'Bearer',
          expires_in: 300,
          id_token: `${header}.${payload}.${signature}`,
        });
      });
      return;
    }
    response.writeHead(404).end();
  });
  return {
    server,
    /** What the provider's sign-in page would do: remember the challenge and send the browser back with a code. */
    authorise(authorizeUrl: string): { code: string; state: string } {
      const url = new URL(authorizeUrl);
      const code = randomUUID();
      challenges.set(code, url.searchParams.get('code_challenge') ?? '');
      return { code, state: url.searchParams.get('state') ?? '' };
    },
    async listen() {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      return issuer;
    },
  };
}

let subject = 'subject-1';
let email = 'olive@testshire.example';
let emailVerified = true;
const provider = startProvider(() => ({ sub: subject, email, email_verified: emailVerified }));
const anchorDirectory = mkdtempSync(join(tmpdir(), 'kindred-oidc-'));
const issuer = await provider.listen();
after(() => {
  provider.server.close();
  rmSync(anchorDirectory, { recursive: true, force: true });
});

await describeOnEachDatabase('OpenID Connect sign-in', (target) => {
  let db: Database;
  let app: FastifyInstance;
  let baseUrl: string;

  beforeEach(() => {
    subject = 'subject-1';
    email = 'olive@testshire.example';
    emailVerified = true;
  });

  before(async () => {
    db = await target.open();
    const council = await buildOrganisation(db, 'council');
    await buildUser(db, council, ['coordinator'], 'olive@testshire.example');
    await buildUser(db, council, ['analyst'], 'pat@testshire.example');
    app = await buildWebServer({
      db,
      secureCookies: false,
      auditAnchorFile: join(anchorDirectory, 'audit-anchors.log'),
      oidc: {
        issuer,
        clientId: 'kindred',
        clientSecret: 'secret',
        redirectUri: 'http://127.0.0.1/sign-in/oidc/callback',
        allowInsecure: true,
      },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  after(() => app?.close());

  const cookiesOf = (response: Response): string =>
    response.headers
      .getSetCookie()
      .map((cookie) => cookie.split(';')[0])
      .join('; ');

  async function signInThroughProvider(): Promise<Response> {
    const start = await fetch(`${baseUrl}/sign-in/oidc`, { redirect: 'manual' });
    assert.equal(start.status, 302);
    const { code, state } = provider.authorise(start.headers.get('location')!);
    return fetch(`${baseUrl}/sign-in/oidc/callback?code=${code}&state=${state}`, {
      redirect: 'manual',
      headers: { cookie: cookiesOf(start) },
    });
  }

  test('a verified email links the account on first sign-in, and the subject signs in after that', async () => {
    const first = await signInThroughProvider();
    assert.equal(first.status, 303);
    assert.equal(first.headers.get('location'), '/');
    const home = await fetch(`${baseUrl}/`, { headers: { cookie: cookiesOf(first) } });
    assert.equal(home.status, 200);
    assert.match(await home.text(), /Welcome, olive/);

    email = 'changed-at-the-provider@testshire.example';
    const second = await signInThroughProvider();
    assert.equal(second.status, 303);
    assert.equal(second.headers.get('location'), '/');
  });

  test('an unverified email or an unknown subject gets no session', async () => {
    subject = 'subject-2';
    email = 'nobody@testshire.example';
    const unknown = await signInThroughProvider();
    assert.equal(unknown.status, 403);
    assert.doesNotMatch(unknown.headers.get('set-cookie') ?? '', /kindred_session=/);

    emailVerified = false;
    email = 'pat@testshire.example';
    subject = 'subject-3';
    const unverified = await signInThroughProvider();
    assert.equal(unverified.status, 403);
  });

  test('a callback with the wrong state is refused', async () => {
    const start = await fetch(`${baseUrl}/sign-in/oidc`, { redirect: 'manual' });
    const { code } = provider.authorise(start.headers.get('location')!);
    const forged = await fetch(`${baseUrl}/sign-in/oidc/callback?code=${code}&state=forged`, {
      redirect: 'manual',
      headers: { cookie: cookiesOf(start) },
    });
    assert.equal(forged.status, 303);
    assert.equal(forged.headers.get('location'), '/sign-in?error=oidc');
  });
});
