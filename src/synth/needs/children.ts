/**
 * Early help and children's social care: open cases, plans that ended just inside or just outside
 * the last 12 months, a case on someone who has just turned 18, and care leavers (a local code).
 */
import { ageOn, sameDayYearsAway } from '../calendar.ts';
import type { Household, Person } from '../population.ts';
import type { Scenario } from './scenario.ts';
import { addFact, type Timeline } from './timeline.ts';

const child = (household: Household, timeline: Timeline, from = 0, to = 17): Person | undefined =>
  timeline.member(household, (_, age) => age >= from && age <= to);

function openCase(code: string, from: number, to: number, weight: number, ended: boolean): Scenario {
  return {
    name: ended ? `${code}_closed_in_last_12_months` : `${code}_open`,
    domain: 'children',
    meets: true,
    weight,
    apply(household, timeline) {
      const person = child(household, timeline, from, to);
      if (!person) return false;
      const start = timeline.daysAgo(15, 700);
      addFact(
        person,
        'childrens_services',
        code,
        start,
        ended ? Math.min(timeline.asOf, start + timeline.random.between(10, 200)) : null,
      );
      return true;
    },
  };
}

export const childrenScenarios: Scenario[] = [
  openCase('children.early_help', 0, 17, 5, false),
  openCase('children.child_in_need', 0, 17, 3, false),
  openCase('children.child_in_need', 0, 17, 1, true),
  openCase('children.child_protection_plan', 0, 17, 2, false),
  openCase('children.exploitation_risk', 11, 17, 1, false),
  openCase('children.early_years_not_taken', 2, 4, 1, false),
  {
    name: 'children.s47_enquiry_then_plan',
    domain: 'children',
    meets: true,
    weight: 1,
    apply(household, timeline) {
      const person = child(household, timeline);
      if (!person) return false;
      const start = timeline.daysAgo(40, 300);
      const decided = start + timeline.random.between(5, 30);
      addFact(person, 'childrens_services', 'children.s47_enquiry', start, decided);
      addFact(person, 'childrens_services', 'children.child_protection_plan', decided);
      return true;
    },
  },
  {
    name: 'children.child_protection_plan_ended_a_year_ago_plus_one_day',
    domain: 'children',
    meets: true,
    weight: 1,
    apply(household, timeline) {
      const person = child(household, timeline, 1, 16);
      if (!person) return false;
      const end = timeline.yearBefore + 1;
      addFact(
        person,
        'childrens_services',
        'children.child_protection_plan',
        end - timeline.random.between(120, 500),
        end,
      );
      return true;
    },
  },
  {
    name: 'children.child_protection_plan_ended_a_year_ago_to_the_day',
    domain: 'children',
    meets: false,
    weight: 2,
    apply(household, timeline) {
      const person = child(household, timeline, 1, 16);
      if (!person) return false;
      addFact(
        person,
        'childrens_services',
        'children.child_protection_plan',
        timeline.yearBefore - timeline.random.between(120, 500),
        timeline.yearBefore,
      );
      return true;
    },
  },
  {
    name: 'children.child_in_need_of_someone_just_turned_18',
    domain: 'children',
    meets: false,
    weight: 1,
    apply(household, timeline) {
      const person = timeline.member(household, (_, age) => age >= 16 && age <= 19);
      if (!person) return false;
      const born = sameDayYearsAway(timeline.asOf - timeline.random.below(60), -18);
      if (ageOn(born, timeline.asOf) !== 18 || !timeline.rebirth(person, born)) return false;
      addFact(person, 'childrens_services', 'children.child_in_need', timeline.daysAgo(100, 500));
      return true;
    },
  },
  {
    name: 'children.early_help_closed_long_ago',
    domain: 'children',
    meets: false,
    weight: 1,
    apply(household, timeline) {
      const person = child(household, timeline, 3, 17);
      if (!person) return false;
      const end = timeline.daysAgo(500, 1500);
      addFact(
        person,
        'childrens_services',
        'children.early_help',
        end - timeline.random.between(60, 300),
        end,
      );
      return true;
    },
  },
  {
    // A local code (dea-2017's care leaver factor): nothing in tf-2015 reads it.
    name: 'children.care_leaver',
    domain: 'children',
    meets: false,
    weight: 1,
    apply(household, timeline) {
      const person = timeline.member(household, (_, age) => age >= 18 && age <= 24);
      if (!person) return false;
      const left = Math.max(sameDayYearsAway(person.born, 18), timeline.daysAgo(30, 2000));
      if (left > timeline.asOf) return false;
      addFact(person, 'childrens_services', 'local.care_leaver', left);
      if (timeline.random.chance(0.35))
        addFact(person, 'childrens_services', 'education.neet', timeline.daysAgo(20, 400));
      return true;
    },
  },
];
