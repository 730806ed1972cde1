import type { Organisation } from '../../access/index.ts';
import {
  type AgreementParty,
  type AgreementTerms,
  art6Bases,
  art6BasisNames,
  art9ConditionNames,
  art9Conditions,
  frequencies,
  frequencyNames,
  gatewayDescriptions,
  gateways,
  isArt6Basis,
  isArt9Condition,
  isFrequency,
  isGateway,
  isPartyRole,
  isTransferMethod,
  partyRoleNames,
  partyRoles,
  type TermsProblem,
  transferMethodNames,
  transferMethods,
} from '../../agreements/index.ts';
import { factCodes } from '../../facts/vocabulary.ts';
import { type IdentityColumn, identityColumns } from '../../ingest/extract-columns.ts';

type Body = Record<string, unknown>;

const one = (body: Body, name: string): string => {
  const value = body[name];
  return typeof value === 'string' ? value.trim() : Array.isArray(value) ? String(value[0] ?? '').trim() : '';
};
const many = (body: Body, name: string): string[] => {
  const value = body[name];
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(String);
};
const dayOrNull = (text: string): string | null => (text === '' ? null : text);

/** The agreement form as terms; party fields are named after each organisation's id. */
export function readAgreementForm(body: Body, organisations: readonly Organisation[]): AgreementTerms {
  const parties: AgreementParty[] = [];
  for (const organisation of organisations) {
    const role = one(body, `party-${organisation.id}-role`);
    if (!isPartyRole(role)) continue;
    const does = many(body, `party-${organisation.id}-does`);
    parties.push({
      organisationId: organisation.id,
      role,
      provides: does.includes('provides'),
      receives: does.includes('receives'),
    });
  }
  const localCodes = one(body, 'localCodes')
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((code) => (code.startsWith('local.') ? code : `local.${code}`));
  const retention = one(body, 'retentionMonths');
  const art6 = one(body, 'art6Basis');
  const art9 = one(body, 'art9Condition');
  const gateway = one(body, 'gateway');
  const frequency = one(body, 'frequency');
  const method = one(body, 'transferMethod');
  return {
    title: one(body, 'title'),
    parties,
    purposes: one(body, 'purposes')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean),
    art6Basis: isArt6Basis(art6) ? art6 : null,
    art9Condition: isArt9Condition(art9) ? art9 : null,
    dpa2018Condition: one(body, 'dpa2018Condition'),
    gateway: isGateway(gateway) ? gateway : null,
    gatewayDetail: one(body, 'gatewayDetail'),
    identityColumns: many(body, 'identityColumns').filter((column): column is IdentityColumn =>
      (identityColumns as readonly string[]).includes(column),
    ),
    factCodes: [...many(body, 'factCodes'), ...localCodes],
    recipientsSeeFamilies: one(body, 'recipientsSeeFamilies') === 'yes',
    frequency: isFrequency(frequency) ? frequency : null,
    transferMethod: isTransferMethod(method) ? method : null,
    retentionMonths: retention === '' ? null : /^\d+$/.test(retention) ? Number(retention) : Number.NaN,
    deletion: one(body, 'deletion'),
    securityMeasures: one(body, 'securityMeasures'),
    dpiaReference: one(body, 'dpiaReference'),
    startDate: dayOrNull(one(body, 'startDate')),
    reviewDate: dayOrNull(one(body, 'reviewDate')),
    endDate: dayOrNull(one(body, 'endDate')),
  };
}

/** Where each problem's link in the error summary goes: the first control of its field. */
const anchors: Partial<Record<TermsProblem['field'], string>> = {
  parties: 'parties',
  identityColumns: 'identityColumns',
  factCodes: 'factCodes',
};

export const errorList = (problems: readonly { field: string; message: string }[]) =>
  problems.map((problem) => ({
    text: problem.message,
    href: `#${anchors[problem.field as TermsProblem['field']] ?? problem.field}`,
  }));

export const problemsByField = (
  problems: readonly { field: string; message: string }[],
): Record<string, string> => Object.fromEntries(problems.map((problem) => [problem.field, problem.message]));

/** Everything the form template needs to draw the terms, with the choices ticked. */
export function agreementFormModel(terms: AgreementTerms, organisations: readonly Organisation[]) {
  const partyOf = (id: string) => terms.parties.find((party) => party.organisationId === id);
  const knownCodes = new Set(factCodes.map((fact) => fact.code));
  return {
    terms,
    purposesText: terms.purposes.join('\n'),
    localCodesText: terms.factCodes
      .filter((code) => !knownCodes.has(code))
      .map((code) => code.replace(/^local\./, ''))
      .join(', '),
    retentionText:
      terms.retentionMonths === null || Number.isNaN(terms.retentionMonths)
        ? ''
        : String(terms.retentionMonths),
    parties: organisations.map((organisation) => {
      const party = partyOf(organisation.id);
      return {
        id: organisation.id,
        name: organisation.name,
        roleItems: [
          { value: '', text: 'Not a party', selected: !party },
          ...partyRoles.map((role) => ({
            value: role,
            text: partyRoleNames[role],
            selected: party?.role === role,
          })),
        ],
        doesItems: [
          { value: 'provides', text: 'Provides data', checked: party?.provides ?? false },
          { value: 'receives', text: 'Receives data', checked: party?.receives ?? false },
        ],
      };
    }),
    art6Items: art6Bases.map((basis) => ({
      value: basis,
      text: art6BasisNames[basis],
      checked: terms.art6Basis === basis,
    })),
    art9Items: [
      { value: '', text: 'None: no special category data', selected: terms.art9Condition === null },
      ...art9Conditions.map((condition) => ({
        value: condition,
        text: art9ConditionNames[condition],
        selected: terms.art9Condition === condition,
      })),
    ],
    gatewayItems: gateways.map((gateway) => ({
      value: gateway,
      text: gatewayDescriptions[gateway].name,
      checked: terms.gateway === gateway,
    })),
    identityItems: identityColumns.map((column) => ({
      value: column,
      text: column,
      checked: terms.identityColumns.includes(column),
    })),
    factItems: factCodes.map((fact) => ({
      value: fact.code,
      text: fact.code,
      hint: { text: fact.meaning },
      checked: terms.factCodes.includes(fact.code),
    })),
    frequencyItems: [
      { value: '', text: 'Select how often', selected: terms.frequency === null },
      ...frequencies.map((frequency) => ({
        value: frequency,
        text: frequencyNames[frequency],
        selected: terms.frequency === frequency,
      })),
    ],
    methodItems: transferMethods.map((method) => ({
      value: method,
      text: transferMethodNames[method],
      checked: terms.transferMethod === method,
    })),
  };
}
