import type { SessionUser } from '../access/index.ts';
import type { Actor } from '../db/index.ts';

/** The person behind a request, once their session is found. */
export type SignedInUser = SessionUser;

declare module 'fastify' {
  interface FastifyRequest {
    user?: SignedInUser;
    csrfToken?: string;
    sessionToken?: string;
  }
  interface FastifyReply {
    view(template: string, context?: Record<string, unknown>): FastifyReply;
  }
}

/** The actor a request's database work runs as; the purpose is recorded with every audit event. */
export function actorOf(user: SignedInUser, correlationId: string, purpose = 'programme-work'): Actor {
  return { userId: user.id, organisationId: user.organisationId, purpose, correlationId };
}
