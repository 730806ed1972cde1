/** Eligibility of the other shipped frameworks: sf-2022 needs three headlines, dea-2017 two factors and no child. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HouseholdAssessor } from './assess-household.ts';
import { bornAged, fact, household, member } from './households.test-support.ts';
import { shippedFramework } from './shipped-frameworks.ts';

const D = '2025-11-01';
const adult = bornAged(40, D);
const child = bornAged(8, D);

describe('sf-2022', () => {
  const assessor = new HouseholdAssessor(shippedFramework('sf-2022'), D);
  const needs = [
    fact('dv.victim', '2025-06-01'),
    fact('housing.eviction_risk', '2025-01-01'),
    fact('health.substance_misuse', '2025-02-01'),
  ];

  it('is eligible with a child and three headlines', () => {
    const result = assessor.assess(household(member('mum', adult, needs), member('c', child)));
    assert.deepEqual(result.problems, ['dv', 'housing', 'substance']);
    assert.equal(result.eligible, true);
  });

  it('is not eligible with two headlines', () => {
    const result = assessor.assess(household(member('mum', adult, needs.slice(0, 2)), member('c', child)));
    assert.equal(result.eligible, false);
    assert.deepEqual(result.problems, ['dv', 'housing']);
  });

  it("counts an adult's proven offence under crime, unlike tf-2015", () => {
    const family = household(member('dad', adult, [fact('crime.proven_offence', '2025-06-01')]));
    assert.deepEqual(assessor.assess(family).problems, ['crime']);
    assert.deepEqual(new HouseholdAssessor(shippedFramework('tf-2015'), D).assess(family).problems, []);
  });

  it('counts a NEET young person under both education and financial', () => {
    const result = assessor.assess(
      household(member('y', bornAged(19, D), [fact('education.neet', '2025-09-01')])),
    );
    assert.deepEqual(result.problems, ['education', 'financial']);
  });
});

describe('dea-2017', () => {
  const assessor = new HouseholdAssessor(shippedFramework('dea-2017'), D);

  it('needs no child: two factors among adults are enough', () => {
    const result = assessor.assess(
      household(
        member('a', adult, [fact('work.out_of_work_benefit', '2024-01-01', '2025-03-01')]),
        member('b', adult, [fact('local.care_leaver', '2020-01-01')]),
      ),
    );
    assert.equal(result.programmeFamily, false);
    assert.deepEqual(result.problems, ['care_leaver', 'unemployment']);
    assert.equal(result.eligible, true);
  });

  it('is not met with one factor', () => {
    const result = assessor.assess(household(member('a', adult, [fact('dv.perpetrator', '2025-01-01')])));
    assert.deepEqual(result.problems, ['dv']);
    assert.equal(result.eligible, false);
  });

  it('counts the tf-2015 education indicators as irregular attendance', () => {
    const result = assessor.assess(
      household(member('c', child, [fact('education.absence', '2025-01-06', '2025-07-18', 12)])),
    );
    assert.deepEqual(result.evidence.school_attendance, [
      {
        indicator: 'persistent_absence',
        personId: 'c',
        facts: [fact('education.absence', '2025-01-06', '2025-07-18', 12)],
      },
    ]);
  });
});
