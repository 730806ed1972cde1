/**
 * Health flags a trust may share (no diagnosis): mental health, substance misuse, long-term
 * illness, vulnerable new or expectant parents; episodes closed just inside or outside the window.
 */
import type { Household, Person } from '../population.ts';
import type { Scenario } from './scenario.ts';
import { addFact, type Timeline } from './timeline.ts';

const adult = (household: Household, timeline: Timeline, to = 80): Person | undefined =>
  timeline.member(household, (_, age) => age >= 18 && age <= to);

function episode(
  code: string,
  weight: number,
  pickPerson: (household: Household, timeline: Timeline) => Person | undefined,
): Scenario {
  return {
    name: code,
    domain: 'health',
    meets: true,
    weight,
    apply(household, timeline) {
      const person = pickPerson(household, timeline);
      if (!person) return false;
      addFact(person, 'health', code, timeline.daysAgo(20, 3000));
      return true;
    },
  };
}

function closedEpisode(name: string, meets: boolean, end: (timeline: Timeline) => number): Scenario {
  return {
    name,
    domain: 'health',
    meets,
    weight: 1,
    apply(household, timeline) {
      const person = adult(household, timeline);
      if (!person) return false;
      const ended = end(timeline);
      addFact(person, 'health', 'health.mental_health', ended - timeline.random.between(60, 700), ended);
      return true;
    },
  };
}

export const healthScenarios: Scenario[] = [
  episode('health.mental_health', 6, (household, timeline) => adult(household, timeline)),
  episode('health.substance_misuse', 2, (household, timeline) => adult(household, timeline, 65)),
  episode('health.physical_health', 3, (household, timeline) => adult(household, timeline, 99)),
  {
    name: 'health.child_mental_health',
    domain: 'health',
    meets: true,
    weight: 1,
    apply(household, timeline) {
      const child = timeline.member(household, (_, age) => age >= 8 && age <= 17);
      if (!child) return false;
      addFact(child, 'health', 'health.mental_health', timeline.daysAgo(20, 900));
      return true;
    },
  },
  {
    name: 'health.vulnerable_parent',
    domain: 'health',
    meets: true,
    weight: 2,
    apply(household, timeline) {
      const mother = timeline.member(
        household,
        (person, age) => person.sex === 'F' && age >= 16 && age <= 42 && person.role !== 'child',
      );
      if (!mother) return false;
      addFact(mother, 'health', 'health.vulnerable_parent', timeline.daysAgo(10, 250));
      return true;
    },
  },
  closedEpisode(
    'health.mental_health_closed_a_year_ago_plus_one_day',
    true,
    (timeline) => timeline.yearBefore + 1,
  ),
  closedEpisode(
    'health.mental_health_closed_a_year_ago_to_the_day',
    false,
    (timeline) => timeline.yearBefore,
  ),
  closedEpisode('health.mental_health_closed_years_ago', false, (timeline) => timeline.daysAgo(500, 2000)),
  {
    name: 'health.vulnerable_parent_ended',
    domain: 'health',
    meets: false,
    weight: 1,
    apply(household, timeline) {
      const mother = timeline.member(
        household,
        (person, age) => person.sex === 'F' && age >= 18 && age <= 42 && person.role !== 'child',
      );
      if (!mother) return false;
      const end = timeline.yearBefore - timeline.random.between(0, 300);
      addFact(mother, 'health', 'health.vulnerable_parent', end - timeline.random.between(150, 400), end);
      return true;
    },
  },
];
