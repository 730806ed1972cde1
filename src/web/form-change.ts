import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database, Sql } from '../db/index.ts';
import { actorOf } from './request-context.ts';

/** A submitted form's fields. */
export type Form = Record<string, string | undefined>;

/** Draws a page again with problems against its fields and what was submitted. */
export type Redraw = (
  request: FastifyRequest,
  reply: FastifyReply,
  problems: Record<string, string>,
  submitted: Form,
) => Promise<unknown>;

export interface FormChange {
  purpose: string;
  /** The error a refusal is thrown as; its message is written for the person who submitted the form. */
  refused: abstract new (
    ...args: never[]
  ) => Error;
  /** The field the refusal is shown against. */
  field: string;
  redraw: Redraw;
  /** Where the browser goes once the change is made (post, redirect, get). */
  done: string;
}

/** Makes the change a form asked for, as the signed-in user; a refusal is shown on the page it came from. */
export async function changeFromForm(
  db: Database,
  request: FastifyRequest,
  reply: FastifyReply,
  change: FormChange,
  work: (sql: Sql) => Promise<unknown>,
): Promise<unknown> {
  try {
    await db.asActor(actorOf(request.user!, request.id, change.purpose), work);
  } catch (error) {
    if (!(error instanceof change.refused)) throw error;
    return change.redraw(request, reply, { [change.field]: error.message }, (request.body ?? {}) as Form);
  }
  return reply.redirect(change.done, 303);
}
