/**
 * The fact vocabulary, version 1 (shared/spec/extract-format.md): every code a partner may send,
 * whether it is an event, a state or a measure, and what its value means.
 */
export type FactKind = 'event' | 'state' | 'measure';

export interface FactCode {
  code: string;
  kind: FactKind;
  /** What `fact_value` holds, when the code uses it. */
  value?: 'percent' | 'count' | 'pounds' | 'hours';
  meaning: string;
}

export const vocabularyVersion = 1;

export const factCodes: readonly FactCode[] = [
  {
    code: 'crime.proven_offence',
    kind: 'event',
    meaning: 'a proven offence (caution, conviction, youth disposal)',
  },
  { code: 'crime.asb_intervention', kind: 'event', meaning: 'an anti-social behaviour intervention' },
  { code: 'crime.prison_release_due', kind: 'state', meaning: 'in prison; fact_end = expected release date' },
  {
    code: 'crime.community_sentence',
    kind: 'state',
    meaning: 'on licence, community order or suspended sentence',
  },
  { code: 'education.absence', kind: 'measure', value: 'percent', meaning: '% of possible sessions missed' },
  {
    code: 'education.fixed_term_exclusion',
    kind: 'event',
    value: 'count',
    meaning: 'fixed-term exclusion(s)',
  },
  { code: 'education.permanent_exclusion', kind: 'event', meaning: 'permanently excluded' },
  {
    code: 'education.alternative_provision',
    kind: 'state',
    meaning: 'placed in alternative provision for behaviour',
  },
  { code: 'education.missing_education', kind: 'state', meaning: 'child missing education' },
  { code: 'education.neet', kind: 'state', meaning: 'not in education, employment or training' },
  { code: 'children.early_help', kind: 'state', meaning: 'open to early help' },
  { code: 'children.child_in_need', kind: 'state', meaning: 'child in need (Children Act 1989 s17)' },
  { code: 'children.s47_enquiry', kind: 'state', meaning: 'subject to a s47 child protection enquiry' },
  { code: 'children.child_protection_plan', kind: 'state', meaning: 'subject to a child protection plan' },
  {
    code: 'children.exploitation_risk',
    kind: 'state',
    meaning: 'missing from home or at risk of exploitation',
  },
  { code: 'children.early_years_not_taken', kind: 'state', meaning: 'funded early years place not taken up' },
  { code: 'work.out_of_work_benefit', kind: 'state', meaning: 'claiming an out-of-work benefit' },
  {
    code: 'work.financial_exclusion',
    kind: 'state',
    value: 'pounds',
    meaning: 'problem debt or rent arrears',
  },
  { code: 'work.employment', kind: 'state', value: 'hours', meaning: 'in paid work' },
  { code: 'dv.victim', kind: 'event', meaning: 'victim of a domestic abuse incident or MARAC case' },
  { code: 'dv.perpetrator', kind: 'event', meaning: 'perpetrator of domestic abuse' },
  {
    code: 'health.mental_health',
    kind: 'state',
    meaning: 'a mental health problem known to a health service',
  },
  {
    code: 'health.substance_misuse',
    kind: 'state',
    meaning: 'drug or alcohol misuse known to a treatment service',
  },
  { code: 'health.physical_health', kind: 'state', meaning: 'a long-term illness or disability' },
  { code: 'health.vulnerable_parent', kind: 'state', meaning: 'a vulnerable new or expectant parent' },
  { code: 'housing.homeless', kind: 'state', meaning: 'homeless or in temporary accommodation' },
  {
    code: 'housing.eviction_risk',
    kind: 'state',
    meaning: 'at risk of eviction or threatened with homelessness',
  },
];

const byCode = new Map(factCodes.map((fact) => [fact.code, fact]));

/** Local codes (`local.<name>`) are allowed and treated as states. */
export const localCodePattern = /^local\.[a-z0-9_]+$/;

export function lookupFactCode(code: string): FactCode | undefined {
  const known = byCode.get(code);
  if (known) return known;
  if (localCodePattern.test(code)) return { code, kind: 'state', meaning: 'a local code' };
  return undefined;
}
