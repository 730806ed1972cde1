import { lookupFactCode } from '../facts/vocabulary.ts';
import { type IdentityColumn, identityColumns } from '../ingest/extract-columns.ts';
import type { AgreementRecord, VersionRecord } from './agreement-records.ts';
import {
  type AgreementParty,
  type AgreementTerms,
  emptyTerms,
  isPartyRole,
  type PartyRole,
} from './agreement-terms.ts';
import { isCalendarDate } from './calendar.ts';
import {
  art6Bases,
  art6Uri,
  art9Conditions,
  art9Uri,
  type Gateway,
  gatewayDescriptions,
  gateways,
  isGateway,
} from './legal-bases.ts';
import { isFrequency, isTransferMethod } from './transfer.ts';

/**
 * The machine-readable agreement: the fields of the DfE draft data sharing agreement schema (ODRL-based,
 * SocialCareData/information-governance dsa.md v0.1), plus a `kindred:agreement` block for what that schema
 * does not carry. The DfE fields are read first on import; the block fills in the rest.
 */
export interface DfeAgreement {
  '@context': unknown;
  '@type': 'Agreement';
  uid: string;
  dsaURI: string;
  DataProvider: string[];
  DataRecipient: string[];
  Data: string[];
  Purpose: string[];
  StartDate: string | null;
  EndDate: string | null;
  PermittedUse: OdrlRule[];
  Restrictions: OdrlRule[];
  DataRecipientResponsibilities: OdrlRule[];
  SecurityMeasure: { method: string }[];
  LegalCompliance: string[];
  'kindred:agreement': KindredAgreementBlock;
}

export interface OdrlConstraint {
  leftOperand: string;
  operator: string;
  rightOperand: unknown;
}

export interface OdrlRule {
  action: string;
  target?: string;
  assigner?: string[];
  assignee?: string[];
  constraint?: OdrlConstraint[];
  comment?: string;
}

export interface KindredAgreementBlock {
  reference: string;
  version: number;
  state: string;
  title: string;
  parties: { uri: string; name: string; role: PartyRole; provides: boolean; receives: boolean }[];
  art9Condition: string | null;
  dpa2018Condition: string;
  gateway: string | null;
  gatewayDetail: string;
  frequency: string | null;
  transferMethod: string | null;
  deletion: string;
  dpiaReference: string;
  recipientsSeeFamilies: boolean;
  reviewDate: string | null;
  signatures: { organisation: string; name: string; jobTitle: string; signedAt: string }[];
}

export const dfeContext = {
  odrl: 'http://www.w3.org/ns/odrl/2/',
  dsa: 'https://socialcaredata.github.io/spec/',
  kindred: 'urn:kindred:ns:agreement:',
};

const dataUriPrefix = 'urn:kindred:extract:1:';
export const identityUri = (column: string): string => `${dataUriPrefix}identity:${column}`;
export const factUri = (code: string): string => `${dataUriPrefix}fact:${code}`;
export const partnerUri = (origin: string, organisationId: string): string =>
  `${origin}/partners/${organisationId}`;
export const agreementUri = (origin: string, agreementId: string, version: number): string =>
  `${origin}/agreements/${agreementId}/versions/${version}`;

/** The part of an agreement's data that is the identified families its recipients work with. */
const familiesTarget = '#identified-families';

/** The ISO 8601 duration ODRL's `elapsedTime` takes, for a retention period in months. */
const retentionDuration = (months: number): string => `P${months}M`;

export function exportDfeAgreement(
  agreement: AgreementRecord,
  version: VersionRecord,
  origin: string,
): DfeAgreement {
  const { terms } = version;
  const uri = agreementUri(origin, agreement.id, version.version);
  const uriOf = (organisationId: string) => partnerUri(origin, organisationId);
  const providers = version.parties
    .filter((party) => party.provides)
    .map((party) => uriOf(party.organisationId));
  const recipients = version.parties
    .filter((party) => party.receives)
    .map((party) => uriOf(party.organisationId));
  const target = `${uri}#data`;
  const legal: string[] = [];
  if (terms.art6Basis) legal.push(art6Uri(terms.art6Basis));
  if (terms.art9Condition) legal.push(art9Uri(terms.art9Condition));
  if (terms.gateway && terms.gateway !== 'other') legal.push(gatewayDescriptions[terms.gateway].uri!);
  if (terms.gateway === 'other' && terms.gatewayDetail) legal.push(terms.gatewayDetail);
  const period: OdrlConstraint[] = [];
  if (terms.startDate)
    period.push({ leftOperand: 'odrl:dateTime', operator: 'odrl:gteq', rightOperand: terms.startDate });
  if (terms.endDate)
    period.push({ leftOperand: 'odrl:dateTime', operator: 'odrl:lteq', rightOperand: terms.endDate });
  return {
    '@context': ['http://www.w3.org/ns/odrl.jsonld', dfeContext],
    '@type': 'Agreement',
    uid: uri,
    dsaURI: uri,
    DataProvider: providers,
    DataRecipient: recipients,
    Data: [...terms.identityColumns.map(identityUri), ...terms.factCodes.map(factUri)],
    Purpose: [...terms.purposes],
    StartDate: terms.startDate,
    EndDate: terms.endDate,
    PermittedUse: [
      {
        action: 'odrl:use',
        target,
        assigner: providers,
        assignee: recipients,
        constraint: [
          { leftOperand: 'odrl:purpose', operator: 'odrl:isAnyOf', rightOperand: [...terms.purposes] },
          ...period,
        ],
      },
      // Recipients' practitioners may read the identified families they work with (the kindred block says so too).
      ...(terms.recipientsSeeFamilies
        ? [
            {
              action: 'odrl:read',
              target: `${uri}${familiesTarget}`,
              assigner: providers,
              assignee: recipients,
              constraint: period,
            },
          ]
        : []),
    ],
    // Sharing stays between the parties: no onward disclosure, no sale.
    Restrictions: [
      { action: 'odrl:distribute', target },
      { action: 'odrl:sell', target },
    ],
    DataRecipientResponsibilities:
      terms.retentionMonths === null
        ? []
        : [
            {
              action: 'odrl:delete',
              target,
              constraint: [
                {
                  leftOperand: 'odrl:elapsedTime',
                  operator: 'odrl:lteq',
                  rightOperand: retentionDuration(terms.retentionMonths),
                },
              ],
              comment: terms.deletion,
            },
          ],
    SecurityMeasure: terms.securityMeasures ? [{ method: terms.securityMeasures }] : [],
    LegalCompliance: legal,
    'kindred:agreement': {
      reference: agreement.reference,
      version: version.version,
      state: version.state,
      title: terms.title,
      parties: version.parties.map((party) => ({
        uri: uriOf(party.organisationId),
        name: party.name,
        role: party.role,
        provides: party.provides,
        receives: party.receives,
      })),
      art9Condition: terms.art9Condition,
      dpa2018Condition: terms.dpa2018Condition,
      gateway: terms.gateway,
      gatewayDetail: terms.gatewayDetail,
      frequency: terms.frequency,
      transferMethod: terms.transferMethod,
      deletion: terms.deletion,
      dpiaReference: terms.dpiaReference,
      recipientsSeeFamilies: terms.recipientsSeeFamilies,
      reviewDate: terms.reviewDate,
      signatures: version.signatures.map((signature) => ({
        organisation: signature.organisationName,
        name: signature.signatoryName,
        jobTitle: signature.jobTitle,
        signedAt: signature.signedAt.toISOString(),
      })),
    },
  };
}

export interface KnownOrganisation {
  id: string;
  name: string;
}

export interface ImportedAgreement {
  /** The agreement as a draft of this partnership, or undefined when it cannot be read. */
  terms?: AgreementTerms;
  /** Where it came from: its `dsaURI`. */
  source?: string;
  problems: string[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const strings = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : typeof value === 'string'
      ? [value]
      : [];
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const day = (value: unknown): string | null => {
  if (typeof value !== 'string' || value === '') return null;
  const date = value.slice(0, 10);
  return isCalendarDate(date) ? date : null;
};

function dataItems(
  data: string[],
  problems: string[],
): Pick<AgreementTerms, 'identityColumns' | 'factCodes'> {
  const columns: IdentityColumn[] = [];
  const codes: string[] = [];
  for (const item of data) {
    const name = item.startsWith(dataUriPrefix)
      ? item.slice(dataUriPrefix.length).replace(/^(identity|fact):/, '')
      : item;
    if ((identityColumns as readonly string[]).includes(name)) columns.push(name as IdentityColumn);
    else if (lookupFactCode(name)) codes.push(name);
    else
      problems.push(
        `Data item '${item}' is neither an identity field nor a fact code of the standard extract.`,
      );
  }
  return { identityColumns: columns, factCodes: codes };
}

function legalBases(
  legal: string[],
  block: Record<string, unknown>,
): Pick<AgreementTerms, 'art6Basis' | 'art9Condition' | 'gateway' | 'gatewayDetail'> {
  const art6Basis = art6Bases.find((basis) => legal.includes(art6Uri(basis))) ?? null;
  const art9Condition = art9Conditions.find((condition) => legal.includes(art9Uri(condition))) ?? null;
  let gateway: Gateway | null =
    gateways.find((code) => code !== 'other' && legal.includes(gatewayDescriptions[code].uri!)) ?? null;
  let gatewayDetail = text(block.gatewayDetail);
  const unmatched = legal.filter(
    (entry) =>
      !entry.startsWith('https://www.legislation.gov.uk/eur/2016/679/') &&
      !gateways.some((code) => gatewayDescriptions[code].uri === entry),
  );
  if (!gateway && isGateway(block.gateway)) gateway = block.gateway;
  if (!gateway && unmatched.length > 0) gateway = 'other';
  if (gateway === 'other' && !gatewayDetail) gatewayDetail = unmatched.join('; ');
  return { art6Basis, art9Condition, gateway, gatewayDetail };
}

function retention(responsibilities: unknown): { months: number | null; comment: string } {
  for (const rule of Array.isArray(responsibilities) ? responsibilities : []) {
    if (!isRecord(rule) || rule.action !== 'odrl:delete') continue;
    const constraint = (Array.isArray(rule.constraint) ? rule.constraint : []).find(
      (candidate): candidate is Record<string, unknown> =>
        isRecord(candidate) && candidate.leftOperand === 'odrl:elapsedTime',
    );
    const duration = /^P(\d+)([MY])$/.exec(text(constraint?.rightOperand));
    const months = duration ? Number(duration[1]) * (duration[2] === 'Y' ? 12 : 1) : null;
    return { months, comment: text(rule.comment) };
  }
  return { months: null, comment: '' };
}

function resolveParties(
  document: Record<string, unknown>,
  block: Record<string, unknown>,
  organisations: readonly KnownOrganisation[],
  problems: string[],
): AgreementParty[] {
  const described = (Array.isArray(block.parties) ? block.parties : []).filter(isRecord);
  const providers = strings(document.DataProvider);
  const recipients = strings(document.DataRecipient);
  const parties: AgreementParty[] = [];
  for (const uri of [...new Set([...providers, ...recipients])]) {
    const description = described.find((party) => party.uri === uri);
    const id = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?$/i.exec(uri)?.[1];
    const name = text(description?.name);
    const organisation =
      organisations.find((candidate) => candidate.id === id) ??
      organisations.find((candidate) => name && candidate.name.toLowerCase() === name.toLowerCase());
    if (!organisation) {
      problems.push(
        `The party ${name ? `${name} (${uri})` : uri} is not an organisation of this partnership. An administrator adds it as a partner first.`,
      );
      continue;
    }
    parties.push({
      organisationId: organisation.id,
      role: isPartyRole(description?.role) ? description.role : 'controller',
      provides: providers.includes(uri),
      receives: recipients.includes(uri),
    });
  }
  return parties;
}

/**
 * Reads a machine-readable agreement (ours or another system's in the DfE schema) into terms for a new draft.
 * Parties are matched to this partnership's organisations by id, then by name; signatures never carry over.
 */
export function importDfeAgreement(
  document: unknown,
  organisations: readonly KnownOrganisation[],
): ImportedAgreement {
  if (!isRecord(document)) return { problems: ['The file is not a JSON object.'] };
  const problems: string[] = [];
  for (const field of [
    'dsaURI',
    'DataProvider',
    'DataRecipient',
    'Data',
    'Purpose',
    'StartDate',
    'EndDate',
  ]) {
    if (document[field] === undefined)
      problems.push(`The agreement has no ${field}, which the DfE schema requires.`);
  }
  if (problems.length > 0) return { problems };
  const block = isRecord(document['kindred:agreement']) ? document['kindred:agreement'] : {};
  const source = text(document.dsaURI);
  const { months, comment } = retention(document.DataRecipientResponsibilities);
  const security = (Array.isArray(document.SecurityMeasure) ? document.SecurityMeasure : [])
    .map((measure) => (isRecord(measure) ? text(measure.method) : text(measure)))
    .filter(Boolean);
  const terms: AgreementTerms = {
    ...emptyTerms(),
    title: text(block.title) || text(document.Name) || `Agreement imported from ${source}`,
    parties: resolveParties(document, block, organisations, problems),
    purposes: strings(document.Purpose),
    ...legalBases(strings(document.LegalCompliance), block),
    dpa2018Condition: text(block.dpa2018Condition),
    ...dataItems(strings(document.Data), problems),
    frequency: isFrequency(block.frequency) ? block.frequency : null,
    transferMethod: isTransferMethod(block.transferMethod) ? block.transferMethod : null,
    retentionMonths: months,
    deletion: text(block.deletion) || comment,
    securityMeasures: security.join('\n'),
    dpiaReference: text(block.dpiaReference),
    recipientsSeeFamilies:
      block.recipientsSeeFamilies === true ||
      (Array.isArray(document.PermittedUse) ? document.PermittedUse : []).some(
        (rule) => isRecord(rule) && text(rule.target).endsWith(familiesTarget),
      ),
    startDate: day(document.StartDate),
    reviewDate: day(block.reviewDate),
    endDate: day(document.EndDate),
  };
  if (block.art9Condition && !terms.art9Condition) {
    problems.push(
      `The Article 9 condition '${String(block.art9Condition)}' is not one of Article 9(2)(a) to (j).`,
    );
  }
  return problems.length > 0 ? { source, problems } : { terms, source, problems };
}
