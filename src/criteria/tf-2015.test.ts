/** tf-2015 as criteria.md words it: problems, the "does not count" notes, programme family, eligibility, evidence. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assessHouseholds, HouseholdAssessor } from './assess-household.ts';
import { bornAged, fact, household, member } from './households.test-support.ts';
import { shippedFramework } from './shipped-frameworks.ts';

const D = '2025-11-01';
const assessor = new HouseholdAssessor(shippedFramework('tf-2015'), D);
const child = bornAged(12, D);
const adult = bornAged(40, D);

describe('tf-2015', () => {
  it('finds problems from any member, with evidence naming member, facts and indicator', () => {
    const offence = fact('crime.proven_offence', '2025-06-01');
    const benefit = fact('work.out_of_work_benefit', '2023-01-01');
    const result = assessor.assess(
      household(member('mum', adult, [benefit]), member('son', child, [offence])),
    );
    assert.deepEqual(result.problems, ['crime', 'work']);
    assert.deepEqual(result.evidence, {
      crime: [{ indicator: 'young_offender', personId: 'son', facts: [offence] }],
      work: [{ indicator: 'out_of_work_benefit', personId: 'mum', facts: [benefit] }],
    });
    assert.equal(result.evidence.crime?.[0]?.facts[0]?.upload, 'U1', 'provenance passes through');
    assert.deepEqual(result.framework, { id: 'tf-2015', version: 1 });
    assert.equal(result.eligible, true);
  });

  it("does not count an adult's proven offence on its own", () => {
    const result = assessor.assess(
      household(member('dad', adult, [fact('crime.proven_offence', '2025-06-01')])),
    );
    assert.deepEqual(result.problems, []);
  });

  it('does not count an offence at 17 by someone who is 18 at D', () => {
    const eighteen = bornAged(18, D);
    const result = assessor.assess(
      household(member('p', eighteen, [fact('crime.proven_offence', '2025-06-01')])),
    );
    assert.deepEqual(result.problems, []);
  });

  it('does not count absence below 10%', () => {
    const result = assessor.assess(
      household(member('c', child, [fact('education.absence', '2025-01-06', '2025-07-18', 9.9)])),
    );
    assert.deepEqual(result.problems, []);
    const persistent = assessor.assess(
      household(member('c', child, [fact('education.absence', '2025-01-06', '2025-07-18', 10)])),
    );
    assert.deepEqual(persistent.problems, ['education']);
  });

  it('does not count a child protection plan that ended 12 months or more before D', () => {
    const ended = (end: string) =>
      assessor.assess(
        household(member('c', child, [fact('children.child_protection_plan', '2023-05-01', end)])),
      );
    assert.deepEqual(ended('2024-11-01').problems, []);
    assert.deepEqual(ended('2024-06-30').problems, []);
    assert.deepEqual(ended('2024-11-02').problems, ['children']);
  });

  it('does not count a benefit claim that ended before D', () => {
    const ended = (end: string) =>
      assessor.assess(household(member('a', adult, [fact('work.out_of_work_benefit', '2024-01-01', end)])));
    assert.deepEqual(ended('2025-10-31').problems, []);
    assert.deepEqual(ended('2025-11-01').problems, ['work']);
  });

  it('does not count a prison release due with no fact_end', () => {
    const result = assessor.assess(
      household(member('a', adult, [fact('crime.prison_release_due', '2024-01-01')])),
    );
    assert.deepEqual(result.problems, []);
  });

  it('adds fixed-term exclusions over the last 12 months, an empty value counting 1', () => {
    const exclusions = [
      fact('education.fixed_term_exclusion', '2025-01-10'),
      fact('education.fixed_term_exclusion', '2025-03-10', null, 1),
      fact('education.fixed_term_exclusion', '2025-05-10'),
    ];
    const result = assessor.assess(household(member('c', child, exclusions)));
    assert.deepEqual(result.evidence.education, [
      { indicator: 'fixed_term_exclusions', personId: 'c', facts: exclusions },
    ]);
    const twoChildren = assessor.assess(
      household(member('c1', child, exclusions.slice(0, 2)), member('c2', child, exclusions.slice(2))),
    );
    assert.deepEqual(twoChildren.problems, [], 'exclusions are added per child, not per family');
  });

  it('ignores facts dated after D', () => {
    const result = assessor.assess(
      household(
        member('c', child, [fact('crime.asb_intervention', '2025-11-02'), fact('dv.victim', '2026-01-01')]),
      ),
    );
    assert.deepEqual(result.problems, []);
  });

  it('lets indicators without an age fire for someone with no known date of birth, and no others', () => {
    const unknown = member('u', null, [
      fact('crime.asb_intervention', '2025-06-01'),
      fact('crime.proven_offence', '2025-06-01'),
      fact('work.out_of_work_benefit', '2024-01-01'),
      fact('children.child_in_need', '2025-01-01'),
    ]);
    const result = assessor.assess(household(unknown));
    assert.deepEqual(result.problems, ['crime']);
    assert.deepEqual(
      result.evidence.crime?.map((met) => met.indicator),
      ['asb_intervention'],
    );
    assert.equal(result.programmeFamily, false, 'an unknown age is not a child');
  });

  it('treats someone born on 29 February as 18 on 28 February of a common year', () => {
    const date = '2026-02-28';
    const leapling = member('l', '2008-02-29', [fact('crime.proven_offence', '2025-12-01')]);
    const onBirthday = new HouseholdAssessor(shippedFramework('tf-2015'), date).assess(household(leapling));
    assert.deepEqual(onBirthday.problems, []);
    assert.equal(onBirthday.programmeFamily, false);
    const dayBefore = new HouseholdAssessor(shippedFramework('tf-2015'), '2026-02-27').assess(
      household(leapling),
    );
    assert.deepEqual(dayBefore.problems, ['crime']);
  });

  it('runs the window from 29 February back to 28 February', () => {
    const leapDay = new HouseholdAssessor(shippedFramework('tf-2015'), '2024-02-29');
    const on28th = leapDay.assess(household(member('a', adult, [fact('dv.victim', '2023-02-28')])));
    assert.deepEqual(on28th.problems, []);
    const on1st = leapDay.assess(household(member('a', adult, [fact('dv.victim', '2023-03-01')])));
    assert.deepEqual(on1st.problems, ['dv']);
  });
});

describe('tf-2015 programme family and eligibility', () => {
  const twoProblems = [fact('dv.victim', '2025-06-01'), fact('health.mental_health', '2024-01-01')];

  it('is eligible with a child and at least two problems', () => {
    const result = assessor.assess(
      household(member('mum', adult, twoProblems), member('baby', bornAged(0, D))),
    );
    assert.equal(result.programmeFamily, true);
    assert.deepEqual(result.programmeFamilyEvidence, [{ personId: 'baby', reason: 'child', age: 0 }]);
    assert.equal(result.eligible, true);
  });

  it('is not eligible with one problem, and still reports it', () => {
    const result = assessor.assess(
      household(member('mum', adult, twoProblems.slice(0, 1)), member('son', child)),
    );
    assert.deepEqual(result.problems, ['dv']);
    assert.equal(result.eligible, false);
  });

  it('is not eligible without a child or a vulnerable parent, and still reports problems', () => {
    const result = assessor.assess(household(member('a', adult, twoProblems), member('b', bornAged(18, D))));
    assert.equal(result.programmeFamily, false);
    assert.deepEqual(result.problems, ['dv', 'health']);
    assert.equal(result.eligible, false);
  });

  it('is a programme family with a current vulnerable parent, not one that ended before D', () => {
    const expecting = fact('health.vulnerable_parent', '2025-09-01');
    const result = assessor.assess(
      household(member('mum', adult, [expecting, fact('dv.victim', '2025-06-01')])),
    );
    assert.equal(result.programmeFamily, true);
    assert.deepEqual(result.programmeFamilyEvidence, [
      { personId: 'mum', reason: 'vulnerable_parent', fact: expecting },
    ]);
    assert.deepEqual(result.problems, ['dv', 'health']);
    assert.equal(result.eligible, true);
    const ended = assessor.assess(
      household(member('mum', adult, [fact('health.vulnerable_parent', '2025-01-01', '2025-10-31')])),
    );
    assert.equal(ended.programmeFamily, false);
    assert.deepEqual(ended.problems, ['health']);
  });

  it('lists evidence of every member and indicator, members in household order', () => {
    const result = assessor.assess(
      household(
        member('a', adult, [
          fact('crime.community_sentence', '2025-01-01'),
          fact('crime.asb_intervention', '2025-02-01'),
        ]),
        member('c', child, [
          fact('crime.asb_intervention', '2025-03-01'),
          fact('crime.proven_offence', '2025-04-01'),
        ]),
      ),
    );
    assert.deepEqual(
      result.evidence.crime?.map((met) => `${met.personId}:${met.indicator}`),
      ['a:asb_intervention', 'a:community_sentence', 'c:young_offender', 'c:asb_intervention'],
    );
  });

  it('writes its evidence into JSON, and works it out once', () => {
    const victim = fact('dv.victim', '2025-06-01');
    const result = assessor.assess(household(member('mum', adult, [victim]), member('c', child)));
    assert.equal(result.evidence, result.evidence);
    const json = JSON.parse(JSON.stringify(result));
    assert.deepEqual(json.evidence, {
      dv: [{ indicator: 'domestic_abuse', personId: 'mum', facts: [victim] }],
    });
    assert.deepEqual(json.programmeFamilyEvidence, [{ personId: 'c', reason: 'child', age: 12 }]);
    assert.deepEqual(json.problems, ['dv']);
    assert.equal(json.eligible, false);
  });

  it('assesses many households in order', () => {
    const results = assessHouseholds(
      shippedFramework('tf-2015'),
      [
        { id: 'H1', members: [member('a', adult, twoProblems), member('c', child)] },
        { id: 'H2', members: [] },
      ],
      D,
    );
    assert.deepEqual(
      results.map((result) => [result.householdId, result.eligible, result.problems]),
      [
        ['H1', true, ['dv', 'health']],
        ['H2', false, []],
      ],
    );
  });
});
