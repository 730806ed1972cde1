/** Homelessness and the risk of eviction, as the council's housing service and landlords hold them. */
import type { Household, Person } from '../population.ts';
import type { Scenario } from './scenario.ts';
import { addFact, type Timeline } from './timeline.ts';

const leadTenant = (household: Household, timeline: Timeline): Person | undefined =>
  timeline.member(household, (person, age) => age >= 18 && person.role !== 'adult_child');

export const housingScenarios: Scenario[] = [
  {
    name: 'housing.homeless_in_temporary_accommodation',
    domain: 'housing',
    meets: true,
    weight: 2,
    apply(household, timeline) {
      const person = leadTenant(household, timeline);
      if (!person) return false;
      addFact(person, 'housing', 'housing.homeless', timeline.daysAgo(10, 400));
      return true;
    },
  },
  {
    name: 'housing.eviction_risk',
    domain: 'housing',
    meets: true,
    weight: 3,
    apply(household, timeline) {
      const person = leadTenant(household, timeline);
      if (!person) return false;
      const start = timeline.daysAgo(10, 500);
      addFact(person, 'housing', 'housing.eviction_risk', start);
      if (timeline.random.chance(0.5))
        addFact(
          person,
          'housing',
          'work.financial_exclusion',
          start - timeline.random.between(30, 200),
          null,
          String(timeline.random.between(400, 5000)),
        );
      return true;
    },
  },
  {
    name: 'housing.eviction_risk_ended_a_year_ago_to_the_day',
    domain: 'housing',
    meets: false,
    weight: 1,
    apply(household, timeline) {
      const person = leadTenant(household, timeline);
      if (!person) return false;
      addFact(
        person,
        'housing',
        'housing.eviction_risk',
        timeline.yearBefore - timeline.random.between(30, 300),
        timeline.yearBefore,
      );
      return true;
    },
  },
  {
    name: 'housing.homeless_before_this_home',
    domain: 'housing',
    meets: false,
    weight: 1,
    apply(household, timeline) {
      const person = leadTenant(household, timeline);
      if (!person) return false;
      const end = timeline.daysAgo(400, 1500);
      addFact(person, 'housing', 'housing.homeless', end - timeline.random.between(30, 300), end);
      return true;
    },
  },
];
