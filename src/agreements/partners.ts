import { type OrganisationKind, organisationKinds } from '../access/index.ts';
import { recordAudit } from '../audit/index.ts';
import type { Sql } from '../db/index.ts';

/** The people a partner's information governance answers to, as the ICO and NHS guidance name them. */
export const contactRoles = ['ig_officer', 'caldicott_guardian', 'siro', 'dpo'] as const;
export type ContactRole = (typeof contactRoles)[number];

export const contactRoleNames: Record<ContactRole, string> = {
  ig_officer: 'Information governance officer',
  caldicott_guardian: 'Caldicott guardian',
  siro: 'Senior information risk owner (SIRO)',
  dpo: 'Data protection officer (DPO)',
};

/** The NHS Data Security and Protection Toolkit's published assessment statuses. */
export const dsptStatuses = [
  'standards_exceeded',
  'standards_met',
  'approaching_standards',
  'standards_not_met',
  'not_published',
  'not_required',
] as const;
export type DsptStatus = (typeof dsptStatuses)[number];

export const dsptStatusNames: Record<DsptStatus, string> = {
  standards_exceeded: 'Standards exceeded',
  standards_met: 'Standards met',
  approaching_standards: 'Approaching standards',
  standards_not_met: 'Standards not met',
  not_published: 'Not yet published',
  not_required: 'Not required',
};

export interface PartnerContact {
  role: ContactRole;
  name: string;
  email: string;
  phone: string;
}

export interface Partner {
  organisationId: string;
  name: string;
  kind: OrganisationKind;
  /** The ICO register of fee payers' number, such as Z1234567. */
  icoRegistration: string;
  dsptStatus: DsptStatus | null;
  dsptPublishedOn: string | null;
  contacts: PartnerContact[];
}

export interface PartnerDetails {
  name: string;
  kind: OrganisationKind;
  icoRegistration: string;
  dsptStatus: DsptStatus | null;
  dsptPublishedOn: string | null;
  contacts: PartnerContact[];
}

export const isDsptStatus = (value: unknown): value is DsptStatus =>
  (dsptStatuses as readonly unknown[]).includes(value);
export const isOrganisationKind = (value: unknown): value is OrganisationKind =>
  (organisationKinds as readonly unknown[]).includes(value);

export interface PartnerProblem {
  field: string;
  message: string;
}

export function partnerProblems(details: PartnerDetails): PartnerProblem[] {
  const problems: PartnerProblem[] = [];
  if (!details.name.trim()) problems.push({ field: 'name', message: 'Enter the organisation’s name' });
  if (!isOrganisationKind(details.kind))
    problems.push({ field: 'kind', message: 'Select what kind of organisation it is' });
  if (details.icoRegistration && !/^Z[A-Z0-9]{7}$/.test(details.icoRegistration)) {
    problems.push({
      field: 'icoRegistration',
      message: 'Enter the ICO registration number as it appears on the ICO register, like Z1234567',
    });
  }
  if (details.dsptPublishedOn && !/^\d{4}-\d{2}-\d{2}$/.test(details.dsptPublishedOn)) {
    problems.push({ field: 'dsptPublishedOn', message: 'Enter a real date' });
  }
  for (const contact of details.contacts) {
    if (!contact.name.trim() && (contact.email.trim() || contact.phone.trim())) {
      problems.push({
        field: `${contact.role}Name`,
        message: `Enter the ${contactRoleNames[contact.role].toLowerCase()}’s name`,
      });
    }
    if (contact.email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(contact.email.trim())) {
      problems.push({
        field: `${contact.role}Email`,
        message: 'Enter an email address in the correct format, like name@example.org',
      });
    }
  }
  return problems;
}

/** Every organisation of the partnership with its assurance and governance contacts. */
export async function listPartners(sql: Sql, organisationId?: string): Promise<Partner[]> {
  const rows = await sql.query<{
    id: string;
    name: string;
    kind: OrganisationKind;
    ico_registration: string | null;
    dspt_status: DsptStatus | null;
    dspt_published_on: string | null;
  }>(
    `select o.id, o.name, o.kind, p.ico_registration, p.dspt_status, p.dspt_published_on
     from organisation o left join partner_profile p on p.organisation_id = o.id
     where o.kind <> 'platform' and ($1::uuid is null or o.id = $1) order by o.name`,
    [organisationId ?? null],
  );
  const contacts = await sql.query<{
    organisation_id: string;
    contact_role: ContactRole;
    name: string;
    email: string | null;
    phone: string | null;
  }>(
    'select organisation_id, contact_role, name, email, phone from partner_contact where organisation_id = any ($1::uuid[])',
    [rows.map((row) => row.id)],
  );
  return rows.map((row) => ({
    organisationId: row.id,
    name: row.name,
    kind: row.kind,
    icoRegistration: row.ico_registration ?? '',
    dsptStatus: row.dspt_status,
    dsptPublishedOn: row.dspt_published_on,
    contacts: contactRoles.flatMap((role) => {
      const contact = contacts.find(
        (found) => found.organisation_id === row.id && found.contact_role === role,
      );
      return contact
        ? [{ role, name: contact.name, email: contact.email ?? '', phone: contact.phone ?? '' }]
        : [];
    }),
  }));
}

export async function findPartner(sql: Sql, organisationId: string): Promise<Partner | undefined> {
  const [partner] = await listPartners(sql, organisationId);
  return partner;
}

/** An administrator registers a partner organisation, or changes one (`organisationId` given). */
export async function savePartner(
  sql: Sql,
  details: PartnerDetails,
  organisationId?: string,
): Promise<string> {
  let id = organisationId;
  if (id) {
    await sql.query('update organisation set name = $2, kind = $3 where id = $1', [
      id,
      details.name.trim(),
      details.kind,
    ]);
  } else {
    const [row] = await sql.query<{ id: string }>(
      'insert into organisation (name, kind) values ($1, $2) returning id',
      [details.name.trim(), details.kind],
    );
    id = row!.id;
  }
  await sql.query(
    `insert into partner_profile (organisation_id, ico_registration, dspt_status, dspt_published_on)
     values ($1, $2, $3, $4)
     on conflict (organisation_id) do update set ico_registration = excluded.ico_registration,
       dspt_status = excluded.dspt_status, dspt_published_on = excluded.dspt_published_on, updated_at = now()`,
    [id, details.icoRegistration.trim() || null, details.dsptStatus, details.dsptPublishedOn || null],
  );
  await sql.query('delete from partner_contact where organisation_id = $1', [id]);
  for (const contact of details.contacts.filter((candidate) => candidate.name.trim())) {
    await sql.query(
      'insert into partner_contact (organisation_id, contact_role, name, email, phone) values ($1, $2, $3, $4, $5)',
      [id, contact.role, contact.name.trim(), contact.email.trim() || null, contact.phone.trim() || null],
    );
  }
  await recordAudit(sql, {
    action: organisationId ? 'UPDATE_PARTNER' : 'CREATE_PARTNER',
    subjectType: 'organisation',
    subjectIds: [id],
    subjectOrganisationId: id,
    details: {
      kind: details.kind,
      dsptStatus: details.dsptStatus,
      contacts: details.contacts.filter((contact) => contact.name.trim()).map((contact) => contact.role),
    },
  });
  return id;
}
