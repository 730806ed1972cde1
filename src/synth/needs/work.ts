/**
 * Worklessness and debt: out-of-work benefit claims held by DWP (a claim ended yesterday does not
 * count, one ending today does), rent arrears held by the landlord, NEET young people.
 */
import type { Household, Person } from '../population.ts';
import type { Scenario } from './scenario.ts';
import { addFact, type Timeline } from './timeline.ts';

const benefit = 'work.out_of_work_benefit';
const employment = 'work.employment';
const debt = 'work.financial_exclusion';

const claimant = (household: Household, timeline: Timeline): Person | undefined =>
  timeline.member(household, (person, age) => age >= 18 && age < 66 && person.role !== 'adult_child');

/** The claimant and, on a joint claim, their partner. */
function claim(
  household: Household,
  timeline: Timeline,
  start: number,
  end: number | null,
): Person | undefined {
  const first = claimant(household, timeline);
  if (!first) return undefined;
  endWork(first, start);
  addFact(first, 'dwp', benefit, start, end);
  const partner = household.members.find(
    (person) =>
      person !== first &&
      person.role === first.role &&
      (first.role === 'parent' || first.role === 'partner') &&
      timeline.age(person) >= 18,
  );
  if (partner && timeline.random.chance(0.8)) {
    endWork(partner, start);
    addFact(partner, 'dwp', benefit, start, end);
  }
  return first;
}

/** Out-of-work claims start when work stops: a job still running ends the day before, or is forgotten. */
function endWork(person: Person, claimStart: number): void {
  person.facts = person.facts.filter((fact) => {
    if (fact.code !== employment || (fact.end !== null && fact.end < claimStart)) return true;
    if (fact.start >= claimStart) return false;
    fact.end = claimStart - 1;
    return true;
  });
}

const pounds = (timeline: Timeline): string =>
  timeline.random.chance(0.5)
    ? String(timeline.random.between(250, 6000))
    : (timeline.random.between(25_000, 600_000) / 100).toFixed(2);

export const workScenarios: Scenario[] = [
  {
    name: 'work.out_of_work_benefit',
    domain: 'work',
    meets: true,
    weight: 8,
    apply(household, timeline) {
      const person = claim(household, timeline, timeline.daysAgo(30, 2500), null);
      if (person && timeline.random.chance(0.3)) {
        const worked = timeline.daysAgo(2600, 4000);
        addFact(
          person,
          'dwp',
          employment,
          worked,
          worked + timeline.random.between(90, 1000),
          String(timeline.random.between(16, 40)),
        );
      }
      return person !== undefined;
    },
  },
  {
    name: 'work.benefit_claim_ending_today',
    domain: 'work',
    meets: true,
    weight: 1,
    apply(household, timeline) {
      return claim(household, timeline, timeline.daysAgo(100, 900), timeline.asOf) !== undefined;
    },
  },
  {
    name: 'work.rent_arrears',
    domain: 'work',
    meets: true,
    weight: 3,
    apply(household, timeline) {
      const person = claimant(household, timeline);
      if (!person) return false;
      const cleared = timeline.random.chance(0.25);
      const start = cleared ? timeline.daysAgo(60, 300) : timeline.daysAgo(20, 600);
      const end = cleared ? Math.min(timeline.asOf, start + timeline.random.between(10, 60)) : null;
      addFact(person, 'housing', debt, start, end, pounds(timeline));
      return true;
    },
  },
  {
    name: 'work.neet',
    domain: 'work',
    meets: true,
    weight: 1,
    apply(household, timeline) {
      const person = timeline.member(household, (_, age) => age >= 16 && age <= 18);
      if (!person) return false;
      addFact(person, 'schools', 'education.neet', timeline.daysAgo(20, 400));
      return true;
    },
  },
  {
    name: 'work.benefit_claim_ended_yesterday',
    domain: 'work',
    meets: false,
    weight: 2,
    apply(household, timeline) {
      const person = claim(household, timeline, timeline.daysAgo(200, 1200), timeline.asOf - 1);
      if (person)
        addFact(
          person,
          'dwp',
          employment,
          timeline.asOf,
          null,
          timeline.random.pick(['16', '20', '30', '37.5', '40']),
        );
      return person !== undefined;
    },
  },
  {
    name: 'work.benefit_claim_ended_months_ago',
    domain: 'work',
    meets: false,
    weight: 1,
    apply(household, timeline) {
      const end = timeline.daysAgo(30, 300);
      const person = claim(household, timeline, end - timeline.random.between(100, 900), end);
      if (person) addFact(person, 'dwp', employment, end + 1, null, String(timeline.random.between(8, 45)));
      return person !== undefined;
    },
  },
  {
    name: 'work.arrears_cleared_a_year_ago_to_the_day',
    domain: 'work',
    meets: false,
    weight: 1,
    apply(household, timeline) {
      const person = claimant(household, timeline);
      if (!person) return false;
      addFact(
        person,
        'housing',
        debt,
        timeline.yearBefore - timeline.random.between(60, 400),
        timeline.yearBefore,
        pounds(timeline),
      );
      return true;
    },
  },
  {
    name: 'work.neet_ended',
    domain: 'work',
    meets: false,
    weight: 1,
    apply(household, timeline) {
      const person = timeline.member(household, (_, age) => age >= 17 && age <= 18);
      if (!person) return false;
      const end = timeline.daysAgo(1, 200);
      addFact(person, 'schools', 'education.neet', end - timeline.random.between(30, 200), end);
      return true;
    },
  },
];
