import {
  type AgreementRecord,
  type AgreementStatus,
  type AgreementTerms,
  art6BasisNames,
  art9ConditionNames,
  frequencyNames,
  gatewayDescriptions,
  governingVersion,
  longDate,
  openVersion,
  type PartyDetail,
  partyRoleNames,
  type RegisterEntry,
  reviewAttention,
  statusNames,
  transferMethodNames,
  type VersionRecord,
  versionStatus,
} from '../../agreements/index.ts';
import { lookupFactCode } from '../../facts/vocabulary.ts';

export interface TermsRow {
  key: string;
  lines: string[];
}

export interface TermsSection {
  heading: string;
  rows: TermsRow[];
}

const statusTags: Record<AgreementStatus, string> = {
  draft: 'govuk-tag--grey',
  in_review: 'govuk-tag--yellow',
  awaiting_start: 'govuk-tag--blue',
  active: 'govuk-tag--green',
  expired: 'govuk-tag--red',
  withdrawn: 'govuk-tag--red',
  superseded: 'govuk-tag--grey',
};

export const statusTag = (status: AgreementStatus) => ({
  text: statusNames[status],
  classes: statusTags[status],
});

const or = (text: string, otherwise: string): string => (text.trim() ? text : otherwise);

type PartyLine = Pick<PartyDetail, 'name' | 'role' | 'provides' | 'receives'>;

const partyLine = (party: PartyLine): string => {
  const does = [party.provides ? 'provides data' : '', party.receives ? 'receives data' : '']
    .filter(Boolean)
    .join(' and ');
  return `${party.name}: ${partyRoleNames[party.role]}, ${does}`;
};

const factLine = (code: string): string => {
  const fact = lookupFactCode(code);
  return fact ? `${code}: ${fact.meaning}` : code;
};

/** The terms in the order of the ICO code's checklist; `public` leaves out what the register must not show. */
/** What a page shows of an agreement's terms: all of them, or the register's public subset. */
export type ShownTerms = Pick<
  AgreementTerms,
  | 'purposes'
  | 'art6Basis'
  | 'art9Condition'
  | 'gateway'
  | 'gatewayDetail'
  | 'factCodes'
  | 'recipientsSeeFamilies'
  | 'frequency'
  | 'transferMethod'
  | 'retentionMonths'
  | 'startDate'
  | 'reviewDate'
  | 'endDate'
> &
  Partial<Pick<AgreementTerms, 'deletion' | 'securityMeasures' | 'dpiaReference' | 'dpa2018Condition'>> & {
    identityColumns: readonly string[];
  };

export function termsSections(
  terms: ShownTerms,
  parties: readonly PartyLine[],
  options: { public?: boolean } = {},
): TermsSection[] {
  const gateway = terms.gateway ? gatewayDescriptions[terms.gateway].name : 'Not chosen yet';
  const sections: TermsSection[] = [
    {
      heading: 'Parties and roles',
      rows: [{ key: 'Parties', lines: parties.length ? parties.map(partyLine) : ['None yet'] }],
    },
    {
      heading: 'Purposes',
      rows: [{ key: 'Purposes', lines: terms.purposes.length ? terms.purposes : ['None yet'] }],
    },
    {
      heading: 'Lawful basis and statutory gateway',
      rows: [
        {
          key: 'UK GDPR Article 6',
          lines: [terms.art6Basis ? art6BasisNames[terms.art6Basis] : 'Not chosen yet'],
        },
        {
          key: 'UK GDPR Article 9 (health data)',
          lines: [
            terms.art9Condition ? art9ConditionNames[terms.art9Condition] : 'None: no special category data',
          ],
        },
        ...(terms.dpa2018Condition
          ? [{ key: 'Data Protection Act 2018 Schedule 1', lines: [terms.dpa2018Condition] }]
          : []),
        { key: 'Statutory gateway', lines: [gateway, ...(terms.gatewayDetail ? [terms.gatewayDetail] : [])] },
      ],
    },
    {
      heading: 'Data items',
      rows: [
        {
          key: 'Identity fields',
          lines: terms.identityColumns.length ? [...terms.identityColumns] : ['None'],
        },
        { key: 'Facts', lines: terms.factCodes.length ? terms.factCodes.map(factLine) : ['None'] },
        {
          key: 'Identified families',
          lines: [
            terms.recipientsSeeFamilies
              ? "Receiving parties' practitioners see the identified families their organisation works with: members, who else is involved, and the facts shared under this agreement"
              : "Not shown to receiving parties' practitioners",
          ],
        },
      ],
    },
    {
      heading: 'Transfer',
      rows: [
        { key: 'Frequency', lines: [terms.frequency ? frequencyNames[terms.frequency] : 'Not chosen yet'] },
        {
          key: 'Method',
          lines: [terms.transferMethod ? transferMethodNames[terms.transferMethod] : 'Not chosen yet'],
        },
      ],
    },
    {
      heading: 'Retention and deletion',
      rows: [
        {
          key: 'Retention period',
          lines: [terms.retentionMonths === null ? 'Not set yet' : `${terms.retentionMonths} months`],
        },
        ...(options.public
          ? []
          : [{ key: 'Deletion', lines: [or(terms.deletion ?? '', 'Not described yet')] }]),
      ],
    },
  ];
  if (!options.public) {
    sections.push(
      {
        heading: 'Security',
        rows: [{ key: 'Security measures', lines: [or(terms.securityMeasures ?? '', 'Not described yet')] }],
      },
      {
        heading: 'Data protection impact assessment',
        rows: [
          { key: 'DPIA reference', lines: [or(terms.dpiaReference ?? '', 'No DPIA reference recorded')] },
        ],
      },
    );
  }
  sections.push({
    heading: 'Dates',
    rows: [
      { key: 'Start date', lines: [longDate(terms.startDate) || 'Not set yet'] },
      { key: 'Review date', lines: [longDate(terms.reviewDate) || 'Not set yet'] },
      { key: 'End date', lines: [longDate(terms.endDate) || 'Not set yet'] },
    ],
  });
  return sections;
}

export function versionModel(version: VersionRecord, today: string) {
  const status = versionStatus(version, today);
  return {
    id: version.id,
    version: version.version,
    state: version.state,
    status,
    tag: statusTag(status),
    title: version.terms.title,
    sections: termsSections(version.terms, version.parties),
    parties: version.parties.map((party) => {
      const signature = version.signatures.find((found) => found.organisationId === party.organisationId);
      return {
        organisationId: party.organisationId,
        name: party.name,
        role: partyRoleNames[party.role],
        does: [party.provides ? 'Provides data' : '', party.receives ? 'Receives data' : '']
          .filter(Boolean)
          .join(', '),
        signature: signature
          ? `${signature.signatoryName}, ${signature.jobTitle}, ${signature.signedAt.toLocaleDateString('en-GB', { dateStyle: 'long', timeZone: 'Europe/London' })}`
          : '',
      };
    }),
    withdrawnReason: version.withdrawnReason,
    importedFrom: version.importedFrom,
    review: reviewAttention(version, today),
    reviewDate: longDate(version.reviewDate),
  };
}

/** One line per agreement for lists: where it stands, and what needs doing. */
export function agreementSummary(agreement: AgreementRecord, today: string) {
  const governing = governingVersion(agreement.versions)!;
  const open = openVersion(agreement.versions);
  const status = versionStatus(governing, today);
  return {
    id: agreement.id,
    reference: agreement.reference,
    title: governing.terms.title,
    keeper: agreement.keeper,
    tag: statusTag(status),
    version: governing.version,
    pending:
      open && open !== governing
        ? `Version ${open.version} ${statusNames[open.state === 'draft' ? 'draft' : 'in_review'].toLowerCase()}`
        : '',
    parties: governing.parties.map((party) => party.name).join(', '),
    review: reviewAttention(governing, today),
    reviewDate: longDate(governing.reviewDate),
    endDate: longDate(governing.endDate),
  };
}

export function registerEntryModel(entry: RegisterEntry) {
  return {
    reference: entry.reference,
    title: entry.title,
    keeper: entry.keeper,
    version: entry.version,
    sections: termsSections(entry, entry.parties, { public: true }),
  };
}
