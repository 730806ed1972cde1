import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { may, type OrganisationKind, organisationKinds } from '../../access/index.ts';
import {
  contactRoleNames,
  contactRoles,
  dsptStatuses,
  dsptStatusNames,
  findPartner,
  isDsptStatus,
  listPartners,
  longDate,
  type PartnerDetails,
  partnerProblems,
  savePartner,
} from '../../agreements/index.ts';
import { actorOf } from '../request-context.ts';
import { forbidden, type WebSettings } from '../server.ts';
import { purpose, uuidPattern } from './agreements.ts';
import { errorList, problemsByField } from './agreements-form.ts';

const kindNames: Record<OrganisationKind, string> = {
  council: 'Council',
  police: 'Police',
  education: 'Education',
  dwp: 'DWP',
  health: 'Health',
  housing: 'Housing',
  childrens_services: 'Children’s services',
  domestic_abuse: 'Domestic abuse service',
  other: 'Other',
};

function readPartnerForm(body: Record<string, unknown>): PartnerDetails {
  const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string).trim() : '');
  const dspt = text('dsptStatus');
  return {
    name: text('name'),
    kind: text('kind') as OrganisationKind,
    icoRegistration: text('icoRegistration').toUpperCase(),
    dsptStatus: isDsptStatus(dspt) ? dspt : null,
    dsptPublishedOn: text('dsptPublishedOn') || null,
    contacts: contactRoles.map((role) => ({
      role,
      name: text(`${role}Name`),
      email: text(`${role}Email`),
      phone: text(`${role}Phone`),
    })),
  };
}

function formModel(details: PartnerDetails) {
  return {
    form: details,
    kindItems: [
      { value: '', text: 'Select a kind', selected: !details.kind },
      ...organisationKinds.map((kind) => ({
        value: kind,
        text: kindNames[kind],
        selected: details.kind === kind,
      })),
    ],
    dsptItems: [
      { value: '', text: 'Not recorded', selected: details.dsptStatus === null },
      ...dsptStatuses.map((status) => ({
        value: status,
        text: dsptStatusNames[status],
        selected: details.dsptStatus === status,
      })),
    ],
    contacts: contactRoles.map((role) => ({
      ...(details.contacts.find((contact) => contact.role === role) ?? { name: '', email: '', phone: '' }),
      role,
      heading: contactRoleNames[role],
    })),
  };
}

/** Partner organisations with their assurance and IG contacts: everyone reads them, administrators keep them. */
export function registerPartnerRoutes(app: FastifyInstance, settings: WebSettings): void {
  const { db } = settings;
  const as = (request: FastifyRequest) => actorOf(request.user!, request.id, purpose);

  app.get('/partners', async (request, reply) => {
    const user = request.user!;
    if (!may.readAgreements(user) && !may.managePartners(user))
      return forbidden(reply, 'see the partnership');
    const partners = await db.asActor(as(request), (sql) => listPartners(sql));
    const flash = (request.query as Record<string, string>).done;
    return reply.view('agreements/partners.njk', {
      title: 'Partner organisations',
      partners: partners.map((partner) => ({
        ...partner,
        kindName: kindNames[partner.kind],
        dspt: partner.dsptStatus
          ? `${dsptStatusNames[partner.dsptStatus]}${partner.dsptPublishedOn ? ` (${longDate(partner.dsptPublishedOn)})` : ''}`
          : 'Not recorded',
        contacts: partner.contacts.map((contact) => ({
          ...contact,
          roleName: contactRoleNames[contact.role],
        })),
      })),
      mayManage: may.managePartners(user),
      flash:
        flash === 'created'
          ? 'The partner has been added.'
          : flash === 'updated'
            ? 'The partner has been updated.'
            : undefined,
    });
  });

  const renderForm = (reply: FastifyReply, details: PartnerDetails, context: Record<string, unknown>) =>
    reply.view('agreements/partner-form.njk', { ...formModel(details), problems: {}, ...context });

  const blank: PartnerDetails = {
    name: '',
    kind: '' as OrganisationKind,
    icoRegistration: '',
    dsptStatus: null,
    dsptPublishedOn: null,
    contacts: [],
  };

  app.get('/partners/new', async (request, reply) => {
    if (!may.managePartners(request.user!)) return forbidden(reply, 'manage partner organisations');
    return renderForm(reply, blank, { title: 'Add a partner organisation', action: '/partners/new' });
  });

  const save = (creating: boolean) =>
    async function handler(request: FastifyRequest, reply: FastifyReply) {
      if (!may.managePartners(request.user!)) return forbidden(reply, 'manage partner organisations');
      const id = creating ? undefined : (request.params as { id: string }).id;
      if (id !== undefined && !uuidPattern.test(id)) return reply.callNotFound();
      const details = readPartnerForm(request.body as Record<string, unknown>);
      const problems = partnerProblems(details);
      if (problems.length === 0) {
        try {
          await db.asActor(as(request), (sql) => savePartner(sql, details, id));
          return reply.redirect(`/partners?done=${creating ? 'created' : 'updated'}`, 303);
        } catch (error) {
          if ((error as { code?: string }).code !== '23505') throw error;
          problems.push({ field: 'name', message: 'An organisation with this name already exists' });
        }
      }
      reply.code(400);
      return renderForm(reply, details, {
        title: creating ? 'Add a partner organisation' : `Change ${details.name}`,
        action: creating ? '/partners/new' : `/partners/${id}`,
        problems: problemsByField(problems),
        errors: errorList(problems),
      });
    };

  app.post('/partners/new', save(true));

  app.get('/partners/:id', async (request, reply) => {
    if (!may.managePartners(request.user!)) return forbidden(reply, 'manage partner organisations');
    const { id } = request.params as { id: string };
    if (!uuidPattern.test(id)) return reply.callNotFound();
    const partner = await db.asActor(as(request), (sql) => findPartner(sql, id));
    if (!partner) return reply.callNotFound();
    return renderForm(reply, partner, { title: `Change ${partner.name}`, action: `/partners/${id}` });
  });

  app.post('/partners/:id', save(false));
}
