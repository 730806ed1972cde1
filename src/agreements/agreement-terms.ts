import { lookupFactCode } from '../facts/vocabulary.ts';
import { type IdentityColumn, identityColumns } from '../ingest/extract-columns.ts';
import { isCalendarDate } from './calendar.ts';
import {
  type Art6Basis,
  type Art9Condition,
  type Gateway,
  isArt6Basis,
  isArt9Condition,
  isGateway,
} from './legal-bases.ts';
import { type Frequency, isFrequency, isTransferMethod, type TransferMethod } from './transfer.ts';

export const partyRoles = ['controller', 'joint_controller', 'processor'] as const;
export type PartyRole = (typeof partyRoles)[number];

export const partyRoleNames: Record<PartyRole, string> = {
  controller: 'Controller',
  joint_controller: 'Joint controller',
  processor: 'Processor',
};

export const isPartyRole = (value: unknown): value is PartyRole =>
  (partyRoles as readonly unknown[]).includes(value);

/** An organisation's part in one version of an agreement. */
export interface AgreementParty {
  organisationId: string;
  role: PartyRole;
  /** Sends data under the agreement (a DfE `DataProvider`). */
  provides: boolean;
  /** Receives data under the agreement (a DfE `DataRecipient`). */
  receives: boolean;
}

/**
 * What one version of an information sharing agreement says: the items the ICO Data Sharing Code of
 * Practice asks for. Empty text is `''` and a missing choice or date is `null`, so a draft can be half-written.
 */
export interface AgreementTerms {
  title: string;
  parties: AgreementParty[];
  purposes: string[];
  art6Basis: Art6Basis | null;
  art9Condition: Art9Condition | null;
  /** The Data Protection Act 2018 Schedule 1 condition, where Article 9 or 10 needs one. */
  dpa2018Condition: string;
  gateway: Gateway | null;
  /** What `other` gateway, or more about the chosen one. */
  gatewayDetail: string;
  identityColumns: IdentityColumn[];
  factCodes: string[];
  /**
   * Receiving parties' practitioners may see the identified families their organisation is involved with: the
   * members, who else is involved, and the facts shared under this agreement.
   */
  recipientsSeeFamilies: boolean;
  frequency: Frequency | null;
  transferMethod: TransferMethod | null;
  retentionMonths: number | null;
  deletion: string;
  securityMeasures: string;
  dpiaReference: string;
  startDate: string | null;
  reviewDate: string | null;
  endDate: string | null;
}

export type TermsField = keyof AgreementTerms;

export interface TermsProblem {
  field: TermsField;
  message: string;
}

export function emptyTerms(): AgreementTerms {
  return {
    title: '',
    parties: [],
    purposes: [],
    art6Basis: null,
    art9Condition: null,
    dpa2018Condition: '',
    gateway: null,
    gatewayDetail: '',
    identityColumns: [],
    factCodes: [],
    recipientsSeeFamilies: false,
    frequency: null,
    transferMethod: null,
    retentionMonths: null,
    deletion: '',
    securityMeasures: '',
    dpiaReference: '',
    startDate: null,
    reviewDate: null,
    endDate: null,
  };
}

const sharesHealthData = (terms: AgreementTerms): boolean =>
  terms.factCodes.some((code) => code.startsWith('health.'));

/** What is wrong with terms however unfinished: anything saved must at least be well formed. */
export function problemsInDraft(terms: AgreementTerms): TermsProblem[] {
  const problems: TermsProblem[] = [];
  if (!terms.title.trim()) problems.push({ field: 'title', message: 'Enter a title for the agreement' });
  const seen = new Set<string>();
  for (const party of terms.parties) {
    if (seen.has(party.organisationId)) {
      problems.push({ field: 'parties', message: 'Each organisation can be a party only once' });
      break;
    }
    seen.add(party.organisationId);
    if (!isPartyRole(party.role) || !(party.provides || party.receives)) {
      problems.push({
        field: 'parties',
        message: 'Select whether each party provides data, receives it, or both',
      });
      break;
    }
  }
  if (!terms.identityColumns.every((column) => (identityColumns as readonly string[]).includes(column))) {
    problems.push({ field: 'identityColumns', message: 'Select identity fields from the standard extract' });
  }
  const unknown = terms.factCodes.filter((code) => !lookupFactCode(code));
  if (unknown.length > 0) {
    problems.push({
      field: 'factCodes',
      message: `Fact codes must come from the vocabulary or be local.<name>: ${unknown.join(', ')} is not`,
    });
  }
  if (
    terms.retentionMonths !== null &&
    !(Number.isInteger(terms.retentionMonths) && terms.retentionMonths >= 1)
  ) {
    problems.push({
      field: 'retentionMonths',
      message: 'Enter the retention period as a whole number of months',
    });
  }
  for (const field of ['startDate', 'reviewDate', 'endDate'] as const) {
    const day = terms[field];
    if (day !== null && !isCalendarDate(day)) {
      problems.push({ field, message: 'Enter a real date' });
    }
  }
  const { startDate, reviewDate, endDate } = terms;
  const dated = (day: string | null): day is string => day !== null && isCalendarDate(day);
  if (dated(startDate) && dated(endDate) && endDate < startDate) {
    problems.push({ field: 'endDate', message: 'The end date must be the same as or after the start date' });
  }
  if (
    dated(reviewDate) &&
    ((dated(startDate) && reviewDate < startDate) || (dated(endDate) && reviewDate > endDate))
  ) {
    problems.push({
      field: 'reviewDate',
      message: 'The review date must fall between the start and end dates',
    });
  }
  if (terms.art6Basis !== null && !isArt6Basis(terms.art6Basis)) {
    problems.push({ field: 'art6Basis', message: 'Select a lawful basis from the list' });
  }
  if (terms.art9Condition !== null && !isArt9Condition(terms.art9Condition)) {
    problems.push({ field: 'art9Condition', message: 'Select an Article 9 condition from the list' });
  }
  if (terms.gateway !== null && !isGateway(terms.gateway)) {
    problems.push({ field: 'gateway', message: 'Select a statutory gateway from the list' });
  }
  if (terms.frequency !== null && !isFrequency(terms.frequency)) {
    problems.push({ field: 'frequency', message: 'Select how often data is shared' });
  }
  if (terms.transferMethod !== null && !isTransferMethod(terms.transferMethod)) {
    problems.push({ field: 'transferMethod', message: 'Select how data is transferred' });
  }
  return problems;
}

/** What must be settled before the parties' IG officers are asked to sign. */
export function problemsBeforeReview(terms: AgreementTerms): TermsProblem[] {
  const problems = problemsInDraft(terms);
  const missing = (field: TermsField, message: string) => {
    if (!problems.some((problem) => problem.field === field)) problems.push({ field, message });
  };
  const providers = terms.parties.filter((party) => party.provides).length;
  const recipients = terms.parties.filter((party) => party.receives).length;
  if (terms.parties.length < 2 || providers === 0 || recipients === 0) {
    missing('parties', 'Add at least two parties: one that provides data and one that receives it');
  }
  if (terms.purposes.length === 0) missing('purposes', 'Enter at least one purpose');
  if (!terms.art6Basis) missing('art6Basis', 'Select the lawful basis under UK GDPR Article 6');
  if (!terms.art9Condition && sharesHealthData(terms)) {
    missing('art9Condition', 'Select the Article 9 condition: the agreement shares health data');
  }
  if (!terms.gateway) missing('gateway', 'Select the statutory gateway');
  if (terms.gateway === 'other' && !terms.gatewayDetail.trim()) {
    missing('gatewayDetail', 'Describe the statutory gateway');
  }
  if (terms.identityColumns.length + terms.factCodes.length === 0) {
    missing('identityColumns', 'Select the data items shared: identity fields, fact codes or both');
  }
  if (!terms.frequency) missing('frequency', 'Select how often data is shared');
  if (!terms.transferMethod) missing('transferMethod', 'Select how data is transferred');
  if (terms.retentionMonths === null) missing('retentionMonths', 'Enter how many months the data is kept');
  if (!terms.deletion.trim())
    missing('deletion', 'Describe how the data is deleted at the end of its retention');
  if (!terms.securityMeasures.trim()) missing('securityMeasures', 'Describe the security measures');
  if (!terms.startDate) missing('startDate', 'Enter the start date');
  if (!terms.reviewDate) missing('reviewDate', 'Enter the review date');
  if (!terms.endDate) missing('endDate', 'Enter the end date');
  return problems;
}

/** True when two sets of terms say the same (parties and lists compared without regard to order). */
export function sameTerms(left: AgreementTerms, right: AgreementTerms): boolean {
  return JSON.stringify(canonicalTerms(left)) === JSON.stringify(canonicalTerms(right));
}

export function canonicalTerms(terms: AgreementTerms): AgreementTerms {
  return {
    ...terms,
    purposes: terms.purposes.map((purpose) => purpose.trim()),
    parties: [...terms.parties]
      .map(({ organisationId, role, provides, receives }) => ({ organisationId, role, provides, receives }))
      .sort((a, b) => a.organisationId.localeCompare(b.organisationId)),
    identityColumns: [...terms.identityColumns].sort(),
    factCodes: [...terms.factCodes].sort(),
  };
}
