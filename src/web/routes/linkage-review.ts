import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { may } from '../../access/index.ts';
import { recordAudit } from '../../audit/index.ts';
import { DecisionRefused, decidePair, findPair, reviewQueue } from '../../clerical-review/index.ts';
import { changeFromForm, type Form } from '../form-change.ts';
import { actorOf } from '../request-context.ts';
import { forbidden, type WebSettings } from '../server.ts';
import {
  explanationView,
  pairTitle,
  percent,
  recordFields,
  recordName,
  recordProvenance,
} from './linkage-presenter.ts';

const purpose = 'linkage-review';
const pageSize = 50;

const decisionTexts = {
  same_person: 'Same person',
  different_people: 'Different people',
} as const;

/**
 * Clerical review for analysts: the queue of pairs near the threshold in the newest run, each pair side by side
 * with its explanation, and the analyst's decision (one person or two), which applies from the next run.
 */
export function registerLinkageReviewRoutes(app: FastifyInstance, settings: WebSettings): void {
  const { db } = settings;

  app.get('/linkage-review', async (request, reply) => {
    const user = request.user!;
    if (!may.reviewLinkage(user)) return forbidden(reply, 'review uncertain matches');
    const pageText = (request.query as Record<string, string | undefined>).page ?? '1';
    const page = /^[1-9]\d{0,5}$/.test(pageText) ? Number(pageText) : 1;
    const queue = await db.asActor(actorOf(user, request.id, purpose), async (sql) => {
      const found = await reviewQueue(sql, { limit: pageSize, offset: (page - 1) * pageSize });
      if (found.run) {
        await recordAudit(sql, {
          action: 'SEARCH_LINKAGE_REVIEW',
          subjectType: 'identification_run',
          subjectIds: [found.run.id],
          details: { shown: found.pairs.length, waiting: found.total },
        });
      }
      return found;
    });
    const flash = (request.query as Record<string, string | undefined>).done;
    return reply.view('linkage-review/queue.njk', {
      title: 'Linkage review',
      run: queue.run,
      total: queue.total,
      flash:
        flash === 'decided'
          ? 'The decision has been recorded. It applies from the next identification run.'
          : undefined,
      rows: queue.pairs.map((pair) => [
        {
          html: `<a class="govuk-link" href="/linkage-review/${pair.runId}/${pair.pairNo}">${escapeHtml(
            `${recordName(pair.leftRecord)} and ${recordName(pair.rightRecord)}`,
          )}</a>`,
        },
        { text: pairTitle(pair) },
        { text: pair.personId ? 'One person' : 'Two people' },
        { text: percent(pair.matchProbability), format: 'numeric' },
      ]),
      previousHref: page > 1 ? `/linkage-review?page=${page - 1}` : undefined,
      nextHref: page * pageSize < queue.total ? `/linkage-review?page=${page + 1}` : undefined,
    });
  });

  const renderPair = async (
    request: FastifyRequest,
    reply: FastifyReply,
    problems: Record<string, string> = {},
    submitted: Form = {},
  ) => {
    const user = request.user!;
    const { runId, pairNo } = request.params as { runId: string; pairNo: string };
    if (!/^[0-9a-f-]{36}$/.test(runId) || !/^\d{1,9}$/.test(pairNo)) return reply.callNotFound();
    const view = await db.asActor(actorOf(user, request.id, purpose), async (sql) => {
      const found = await findPair(sql, runId, Number(pairNo));
      if (!found) return undefined;
      await recordAudit(sql, {
        action: 'VIEW_LINKAGE_PAIR',
        subjectType: 'linkage_pair',
        subjectIds: [`${runId}/${pairNo}`],
        details: { run: runId },
      });
      return found;
    });
    if (!view) return reply.callNotFound();
    if (Object.keys(problems).length > 0) reply.code(400);
    const title = `${recordName(view.left)} and ${recordName(view.right)}`;
    return reply.view('linkage-review/pair.njk', {
      title,
      view,
      pairName: pairTitle(view.pair),
      sides: [view.left, view.right].map((record, index) => ({
        heading: index === 0 ? 'First record' : 'Second record',
        fields: recordFields(record),
        provenance: record ? recordProvenance(record) : undefined,
        personId: record?.personId,
      })),
      outcome: view.pair.personId
        ? 'The newest run put these records in one person.'
        : 'The newest run kept these records apart, as two people.',
      decisionText: view.decision
        ? `${decisionTexts[view.decision.decision]}, decided by ${view.decision.decidedBy ?? 'a colleague'}${view.decision.reason ? `: ${view.decision.reason}` : ''}`
        : undefined,
      explanation: explanationView(
        'pair-explanation',
        `Match weight of ${pairTitle(view.pair)}`,
        view.pair.explanation,
        view.run.matchThreshold,
      ),
      mayOpenUploads: may.readUploads(user),
      mayOpenAgreements: may.readAgreements(user),
      form: { decision: submitted.decision ?? '', reason: submitted.reason ?? '' },
      problems,
      errors: Object.entries(problems).map(([field, text]) => ({ text, href: `#${field}` })),
    });
  };

  app.get('/linkage-review/:runId/:pairNo', async (request, reply) => {
    if (!may.reviewLinkage(request.user!)) return forbidden(reply, 'review uncertain matches');
    return renderPair(request, reply);
  });

  app.post('/linkage-review/:runId/:pairNo', async (request, reply) => {
    const user = request.user!;
    if (!may.reviewLinkage(user)) return forbidden(reply, 'review uncertain matches');
    const { runId, pairNo } = request.params as { runId: string; pairNo: string };
    if (!/^[0-9a-f-]{36}$/.test(runId) || !/^\d{1,9}$/.test(pairNo)) return reply.callNotFound();
    const form = (request.body ?? {}) as Form;
    const decision = form.decision;
    const reason = (form.reason ?? '').trim();
    if (decision !== 'same_person' && decision !== 'different_people')
      return renderPair(
        request,
        reply,
        { decision: 'Select whether the records are of the same person' },
        form,
      );
    if (reason.length > 500)
      return renderPair(request, reply, { reason: 'The reason must be 500 characters or fewer' }, form);
    return changeFromForm(
      db,
      request,
      reply,
      {
        purpose,
        refused: DecisionRefused,
        field: 'decision',
        redraw: renderPair,
        done: '/linkage-review?done=decided',
      },
      (sql) => decidePair(sql, runId, Number(pairNo), decision, reason),
    );
  });
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
