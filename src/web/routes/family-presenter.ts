import type {
  FamilyFact,
  FamilyMember,
  FamilyView,
  Involvement,
  SharedFamilyView,
} from '../../casework/index.ts';
import { statusNames } from '../../casework/index.ts';
import { lookupFactCode } from '../../facts/vocabulary.ts';
import { changeText, statusTag } from './families-presenter.ts';
import { shortDate } from './short-date.ts';

interface Permissions {
  mayAssess: boolean;
  mayOpenUploads: boolean;
  mayOpenAgreements: boolean;
  isAllocatedKeyworker: boolean;
}

type Provenance = Pick<Permissions, 'mayOpenUploads' | 'mayOpenAgreements'>;

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

const link = (href: string, text: string): string =>
  `<a class="govuk-link" href="${escapeHtml(href)}">${escapeHtml(text)}</a>`;

/** A fact in words, with its dates and value. */
function factText(fact: FamilyFact): string {
  const meaning = lookupFactCode(fact.code)?.meaning;
  const period = fact.end
    ? `${shortDate(fact.start)} to ${shortDate(fact.end)}`
    : `from ${shortDate(fact.start)}`;
  const value = fact.value !== null ? `, value ${fact.value}` : '';
  return `${fact.code}${meaning ? ` (${meaning})` : ''}, ${period}${value}`;
}

/** Where a fact came from: its partner, upload and line, and the agreement version that allowed it. */
function provenanceHtml(fact: FamilyFact, permissions: Provenance): string {
  const upload = `${fact.organisation}, record ${fact.recordId}, line ${fact.line}`;
  const uploadHtml = permissions.mayOpenUploads
    ? link(`/uploads/${fact.uploadId}`, `${upload} of its upload`)
    : escapeHtml(upload);
  const agreementText = fact.agreementReference
    ? `Agreement ${fact.agreementReference} version ${fact.agreementVersion}`
    : 'No agreement recorded';
  const agreementHtml =
    permissions.mayOpenAgreements && fact.agreementId && fact.agreementVersion
      ? link(`/agreements/${fact.agreementId}/versions/${fact.agreementVersion}`, agreementText)
      : escapeHtml(agreementText);
  return `${uploadHtml}; shared under ${agreementHtml}`;
}

/** Each member's name as most of their records give it, for saying who is who. */
function namesOf(members: readonly FamilyMember[]): (personId: string) => string {
  const people = new Map(
    members.map((member) => {
      const name = [member.givenName, member.familyName].filter(Boolean).join(' ') || 'Name not known';
      return [member.personId, name];
    }),
  );
  return (personId) => people.get(personId) ?? personId;
}

const familyTitle = (members: readonly FamilyMember[], familyId: string): string => {
  const surname = members.find((member) => member.familyName)?.familyName;
  return `${surname ? `${surname} family` : 'Family'} (${familyId})`;
};

/** The rows of a family's members, who is involved and its timeline, as both family pages show them. */
function familyTables(
  view: { members: FamilyMember[]; involvements: Involvement[]; timeline: FamilyFact[] },
  permissions: Provenance & { openPeople: boolean },
) {
  const personName = namesOf(view.members);
  return {
    memberRows: view.members.map((member) => [
      // Each member's page shows the records behind them and how they were linked.
      permissions.openPeople
        ? { html: link(`/people/${encodeURIComponent(member.personId)}`, personName(member.personId)) }
        : { text: personName(member.personId) },
      { text: member.role === 'child' ? 'Child' : member.role === 'adult' ? 'Adult' : 'Age not known' },
      { text: member.age === null ? 'Not known' : String(member.age), format: 'numeric' },
      { text: shortDate(member.dateOfBirth) || 'Not known' },
    ]),
    involvementRows: view.involvements.map((involvement) => [
      { text: involvement.organisation },
      { text: involvement.leadWorker },
      { text: involvement.leadWorkerContact ?? 'Not given' },
      { text: involvement.personIds.map(personName).join(', ') },
      { text: involvement.factCodes.join(', ') || 'Known to the service' },
    ]),
    timelineRows: view.timeline.map((fact) => [
      { text: shortDate(fact.start) },
      { text: personName(fact.personId) },
      { text: factText(fact) },
      { html: provenanceHtml(fact, permissions) },
    ]),
  };
}

/** What a partner practitioner's family page shows: members, who is involved, and the facts shared with them. */
export function sharedFamilyPage(view: SharedFamilyView) {
  return {
    title: familyTitle(view.members, view.familyId),
    familyId: view.familyId,
    asOf: view.asOf,
    asOfText: shortDate(view.asOf),
    ...familyTables(view, { mayOpenUploads: false, mayOpenAgreements: false, openPeople: false }),
  };
}

/** What the family page shows: the family, its evidence, who is involved, its timeline and casework. */
export function familyPage(
  view: FamilyView,
  keyworkers: { id: string; displayName: string }[],
  submitted: Record<string, string | undefined>,
  permissions: Permissions,
) {
  const personName = namesOf(view.members);
  const casework = view.casework;
  const status = casework?.status ?? 'identified';
  const form = {
    eligibility: submitted.eligibility ?? casework?.eligibility ?? '',
    reason: submitted.reason ?? casework?.eligibilityReason ?? '',
    consent: submitted.consent ?? casework?.consent ?? '',
    basisNote: submitted.basisNote ?? casework?.basisNote ?? '',
    keyworkerId: submitted.keyworkerId ?? casework?.keyworkerId ?? '',
    leadProfessional: submitted.leadProfessional ?? casework?.leadProfessional ?? '',
    closureReason: submitted.closureReason ?? '',
  };
  return {
    title: familyTitle(view.members, view.family.familyId),
    familyId: view.family.familyId,
    run: view.run,
    inLatestRun: view.inLatestRun,
    ...permissions,
    summaryRows: [
      { key: { text: 'Eligible' }, value: { text: view.family.eligible ? 'Yes' : 'No' } },
      {
        key: { text: 'Problems' },
        value: { text: view.problems.map((problem) => problem.title).join(', ') || 'None' },
      },
      { key: { text: 'Postcode district' }, value: { text: view.family.postcodeDistrict ?? 'Not known' } },
      {
        key: { text: 'Identified by' },
        value: {
          text: `${view.run.frameworkId} version ${view.run.frameworkVersion}, assessed at ${shortDate(view.run.asOf)}`,
        },
      },
      ...(view.family.change
        ? [{ key: { text: 'Since the previous run' }, value: { text: changeText(view.family) } }]
        : []),
      { key: { text: 'Status' }, value: { text: statusNames[status] } },
      ...(casework?.eligibility
        ? [
            {
              key: { text: 'Eligibility' },
              value: {
                text: `${casework.eligibility === 'confirmed' ? 'Confirmed' : 'Rejected'}: ${casework.eligibilityReason}`,
              },
            },
          ]
        : []),
      ...(casework?.consent
        ? [
            {
              key: { text: 'Consent or lawful basis' },
              value: {
                text:
                  casework.consent === 'consent_given'
                    ? 'The family consented'
                    : `Lawful basis without consent: ${casework.basisNote}`,
              },
            },
          ]
        : []),
      ...(casework?.keyworkerName
        ? [{ key: { text: 'Keyworker' }, value: { text: casework.keyworkerName } }]
        : []),
      ...(casework?.leadProfessional
        ? [{ key: { text: 'Lead professional' }, value: { text: casework.leadProfessional } }]
        : []),
    ],
    statusTag: statusTag(status),
    ...familyTables(view, { ...permissions, openPeople: true }),
    problemEvidence: view.problems.map((problem) => ({
      code: problem.code,
      title: problem.title,
      indicators: problem.indicators.map((met) => ({
        description: met.description,
        person: personName(met.personId),
        facts: met.facts.map((fact) => ({
          text: factText(fact),
          provenanceHtml: provenanceHtml(fact, permissions),
        })),
      })),
    })),
    history: view.history.map((change) => ({
      ...change,
      statusText: statusNames[change.status],
    })),
    form,
    keyworkerItems: [
      { value: '', text: 'Select a keyworker' },
      ...keyworkers.map((keyworker) => ({
        value: keyworker.id,
        text: keyworker.displayName,
        selected: keyworker.id === form.keyworkerId,
      })),
    ],
    mayAllocate: casework?.eligibility === 'confirmed' && !!casework.consent && status !== 'closed',
    mayStart: status === 'allocated' && (permissions.mayAssess || permissions.isAllocatedKeyworker),
    mayClose: permissions.mayAssess && casework !== undefined && status !== 'closed',
  };
}
