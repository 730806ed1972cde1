/**
 * Every indicator of the three shipped frameworks, as criteria.md words it, on both sides of every
 * age, window and value edge, at three assessment dates (one of them 29 February).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { factCodes, lookupFactCode } from '../facts/vocabulary.ts';
import { HouseholdAssessor } from './assess-household.ts';
import { assessmentWindow } from './assessment-dates.ts';
import { addDays, bornAged, fact, household, member, type TestFact } from './households.test-support.ts';
import { type ShippedFrameworkId, shippedFramework } from './shipped-frameworks.ts';

type Group = 'anyone' | 'child' | 'adult' | 'young_person';
type When = 'last_12_months' | 'current' | 'current_ending_within_12_months';

interface IndicatorSpec {
  problem: string;
  indicator: string;
  who: Group;
  codes: string[];
  when: When;
  atLeast?: number;
  /** Values add up to this or more, an empty value counting 1. */
  totalAtLeast?: number;
}

const area = (prefix: string): string[] =>
  factCodes.filter((code) => code.code.startsWith(prefix)).map((code) => code.code);

// tf-2015, from the table in criteria.md.
const tfCrime: IndicatorSpec[] = [
  {
    problem: 'crime',
    indicator: 'young_offender',
    who: 'child',
    codes: ['crime.proven_offence'],
    when: 'last_12_months',
  },
  {
    problem: 'crime',
    indicator: 'asb_intervention',
    who: 'anyone',
    codes: ['crime.asb_intervention'],
    when: 'last_12_months',
  },
  {
    problem: 'crime',
    indicator: 'prison_release_due',
    who: 'adult',
    codes: ['crime.prison_release_due'],
    when: 'current_ending_within_12_months',
  },
  {
    problem: 'crime',
    indicator: 'community_sentence',
    who: 'adult',
    codes: ['crime.community_sentence'],
    when: 'current',
  },
];
const tfEducation: IndicatorSpec[] = [
  {
    problem: 'education',
    indicator: 'persistent_absence',
    who: 'child',
    codes: ['education.absence'],
    when: 'last_12_months',
    atLeast: 10,
  },
  {
    problem: 'education',
    indicator: 'fixed_term_exclusions',
    who: 'child',
    codes: ['education.fixed_term_exclusion'],
    when: 'last_12_months',
    totalAtLeast: 3,
  },
  {
    problem: 'education',
    indicator: 'permanent_exclusion',
    who: 'child',
    codes: ['education.permanent_exclusion'],
    when: 'last_12_months',
  },
  {
    problem: 'education',
    indicator: 'alternative_provision',
    who: 'child',
    codes: ['education.alternative_provision'],
    when: 'current',
  },
  {
    problem: 'education',
    indicator: 'missing_education',
    who: 'child',
    codes: ['education.missing_education'],
    when: 'current',
  },
];
const tfWork: IndicatorSpec[] = [
  {
    problem: 'work',
    indicator: 'out_of_work_benefit',
    who: 'adult',
    codes: ['work.out_of_work_benefit'],
    when: 'current',
  },
  {
    problem: 'work',
    indicator: 'financial_exclusion',
    who: 'anyone',
    codes: ['work.financial_exclusion'],
    when: 'last_12_months',
  },
  {
    problem: 'work',
    indicator: 'young_neet',
    who: 'young_person',
    codes: ['education.neet'],
    when: 'current',
  },
];
const tfDv: IndicatorSpec[] = [
  {
    problem: 'dv',
    indicator: 'domestic_abuse',
    who: 'anyone',
    codes: ['dv.victim', 'dv.perpetrator'],
    when: 'last_12_months',
  },
];
const tf2015: IndicatorSpec[] = [
  ...tfCrime,
  ...tfEducation,
  {
    problem: 'children',
    indicator: 'children_services',
    who: 'child',
    codes: area('children.'),
    when: 'last_12_months',
  },
  ...tfWork,
  ...tfDv,
  {
    problem: 'health',
    indicator: 'health_need',
    who: 'anyone',
    codes: [
      'health.mental_health',
      'health.substance_misuse',
      'health.physical_health',
      'health.vulnerable_parent',
    ],
    when: 'last_12_months',
  },
];

const within = (problem: string, specs: IndicatorSpec[]): IndicatorSpec[] =>
  specs.map((spec) => ({ ...spec, problem }));
const anyoneInLastYear = (problem: string, indicator: string, codes: string[]): IndicatorSpec => ({
  problem,
  indicator,
  who: 'anyone',
  codes,
  when: 'last_12_months',
});

const sf2022: IndicatorSpec[] = [
  ...tfEducation,
  {
    problem: 'education',
    indicator: 'young_neet',
    who: 'young_person',
    codes: ['education.neet'],
    when: 'current',
  },
  {
    problem: 'early_years',
    indicator: 'early_years_not_taken',
    who: 'child',
    codes: ['children.early_years_not_taken'],
    when: 'last_12_months',
  },
  anyoneInLastYear('health', 'health_need', ['health.mental_health', 'health.physical_health']),
  anyoneInLastYear('substance', 'substance_misuse', ['health.substance_misuse']),
  {
    problem: 'safety',
    indicator: 'child_safeguarding',
    who: 'child',
    codes: [
      'children.child_in_need',
      'children.s47_enquiry',
      'children.child_protection_plan',
      'children.exploitation_risk',
    ],
    when: 'last_12_months',
  },
  ...tfCrime,
  {
    problem: 'crime',
    indicator: 'adult_offender',
    who: 'adult',
    codes: ['crime.proven_offence'],
    when: 'last_12_months',
  },
  ...tfDv,
  anyoneInLastYear('housing', 'housing_need', ['housing.homeless', 'housing.eviction_risk']),
  ...within('financial', tfWork),
];

const dea2017: IndicatorSpec[] = [
  anyoneInLastYear('asb', 'asb_intervention', ['crime.asb_intervention']),
  anyoneInLastYear('care_leaver', 'care_leaver', ['local.care_leaver']),
  anyoneInLastYear('child_in_need', 'child_in_need', [
    'children.child_in_need',
    'children.child_protection_plan',
    'children.s47_enquiry',
  ]),
  anyoneInLastYear('offending', 'offending', [
    'crime.proven_offence',
    'crime.community_sentence',
    'crime.prison_release_due',
  ]),
  anyoneInLastYear('dv', 'domestic_abuse', area('dv.')),
  anyoneInLastYear('financial_exclusion', 'financial_exclusion', ['work.financial_exclusion']),
  anyoneInLastYear('disability', 'disability', ['health.physical_health']),
  anyoneInLastYear('homelessness', 'homelessness', ['housing.homeless']),
  anyoneInLastYear('ill_health', 'ill_health', ['health.mental_health']),
  ...within('school_attendance', tfEducation),
  anyoneInLastYear('neet', 'neet', ['education.neet']),
  anyoneInLastYear('substance_misuse', 'substance_misuse', ['health.substance_misuse']),
  anyoneInLastYear('unemployment', 'unemployment', ['work.out_of_work_benefit']),
];

const specs: Record<ShippedFrameworkId, IndicatorSpec[]> = {
  'tf-2015': tf2015,
  'sf-2022': sf2022,
  'dea-2017': dea2017,
};
const assessmentDates = ['2025-11-01', '2024-02-29', '2025-02-28'];

/** One person, with one age, and facts; whether `spec`'s indicator fires for them. */
function fires(
  assessor: HouseholdAssessor,
  spec: IndicatorSpec,
  dateOfBirth: string | null,
  facts: TestFact[],
): boolean {
  const result = assessor.assess(household(member('P1', dateOfBirth, facts)));
  return (result.evidence[spec.problem] ?? []).some((met) => met.indicator === spec.indicator);
}

/** A date of birth inside the indicator's group. */
function typicalBirth(who: Group, date: string): string {
  return bornAged(who === 'child' ? 10 : who === 'young_person' ? 20 : 40, date);
}

/** A fact of `code` that counts for `spec` at `date` when the age is right. */
function countingFacts(spec: IndicatorSpec, code: string, date: string): TestFact[] {
  const start = addDays(date, -30);
  const end = spec.when === 'current_ending_within_12_months' ? addDays(date, 30) : null;
  const value = spec.atLeast ?? spec.totalAtLeast ?? null;
  return [fact(code, start, lookupFactCode(code)?.kind === 'event' ? null : end, value)];
}

function checkAges(assessor: HouseholdAssessor, spec: IndicatorSpec, code: string, date: string): void {
  const facts = countingFacts(spec, code, date);
  const cases: [string, string | null, boolean][] = [];
  const child = spec.who === 'child';
  const adult = spec.who === 'adult';
  const anyone = spec.who === 'anyone';
  if (spec.who === 'young_person') {
    cases.push(
      ['15, 16 tomorrow', bornAged(16, date, true), false],
      ['16 today', bornAged(16, date), true],
      ['24, 25 tomorrow', bornAged(25, date, true), true],
      ['25 today', bornAged(25, date), false],
    );
  } else {
    cases.push(
      ['17, 18 tomorrow', bornAged(18, date, true), child || anyone],
      ['18 today', bornAged(18, date), adult || anyone],
      ['0, born today', date, child || anyone],
      ['70', bornAged(70, date), adult || anyone],
    );
  }
  cases.push(['no known date of birth', null, anyone], ['born after D', addDays(date, 1), anyone]);
  for (const [label, dateOfBirth, expected] of cases) {
    assert.equal(fires(assessor, spec, dateOfBirth, facts), expected, `${code}, person ${label}`);
  }
}

function checkWindow(assessor: HouseholdAssessor, spec: IndicatorSpec, code: string, date: string): void {
  const { yearBefore, yearAfter } = assessmentWindow(date);
  const birth = typicalBirth(spec.who, date);
  const value = spec.atLeast ?? spec.totalAtLeast ?? null;
  const event = lookupFactCode(code)?.kind === 'event';
  const longAgo = addDays(date, -1000);
  const cases: [string, TestFact, boolean][] = [];
  if (spec.when === 'last_12_months' && event) {
    cases.push(
      ['on the day 12 months before D', fact(code, yearBefore, null, value), false],
      ['the day after 12 months before D', fact(code, addDays(yearBefore, 1), null, value), true],
      ['on D', fact(code, date, null, value), true],
      ['the day after D', fact(code, addDays(date, 1), null, value), false],
    );
  } else if (spec.when === 'last_12_months') {
    cases.push(
      ['ended on the day 12 months before D', fact(code, longAgo, yearBefore, value), false],
      ['ended the day after 12 months before D', fact(code, longAgo, addDays(yearBefore, 1), value), true],
      ['ongoing since long ago', fact(code, longAgo, null, value), true],
      ['started on D', fact(code, date, null, value), true],
      ['started the day after D', fact(code, addDays(date, 1), null, value), false],
      ['starts after D and ends later', fact(code, addDays(date, 1), addDays(date, 60), value), false],
    );
  } else if (spec.when === 'current') {
    cases.push(
      ['ended the day before D', fact(code, longAgo, addDays(date, -1), value), false],
      ['ends on D', fact(code, longAgo, date, value), true],
      ['ends after D', fact(code, longAgo, addDays(date, 400), value), true],
      ['ongoing', fact(code, longAgo, null, value), true],
      ['started on D', fact(code, date, null, value), true],
      ['starts the day after D', fact(code, addDays(date, 1), null, value), false],
    );
  } else {
    cases.push(
      ['no fact_end (no release date)', fact(code, longAgo, null, value), false],
      ['ends on D', fact(code, longAgo, date, value), false],
      ['ended before D', fact(code, longAgo, addDays(date, -1), value), false],
      ['ends the day after D', fact(code, longAgo, addDays(date, 1), value), true],
      ['ends 12 months after D', fact(code, longAgo, yearAfter, value), true],
      ['ends the day after 12 months after D', fact(code, longAgo, addDays(yearAfter, 1), value), false],
      ['starts after D', fact(code, addDays(date, 1), addDays(date, 30), value), false],
    );
  }
  for (const [label, oneFact, expected] of cases) {
    assert.equal(fires(assessor, spec, birth, [oneFact]), expected, `${code} ${label}`);
  }
}

function checkValues(assessor: HouseholdAssessor, spec: IndicatorSpec, code: string, date: string): void {
  const birth = typicalBirth(spec.who, date);
  const at = (value: number | null, days = -30): TestFact => fact(code, addDays(date, days), null, value);
  if (spec.atLeast !== undefined) {
    assert.equal(fires(assessor, spec, birth, [at(spec.atLeast)]), true, `${code} value ${spec.atLeast}`);
    assert.equal(fires(assessor, spec, birth, [at(spec.atLeast - 0.01)]), false, `${code} value just below`);
    assert.equal(fires(assessor, spec, birth, [at(null)]), false, `${code} with no value`);
    assert.equal(
      fires(assessor, spec, birth, [at(spec.atLeast - 1), at(2)]),
      false,
      `${code} values are not added`,
    );
  } else if (spec.totalAtLeast !== undefined) {
    const { yearBefore } = assessmentWindow(date);
    const outside = fact(code, yearBefore, null, 1);
    const cases: [string, TestFact[], boolean][] = [
      ['values 1 + 1', [at(1), at(1, -60)], false],
      ['values 1 + 1 + 1', [at(1), at(1, -60), at(1, -90)], true],
      ['three empty values', [at(null), at(null, -60), at(null, -90)], true],
      ['two empty values', [at(null), at(null, -60)], false],
      ['2 and an empty value', [at(2), at(null, -60)], true],
      ['one fact of 3', [at(3)], true],
      ['one fact of 2.5', [at(2.5)], false],
      ['1 + 1 inside and 1 on the day 12 months before D', [at(1), at(1, -60), outside], false],
    ];
    for (const [label, facts, expected] of cases)
      assert.equal(fires(assessor, spec, birth, facts), expected, `${code} ${label}`);
  } else {
    assert.equal(
      fires(assessor, spec, birth, countingFacts(spec, code, date)),
      true,
      `${code} with no value`,
    );
  }
}

function checkOtherCodes(assessor: HouseholdAssessor, spec: IndicatorSpec, date: string): void {
  const birth = typicalBirth(spec.who, date);
  for (const other of [...factCodes.map((code) => code.code), 'local.other']) {
    if (spec.codes.includes(other)) continue;
    const facts = [
      fact(other, addDays(date, -30), addDays(date, 30), 50),
      fact(other, addDays(date, -60), null, 50),
    ];
    assert.equal(fires(assessor, spec, birth, facts), false, `${other} does not count`);
  }
}

for (const id of Object.keys(specs) as ShippedFrameworkId[]) {
  describe(`${id} indicators`, () => {
    const framework = shippedFramework(id);
    it('are exactly the indicators of criteria.md', () => {
      const written = specs[id].map((spec) => `${spec.problem}/${spec.indicator}`).sort();
      const shipped = framework.indicators
        .map((indicator) => `${indicator.problem}/${indicator.rule.id}`)
        .sort();
      assert.deepEqual(shipped, written);
    });
    for (const date of assessmentDates) {
      const assessor = new HouseholdAssessor(framework, date);
      for (const spec of specs[id]) {
        describe(`${spec.problem}/${spec.indicator} at ${date}`, () => {
          it('fires only for its age group', () => {
            for (const code of spec.codes) checkAges(assessor, spec, code, date);
          });
          it('counts facts only inside its window', () => {
            for (const code of spec.codes) checkWindow(assessor, spec, code, date);
          });
          it('checks values', () => {
            for (const code of spec.codes) checkValues(assessor, spec, code, date);
          });
          it('ignores other codes', () => checkOtherCodes(assessor, spec, date));
        });
      }
    }
  });
}
