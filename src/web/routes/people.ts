import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { may } from '../../access/index.ts';
import { recordAudit } from '../../audit/index.ts';
import { DecisionRefused, findPerson, mergePeople, splitRecord } from '../../clerical-review/index.ts';
import type { Sql } from '../../db/index.ts';
import type { RecordKey } from '../../linkage/index.ts';
import { changeFromForm, type Form } from '../form-change.ts';
import { actorOf } from '../request-context.ts';
import { forbidden, type WebSettings } from '../server.ts';
import {
  comparisonName,
  explanationView,
  pairTitle,
  percent,
  recordFields,
  recordName,
  recordProvenance,
} from './linkage-presenter.ts';

const personIdPattern = /^P[0-9a-z-]{1,40}$/i;

const flashTexts: Record<string, string> = {
  split: 'The record will be kept apart from this person from the next identification run.',
  merged: 'The two people will be one from the next identification run.',
};

/** A record named in a form: its source and record id, as the page wrote them. */
function recordFromForm(value: string | undefined): RecordKey | undefined {
  try {
    const parsed = JSON.parse(value ?? '') as unknown;
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((part) => typeof part === 'string'))
      return { source: parsed[0] as string, recordId: parsed[1] as string };
  } catch {
    // Not a record the page offered: answered as nothing selected.
  }
  return undefined;
}

/**
 * The person page: every source record behind a person, where each came from, and how the records were linked
 * (the weight each comparison added, as a waterfall chart with a table). Analysts split a record out or merge
 * the person with another from here. Row-level security decides whom each person sees.
 */
export function registerPeopleRoutes(app: FastifyInstance, settings: WebSettings): void {
  const { db } = settings;

  const renderPerson = async (
    request: FastifyRequest,
    reply: FastifyReply,
    problems: Record<string, string> = {},
    submitted: Form = {},
  ) => {
    const user = request.user!;
    if (!may.readFamilies(user) && !may.readAllocatedFamilies(user)) return forbidden(reply, 'see people');
    const { personId } = request.params as { personId: string };
    if (!personIdPattern.test(personId)) return reply.callNotFound();
    const view = await db.asActor(actorOf(user, request.id, 'programme-work'), async (sql) => {
      const found = await findPerson(sql, personId);
      if (!found) return undefined;
      await recordAudit(sql, {
        action: 'VIEW_PERSON',
        subjectType: 'person',
        subjectIds: [personId],
        details: { run: found.run.id, records: found.records.length, links: found.links.length },
      });
      return found;
    });
    if (!view) return reply.callNotFound();
    if (Object.keys(problems).length > 0) reply.code(400);
    const mayReview = may.reviewLinkage(user);
    const name = recordName(view.records.find((record) => record.givenName || record.familyName));
    const familyId = view.records.find((record) => record.familyId)?.familyId;
    const flash = (request.query as Form).done;
    return reply.view('people/person.njk', {
      title: `${name} (${personId})`,
      personId,
      familyId,
      view,
      mayReview,
      mayOpenUploads: may.readUploads(user),
      mayOpenAgreements: may.readAgreements(user),
      records: view.records.map((record) => ({
        key: JSON.stringify([record.source, record.recordId]),
        fields: recordFields(record),
        provenance: recordProvenance(record),
        label: `${record.source} ${record.recordId}`,
      })),
      links: view.links.map((link, index) => ({
        heading: `${pairTitle(link)}: ${percent(link.matchProbability)}`,
        explanation: explanationView(
          `link-${index + 1}`,
          `Match weight of ${pairTitle(link)}`,
          link.explanation,
          view.run.matchThreshold,
        ),
        reviewHref: mayReview ? `/linkage-review/${link.runId}/${link.pairNo}` : undefined,
        // Only a decision joins a pair below the threshold: say so, or the chart would seem to contradict the page.
        byDecision: link.matchProbability < (view.run.matchThreshold ?? 0.5),
      })),
      nearMissRows: view.nearMisses.map((pair) => [
        {
          html: mayReview
            ? `<a class="govuk-link" href="/linkage-review/${pair.runId}/${pair.pairNo}">${escapeHtml(pairTitle(pair))}</a>`
            : escapeHtml(pairTitle(pair)),
        },
        { text: pair.otherPersonId ?? 'Not shown' },
        { text: percent(pair.matchProbability), format: 'numeric' },
        {
          text: pair.explanation.bars
            .filter((bar) => Math.abs(bar.log2_bayes_factor) >= 0.005)
            .map((bar) => `${comparisonName(bar.column_name)}: ${bar.label_for_charts}`)
            .join('; '),
        },
      ]),
      decisionRows: view.decisions.map((decision) => [
        {
          text: `${decision.left.source} ${decision.left.recordId} and ${decision.right.source} ${decision.right.recordId}`,
        },
        { text: decision.decision === 'same_person' ? 'Same person' : 'Different people' },
        { text: decision.reason || 'No reason given' },
        { text: decision.decidedBy ?? 'A colleague' },
      ]),
      recordItems: view.records.map((record) => ({
        value: JSON.stringify([record.source, record.recordId]),
        text: `${record.source} ${record.recordId}: ${recordName(record)}`,
        checked: submitted.record === JSON.stringify([record.source, record.recordId]),
      })),
      form: {
        otherPersonId: submitted.otherPersonId ?? '',
        splitReason: submitted.splitReason ?? '',
        mergeReason: submitted.mergeReason ?? '',
      },
      problems,
      errors: Object.entries(problems).map(([field, text]) => ({ text, href: `#${field}` })),
      flash: typeof flash === 'string' ? flashTexts[flash] : undefined,
    });
  };

  app.get('/people/:personId', (request, reply) => renderPerson(request, reply));

  /** Runs one decision; a refusal is shown on the person page against the field it concerns. */
  const decide = (
    request: FastifyRequest,
    reply: FastifyReply,
    field: string,
    done: string,
    work: (sql: Sql) => Promise<unknown>,
  ) => {
    const { personId } = request.params as { personId: string };
    return changeFromForm(
      db,
      request,
      reply,
      {
        purpose: 'linkage-review',
        refused: DecisionRefused,
        field,
        redraw: renderPerson,
        done: `/people/${encodeURIComponent(personId)}?done=${done}`,
      },
      work,
    );
  };

  app.post('/people/:personId/split', async (request, reply) => {
    if (!may.reviewLinkage(request.user!)) return forbidden(reply, 'split people');
    const { personId } = request.params as { personId: string };
    if (!personIdPattern.test(personId)) return reply.callNotFound();
    const form = (request.body ?? {}) as Form;
    const record = recordFromForm(form.record);
    if (!record)
      return renderPerson(request, reply, { record: 'Select the record that is not this person' }, form);
    return decide(request, reply, 'record', 'split', (sql) =>
      splitRecord(sql, personId, record, (form.splitReason ?? '').trim()),
    );
  });

  app.post('/people/:personId/merge', async (request, reply) => {
    if (!may.reviewLinkage(request.user!)) return forbidden(reply, 'merge people');
    const { personId } = request.params as { personId: string };
    if (!personIdPattern.test(personId)) return reply.callNotFound();
    const form = (request.body ?? {}) as Form;
    const other = (form.otherPersonId ?? '').trim();
    if (!personIdPattern.test(other))
      return renderPerson(
        request,
        reply,
        { otherPersonId: 'Enter the id of the other person, as shown on their page, like P3f2a9c01b7de' },
        form,
      );
    return decide(request, reply, 'otherPersonId', 'merged', (sql) =>
      mergePeople(sql, personId, other, (form.mergeReason ?? '').trim()),
    );
  });
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
