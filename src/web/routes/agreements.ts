import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { listOrganisations, may } from '../../access/index.ts';
import {
  type AgreementRecord,
  AgreementRefused,
  type AgreementTerms,
  discardOpenVersion,
  draftAgreement,
  emptyTerms,
  governingVersion,
  loadAgreement,
  loadAgreements,
  openVersion,
  planRevision,
  problemsInDraft,
  reviseAgreement,
  signAgreement,
  submitAgreement,
  todayInEngland,
  withdrawAgreement,
} from '../../agreements/index.ts';
import { recordAudit } from '../../audit/index.ts';
import type { Sql } from '../../db/index.ts';
import { actorOf, type SignedInUser } from '../request-context.ts';
import { forbidden, type WebSettings } from '../server.ts';
import { agreementFormModel, errorList, problemsByField, readAgreementForm } from './agreements-form.ts';
import { agreementSummary, versionModel } from './agreements-presenter.ts';

export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const purpose = 'information-governance';

const flashes: Record<string, string> = {
  drafted: 'The draft agreement has been saved. Send it for review when it is complete.',
  saved: 'Your changes have been saved.',
  'new-version':
    'A new version has been saved as a draft. The signed version stays in force until every party signs the new one.',
  'reopen-review': 'Your changes have been saved. The version is back in draft: send it for review again.',
  unchanged: 'Nothing changed, so nothing was saved.',
  submitted: 'The agreement has been sent to each party’s information governance officer to sign.',
  signed: 'You have signed the agreement for your organisation.',
  'fully-signed': 'You have signed the agreement. Every party has now signed it.',
  withdrawn: 'The agreement has been withdrawn.',
  discarded: 'The version being prepared has been discarded.',
  imported: 'The agreement has been imported as a draft. Check it, then send it for review.',
};

/** What the person may do with this agreement, from their roles and their organisation's part in it. */
function actionsFor(user: SignedInUser, agreement: AgreementRecord) {
  const open = openVersion(agreement.versions);
  const governing = governingVersion(agreement.versions)!;
  const keeper = may.draftAgreements(user) && agreement.keeperId === user.organisationId;
  const partyTo = (version: typeof open) =>
    version?.parties.some((party) => party.organisationId === user.organisationId) ?? false;
  const signedByMe =
    open?.signatures.some((signature) => signature.organisationId === user.organisationId) ?? false;
  const igOfficer = may.signAgreements(user);
  return {
    edit: keeper && planRevision(agreement.versions).kind !== 'refused',
    submit: keeper && open?.state === 'draft',
    discard: keeper && open !== undefined && governing.state === 'signed',
    sign: igOfficer && open?.state === 'in_review' && partyTo(open) && !signedByMe,
    withdraw:
      (keeper &&
        agreement.versions.some((version) => ['draft', 'in_review', 'signed'].includes(version.state))) ||
      (igOfficer &&
        ((open?.state === 'in_review' && partyTo(open)) ||
          (governing.state === 'signed' && partyTo(governing)))),
    signingFor: user.organisationName,
  };
}

async function loadViewed(sql: Sql, agreementId: string): Promise<AgreementRecord | undefined> {
  const agreement = await loadAgreement(sql, agreementId);
  if (agreement) {
    await recordAudit(sql, {
      action: 'VIEW_AGREEMENT',
      subjectType: 'agreement',
      subjectIds: [agreementId],
      subjectOrganisationId: agreement.keeperId,
      details: { reference: agreement.reference },
    });
  }
  return agreement;
}

/** Coordinators draft and submit; IG officers sign for their own organisation; both see reviews due. */
export function registerAgreementRoutes(app: FastifyInstance, settings: WebSettings): void {
  const { db } = settings;
  const as = (request: FastifyRequest) => actorOf(request.user!, request.id, purpose);

  app.get('/agreements', async (request, reply) => {
    const user = request.user!;
    if (!may.readAgreements(user)) return forbidden(reply, 'read sharing agreements');
    const today = todayInEngland();
    const agreements = await db.asActor(as(request), async (sql) => {
      const found = await loadAgreements(sql);
      await recordAudit(sql, {
        action: 'VIEW_AGREEMENTS',
        subjectType: 'agreement',
        details: { count: found.length },
      });
      return found;
    });
    const summaries = agreements.map((agreement) => agreementSummary(agreement, today));
    const showsReviews = may.draftAgreements(user) || may.signAgreements(user);
    return reply.view('agreements/index.njk', {
      title: 'Information sharing agreements',
      agreements: summaries,
      reviews: showsReviews ? summaries.filter((summary) => summary.review) : [],
      mayDraft: may.draftAgreements(user),
      flash: flashes[(request.query as Record<string, string>).done ?? ''],
    });
  });

  const renderForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    terms: AgreementTerms,
    context: Record<string, unknown>,
  ) => {
    const organisations = await db.asActor(as(request), (sql) => listOrganisations(sql));
    return reply.view('agreements/form.njk', { ...agreementFormModel(terms, organisations), ...context });
  };

  app.get('/agreements/new', async (request, reply) => {
    const user = request.user!;
    if (!may.draftAgreements(user)) return forbidden(reply, 'draft sharing agreements');
    const terms: AgreementTerms = {
      ...emptyTerms(),
      parties: [{ organisationId: user.organisationId, role: 'controller', provides: false, receives: true }],
    };
    return renderForm(request, reply, terms, {
      title: 'Draft an agreement',
      action: '/agreements/new',
      problems: {},
    });
  });

  app.post('/agreements/new', async (request, reply) => {
    if (!may.draftAgreements(request.user!)) return forbidden(reply, 'draft sharing agreements');
    const organisations = await db.asActor(as(request), (sql) => listOrganisations(sql));
    const terms = readAgreementForm(request.body as Record<string, unknown>, organisations);
    const problems = problemsInDraft(terms);
    if (problems.length === 0) {
      const drafted = await db.asActor(as(request), (sql) => draftAgreement(sql, terms));
      return reply.redirect(`/agreements/${drafted.agreementId}?done=drafted`, 303);
    }
    reply.code(400);
    return renderForm(request, reply, terms, {
      title: 'Draft an agreement',
      action: '/agreements/new',
      problems: problemsByField(problems),
      errors: errorList(problems),
    });
  });

  const renderAgreement = async (
    request: FastifyRequest,
    reply: FastifyReply,
    agreementId: string,
    versionNumber: number | undefined,
    context: Record<string, unknown> = {},
  ) => {
    const user = request.user!;
    const agreement = await db.asActor(as(request), (sql) => loadViewed(sql, agreementId));
    if (!agreement) return reply.callNotFound();
    const today = todayInEngland();
    const current = openVersion(agreement.versions) ?? governingVersion(agreement.versions)!;
    const shown =
      versionNumber === undefined
        ? current
        : agreement.versions.find((version) => version.version === versionNumber);
    if (!shown) return reply.callNotFound();
    const summary = agreementSummary(agreement, today);
    return reply.view('agreements/agreement.njk', {
      title: `${agreement.reference} ${shown.terms.title}`,
      agreement: { id: agreement.id, reference: agreement.reference, keeper: agreement.keeper },
      summary,
      shown: versionModel(shown, today),
      isCurrent: shown === current,
      current: { version: current.version },
      versions: agreement.versions.map((version) => versionModel(version, today)),
      actions: shown === current ? actionsFor(user, agreement) : {},
      flash: flashes[(request.query as Record<string, string>).done ?? ''],
      problems: {},
      ...context,
    });
  };

  app.get('/agreements/:id', async (request, reply) => {
    if (!may.readAgreements(request.user!)) return forbidden(reply, 'read sharing agreements');
    const { id } = request.params as { id: string };
    if (!uuidPattern.test(id)) return reply.callNotFound();
    return renderAgreement(request, reply, id, undefined);
  });

  app.get('/agreements/:id/versions/:version', async (request, reply) => {
    if (!may.readAgreements(request.user!)) return forbidden(reply, 'read sharing agreements');
    const { id, version } = request.params as { id: string; version: string };
    if (!uuidPattern.test(id) || !/^\d+$/.test(version)) return reply.callNotFound();
    return renderAgreement(request, reply, id, Number(version));
  });

  const editing = async (request: FastifyRequest, agreementId: string) => {
    const agreement = await db.asActor(as(request), (sql) => loadAgreement(sql, agreementId));
    if (!agreement) return undefined;
    const plan = planRevision(agreement.versions);
    const base = openVersion(agreement.versions) ?? governingVersion(agreement.versions)!;
    const notices: Record<string, string> = {
      'edit-draft': `You are changing the draft of version ${base.version}.`,
      'reopen-review': `Version ${base.version} is in review. Saving a change sends it back to draft and removes the ${base.signatures.length} signature(s) already given.`,
      'new-version': `Version ${base.version} is signed. Saving a change makes version ${plan.kind === 'new-version' ? plan.version : ''}, which every party must sign again; version ${base.version} stays in force until then.`,
      refused: plan.kind === 'refused' ? plan.reason : '',
    };
    return { agreement, plan, base, notice: notices[plan.kind] };
  };

  app.get('/agreements/:id/edit', async (request, reply) => {
    if (!may.draftAgreements(request.user!)) return forbidden(reply, 'change sharing agreements');
    const { id } = request.params as { id: string };
    if (!uuidPattern.test(id)) return reply.callNotFound();
    const found = await editing(request, id);
    if (!found) return reply.callNotFound();
    if (found.plan.kind === 'refused' || found.agreement.keeperId !== request.user!.organisationId) {
      return reply.code(409).view('errors/error.njk', {
        title: 'This agreement cannot be changed',
        paragraphs: [
          found.plan.kind === 'refused' ? found.plan.reason : `Only ${found.agreement.keeper} changes it.`,
        ],
      });
    }
    return renderForm(request, reply, found.base.terms, {
      title: `Change ${found.agreement.reference}`,
      action: `/agreements/${id}/edit`,
      backHref: `/agreements/${id}`,
      notice: found.notice,
      problems: {},
    });
  });

  app.post('/agreements/:id/edit', async (request, reply) => {
    if (!may.draftAgreements(request.user!)) return forbidden(reply, 'change sharing agreements');
    const { id } = request.params as { id: string };
    if (!uuidPattern.test(id)) return reply.callNotFound();
    const organisations = await db.asActor(as(request), (sql) => listOrganisations(sql));
    const terms = readAgreementForm(request.body as Record<string, unknown>, organisations);
    let problems = problemsInDraft(terms);
    if (problems.length === 0) {
      try {
        const revision = await db.asActor(as(request), (sql) => reviseAgreement(sql, id, terms));
        const done = revision.kind === 'edit-draft' ? 'saved' : revision.kind;
        return reply.redirect(`/agreements/${id}?done=${done}`, 303);
      } catch (error) {
        if (!(error instanceof AgreementRefused)) throw error;
        problems = error.problems.length ? error.problems : [{ field: 'title', message: error.message }];
      }
    }
    const found = await editing(request, id);
    if (!found) return reply.callNotFound();
    reply.code(400);
    return renderForm(request, reply, terms, {
      title: `Change ${found.agreement.reference}`,
      action: `/agreements/${id}/edit`,
      backHref: `/agreements/${id}`,
      notice: found.notice,
      problems: problemsByField(problems),
      errors: errorList(problems),
    });
  });

  /** Runs one change to an agreement; a refusal is shown on the agreement's page. */
  const change = (
    permitted: (user: SignedInUser) => boolean,
    what: string,
    work: (sql: Sql, id: string, body: Record<string, unknown>) => Promise<string>,
  ) =>
    async function handler(request: FastifyRequest, reply: FastifyReply) {
      if (!permitted(request.user!)) return forbidden(reply, what);
      const { id } = request.params as { id: string };
      if (!uuidPattern.test(id)) return reply.callNotFound();
      const body = (request.body ?? {}) as Record<string, unknown>;
      try {
        const done = await db.asActor(as(request), (sql) => work(sql, id, body));
        return reply.redirect(`/agreements/${id}?done=${done}`, 303);
      } catch (error) {
        if (!(error instanceof AgreementRefused)) throw error;
        const field =
          typeof body.jobTitle === 'string' ? 'jobTitle' : typeof body.reason === 'string' ? 'reason' : '';
        const errors = error.problems.length
          ? error.problems.map((problem) => ({
              text: problem.message,
              href: `/agreements/${id}/edit#${problem.field}`,
            }))
          : [{ text: error.message, href: field ? `#${field}` : '#actions' }];
        reply.code(400);
        return renderAgreement(request, reply, id, undefined, {
          errors,
          problems: field && error.problems.length === 0 ? { [field]: error.message } : {},
        });
      }
    };

  const text = (body: Record<string, unknown>, name: string) =>
    typeof body[name] === 'string' ? (body[name] as string) : '';

  app.post(
    '/agreements/:id/submit',
    change(may.draftAgreements, 'send agreements for review', async (sql, id) => {
      await submitAgreement(sql, id);
      return 'submitted';
    }),
  );

  app.post(
    '/agreements/:id/sign',
    change(may.signAgreements, 'sign agreements', async (sql, id, body) => {
      const jobTitle = text(body, 'jobTitle');
      if (!jobTitle.trim()) throw new AgreementRefused('Enter your job title');
      const outcome = await signAgreement(sql, id, jobTitle);
      return outcome.fullySigned ? 'fully-signed' : 'signed';
    }),
  );

  app.post(
    '/agreements/:id/withdraw',
    change(
      (user) => may.draftAgreements(user) || may.signAgreements(user),
      'withdraw agreements',
      async (sql, id, body) => {
        const reason = text(body, 'reason');
        if (!reason.trim()) throw new AgreementRefused('Enter why the agreement is withdrawn');
        await withdrawAgreement(sql, id, reason);
        return 'withdrawn';
      },
    ),
  );

  app.post(
    '/agreements/:id/discard',
    change(may.draftAgreements, 'discard agreement drafts', async (sql, id) => {
      await discardOpenVersion(sql, id);
      return 'discarded';
    }),
  );
}
