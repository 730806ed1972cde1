import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const anonymousCsrfCookie = 'kindred_csrf';

const same = (a: string, b: string): boolean => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

/** The token a form must send back: the session's, or for signed-out forms a cookie's (double submit). */
export function csrfTokenFor(request: FastifyRequest, reply: FastifyReply, secureCookies: boolean): string {
  if (request.csrfToken) return request.csrfToken;
  const existing = request.cookies[anonymousCsrfCookie];
  if (existing && /^[A-Za-z0-9_-]{32}$/.test(existing)) return existing;
  const token = randomBytes(24).toString('base64url');
  reply.setCookie(anonymousCsrfCookie, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: secureCookies,
  });
  return token;
}

export function csrfTokenMatches(request: FastifyRequest): boolean {
  const body = request.body as Record<string, unknown> | undefined;
  const sent = typeof body?._csrf === 'string' ? body._csrf : request.headers['x-csrf-token'];
  if (typeof sent !== 'string' || sent === '') return false;
  const expected = request.csrfToken ?? request.cookies[anonymousCsrfCookie];
  return typeof expected === 'string' && same(sent, expected);
}
