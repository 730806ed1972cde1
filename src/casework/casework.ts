import { recordAudit } from '../audit/index.ts';
import type { Sql } from '../db/index.ts';

export const caseworkStatuses = ['identified', 'assessed', 'allocated', 'working', 'closed'] as const;
export type CaseworkStatus = (typeof caseworkStatuses)[number];

export const statusNames: Record<CaseworkStatus, string> = {
  identified: 'Identified',
  assessed: 'Assessed',
  allocated: 'Allocated',
  working: 'Working with the family',
  closed: 'Closed',
};

export type Eligibility = 'confirmed' | 'rejected';
export type ConsentBasis = 'consent_given' | 'lawful_basis';

export interface Casework {
  familyId: string;
  status: CaseworkStatus;
  eligibility: Eligibility | null;
  eligibilityReason: string | null;
  consent: ConsentBasis | null;
  basisNote: string | null;
  keyworkerId: string | null;
  keyworkerName: string | null;
  leadProfessional: string | null;
  closureReason: string | null;
  updatedAt: Date;
}

export interface CaseworkChange {
  event: 'assessed' | 'allocated' | 'started' | 'closed' | 'reopened';
  status: CaseworkStatus;
  note: string | null;
  keyworkerName: string | null;
  changedBy: string | null;
  changedAt: Date;
}

/** Refused with a reason the person can act on. */
export class CaseworkRefused extends Error {}

export interface AssessmentDecision {
  eligibility: Eligibility;
  reason: string;
  consent: ConsentBasis | null;
  basisNote: string;
}

export interface AllocationDecision {
  keyworkerId: string;
  leadProfessional: string;
}

/** What is wrong with an assessment form, by field, in the GOV.UK error message style. */
export function assessmentProblems(
  form: Partial<Record<keyof AssessmentDecision, string | null>>,
): Record<string, string> {
  const problems: Record<string, string> = {};
  if (form.eligibility !== 'confirmed' && form.eligibility !== 'rejected')
    problems.eligibility = 'Select whether the family is eligible';
  if (!form.reason?.trim()) problems.reason = 'Enter the reason for the decision';
  if (form.eligibility === 'confirmed') {
    if (form.consent !== 'consent_given' && form.consent !== 'lawful_basis')
      problems.consent = 'Select whether the family consented or which lawful basis is relied on';
    else if (form.consent === 'lawful_basis' && !form.basisNote?.trim())
      problems.basisNote = 'Enter the lawful basis relied on without consent';
  }
  return problems;
}

const caseworkColumns = `family_id as "familyId", status, eligibility, eligibility_reason as "eligibilityReason",
  consent, basis_note as "basisNote", keyworker_id as "keyworkerId",
  kindred_colleague_name(keyworker_id) as "keyworkerName", lead_professional as "leadProfessional",
  closure_reason as "closureReason", updated_at as "updatedAt"`;

export async function findCasework(sql: Sql, familyId: string): Promise<Casework | undefined> {
  const [casework] = await sql.query<Casework>(
    `select ${caseworkColumns} from family_casework where family_id = $1
     and council_id = kindred_user_organisation()`,
    [familyId],
  );
  return casework;
}

export async function caseworkHistory(sql: Sql, familyId: string): Promise<CaseworkChange[]> {
  return sql.query<CaseworkChange>(
    `select event, status, note, kindred_colleague_name(keyworker_id) as "keyworkerName",
            kindred_colleague_name(changed_by) as "changedBy", changed_at as "changedAt"
     from family_casework_change where family_id = $1 and council_id = kindred_user_organisation()
     order by id desc`,
    [familyId],
  );
}

/** The keyworkers of the acting coordinator's council, to allocate families to. */
export async function councilKeyworkers(sql: Sql): Promise<{ id: string; displayName: string }[]> {
  return sql.query('select user_id as id, display_name as "displayName" from kindred_council_keyworkers()');
}

/** A family the acting user can see in a finished run of their council. */
async function requireIdentifiedFamily(sql: Sql, familyId: string): Promise<void> {
  const found = await sql.query(
    `select 1 from identified_family where family_id = $1 and council_id = kindred_user_organisation() limit 1`,
    [familyId],
  );
  if (found.length === 0) throw new CaseworkRefused(`There is no identified family ${familyId}.`);
}

async function recordChange(
  sql: Sql,
  familyId: string,
  event: CaseworkChange['event'],
  status: CaseworkStatus,
  note: string | null,
  keyworkerId: string | null = null,
): Promise<void> {
  await sql.query(
    `insert into family_casework_change (council_id, family_id, status, event, note, keyworker_id, changed_by)
     values (kindred_user_organisation(), $1, $2, $3, $4, $5, kindred_user_id())`,
    [familyId, status, event, note, keyworkerId],
  );
  await recordAudit(sql, {
    action: 'UPDATE_FAMILY_CASEWORK',
    subjectType: 'family',
    subjectIds: [familyId],
    details: { event, status },
  });
}

/** A coordinator confirms or rejects eligibility with a reason, and records consent or the lawful basis. */
export async function assessFamily(sql: Sql, familyId: string, decision: AssessmentDecision): Promise<void> {
  const problems = assessmentProblems(decision);
  if (Object.keys(problems).length > 0) throw new CaseworkRefused(Object.values(problems).join('. '));
  await requireIdentifiedFamily(sql, familyId);
  const confirmed = decision.eligibility === 'confirmed';
  // A rejected family keeps no allocation: nobody should be working with it.
  await sql.query(
    `insert into family_casework (council_id, family_id, status, eligibility, eligibility_reason, consent, basis_note,
                                  updated_by)
     values (kindred_user_organisation(), $1, 'assessed', $2, $3, $4, $5, kindred_user_id())
     on conflict (council_id, family_id) do update set
       status = case when $6 and family_casework.status in ('allocated', 'working') then family_casework.status
                     else 'assessed' end,
       eligibility = excluded.eligibility, eligibility_reason = excluded.eligibility_reason,
       consent = excluded.consent, basis_note = excluded.basis_note,
       keyworker_id = case when $6 then family_casework.keyworker_id end,
       closure_reason = null, updated_by = excluded.updated_by, updated_at = now()`,
    [
      familyId,
      decision.eligibility,
      decision.reason.trim(),
      confirmed ? decision.consent : null,
      confirmed && decision.consent === 'lawful_basis' ? decision.basisNote.trim() : null,
      confirmed,
    ],
  );
  const [{ status } = { status: 'assessed' as CaseworkStatus }] = await sql.query<{ status: CaseworkStatus }>(
    'select status from family_casework where council_id = kindred_user_organisation() and family_id = $1',
    [familyId],
  );
  await recordChange(sql, familyId, 'assessed', status, `${decision.eligibility}: ${decision.reason.trim()}`);
}

/** Allocates a keyworker (of the council) and names the lead professional; eligibility and consent come first. */
export async function allocateFamily(
  sql: Sql,
  familyId: string,
  decision: AllocationDecision,
): Promise<void> {
  const casework = await findCasework(sql, familyId);
  if (casework?.eligibility !== 'confirmed' || !casework.consent)
    throw new CaseworkRefused(
      'Confirm the family’s eligibility and record consent or the lawful basis before allocating a keyworker.',
    );
  if (casework.status === 'closed') throw new CaseworkRefused('The family’s casework is closed.');
  const keyworkers = await councilKeyworkers(sql);
  if (!keyworkers.some((keyworker) => keyworker.id === decision.keyworkerId))
    throw new CaseworkRefused('Select a keyworker of your council.');
  await sql.query(
    `update family_casework set status = 'allocated', keyworker_id = $2, lead_professional = $3,
       updated_by = kindred_user_id(), updated_at = now()
     where council_id = kindred_user_organisation() and family_id = $1`,
    [familyId, decision.keyworkerId, decision.leadProfessional.trim() || null],
  );
  await recordChange(
    sql,
    familyId,
    'allocated',
    'allocated',
    decision.leadProfessional.trim() ? `Lead professional: ${decision.leadProfessional.trim()}` : null,
    decision.keyworkerId,
  );
}

/** The allocated keyworker (or a coordinator) starts working with the family. */
export async function startWork(sql: Sql, familyId: string): Promise<void> {
  const casework = await findCasework(sql, familyId);
  if (casework?.status !== 'allocated')
    throw new CaseworkRefused('Only a family allocated to a keyworker can be started.');
  await sql.query(
    `update family_casework set status = 'working', updated_by = kindred_user_id(), updated_at = now()
     where family_id = $1 and council_id = kindred_user_organisation()`,
    [familyId],
  );
  await recordChange(sql, familyId, 'started', 'working', null, casework.keyworkerId);
}

/** A coordinator closes the casework, saying why. */
export async function closeFamily(sql: Sql, familyId: string, reason: string): Promise<void> {
  if (!reason.trim()) throw new CaseworkRefused('Enter the reason for closing the family’s casework.');
  const casework = await findCasework(sql, familyId);
  if (!casework || casework.status === 'closed')
    throw new CaseworkRefused('Only open casework can be closed.');
  await sql.query(
    `update family_casework set status = 'closed', closure_reason = $2, updated_by = kindred_user_id(),
       updated_at = now()
     where family_id = $1 and council_id = kindred_user_organisation()`,
    [familyId, reason.trim()],
  );
  await recordChange(sql, familyId, 'closed', 'closed', reason.trim());
}
