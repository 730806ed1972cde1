/**
 * Domestic abuse incidents and MARAC cases: the victim and, where known, the perpetrator (a partner
 * at home, or a parent of the children who lives elsewhere). The police hold many of the same.
 */
import type { Household, Person } from '../population.ts';
import type { Scenario } from './scenario.ts';
import { addFact, type Timeline } from './timeline.ts';

function incident(household: Household, timeline: Timeline, day: number): boolean {
  const victim = timeline.member(
    household,
    (person, age) => age >= 16 && age < 70 && (person.sex === 'F' || timeline.random.chance(0.15)),
  );
  if (!victim) return false;
  const perpetrator: Person | undefined =
    household.members.find(
      (person) =>
        person !== victim &&
        person.sex !== victim.sex &&
        person.role === victim.role &&
        (person.role === 'parent' || person.role === 'partner') &&
        timeline.age(person) >= 18,
    ) ??
    household.otherParent ??
    undefined;
  addFact(victim, 'domestic_abuse', 'dv.victim', day);
  if (perpetrator) addFact(perpetrator, 'domestic_abuse', 'dv.perpetrator', day);
  if (timeline.random.chance(0.65)) {
    addFact(victim, 'police', 'dv.victim', day);
    if (perpetrator) addFact(perpetrator, 'police', 'dv.perpetrator', day);
  }
  return true;
}

export const domesticAbuseScenarios: Scenario[] = [
  {
    name: 'dv.incident_in_last_12_months',
    domain: 'dv',
    meets: true,
    weight: 6,
    apply: (household, timeline) => incident(household, timeline, timeline.recent()),
  },
  {
    name: 'dv.incident_a_year_ago_plus_one_day',
    domain: 'dv',
    meets: true,
    weight: 1,
    apply: (household, timeline) => incident(household, timeline, timeline.yearBefore + 1),
  },
  {
    name: 'dv.perpetrator_known_to_police',
    domain: 'dv',
    meets: true,
    weight: 1,
    apply(household, timeline) {
      const person = timeline.member(
        household,
        (candidate, age) => age >= 18 && age < 65 && candidate.sex === 'M',
      );
      if (!person) return false;
      addFact(person, 'police', 'dv.perpetrator', timeline.recent());
      return true;
    },
  },
  {
    name: 'dv.incident_a_year_ago_to_the_day',
    domain: 'dv',
    meets: false,
    weight: 2,
    apply: (household, timeline) => incident(household, timeline, timeline.yearBefore),
  },
  {
    name: 'dv.incident_years_ago',
    domain: 'dv',
    meets: false,
    weight: 1,
    apply: (household, timeline) => incident(household, timeline, timeline.daysAgo(400, 2000)),
  },
];
