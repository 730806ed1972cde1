/**
 * School attendance and exclusions, as schools and the education service send them: absence per
 * term (10% is the line), fixed-term exclusions adding up to three, permanent exclusions,
 * alternative provision, children missing education and NEET young people.
 */
import type { Household, Person, PlannedFact } from '../population.ts';
import type { Scenario } from './scenario.ts';
import { addFact, type Timeline } from './timeline.ts';

const absence = 'education.absence';
const fixedTerm = 'education.fixed_term_exclusion';

/** Children of school age (5 to 15 at D) whose absence is recorded. */
export const isPupilAge = (age: number): boolean => age >= 5 && age <= 15;

const pupil = (household: Household, timeline: Timeline, minimumAge = 5): Person | undefined =>
  timeline.member(household, (_, age) => isPupilAge(age) && age >= minimumAge);

function absenceRows(person: Person): PlannedFact[] {
  return person.facts.filter((fact) => fact.code === absence);
}

/** Every term's absence below 10%, then one term's set to `value` (written as given). */
function setAbsence(person: Person, value: string, timeline: Timeline): boolean {
  const rows = absenceRows(person);
  const latest = rows[0];
  if (!latest) return false;
  for (const row of rows)
    if (Number(row.value) >= 10) row.value = (timeline.random.between(0, 80) / 10).toFixed(1);
  latest.value = value;
  return true;
}

/** An absence measured over a term that closed on `end` (at another school, before the pupil moved). */
function absenceEnding(person: Person, end: number, value: string, timeline: Timeline): boolean {
  const rows = absenceRows(person);
  if (rows.length === 0) return false;
  for (const row of rows)
    if (Number(row.value) >= 10) row.value = (timeline.random.between(0, 80) / 10).toFixed(1);
  addFact(person, 'schools', absence, end - timeline.random.between(60, 100), end, value);
  return true;
}

function exclusions(person: Person, days: readonly number[], values: readonly string[]): void {
  days.forEach((day, index) => {
    addFact(person, 'schools', fixedTerm, day, null, values[index] ?? '');
  });
}

const pick = <T>(timeline: Timeline, choices: readonly T[]): T => timeline.random.pick(choices);

export const educationScenarios: Scenario[] = [
  {
    name: 'education.persistent_absence',
    domain: 'education',
    meets: true,
    weight: 6,
    apply(household, timeline) {
      const child = pupil(household, timeline);
      return (
        child !== undefined &&
        setAbsence(child, (10.5 + timeline.random.between(0, 300) / 10).toFixed(1), timeline)
      );
    },
  },
  {
    name: 'education.absence_of_exactly_10',
    domain: 'education',
    meets: true,
    weight: 2,
    apply(household, timeline) {
      const child = pupil(household, timeline);
      return child !== undefined && setAbsence(child, pick(timeline, ['10', '10.0', '10.00']), timeline);
    },
  },
  {
    name: 'education.absence_in_term_ending_a_year_ago_plus_one_day',
    domain: 'education',
    meets: true,
    weight: 1,
    apply(household, timeline) {
      const child = pupil(household, timeline, 6);
      return child !== undefined && absenceEnding(child, timeline.yearBefore + 1, '14.2', timeline);
    },
  },
  {
    name: 'education.three_fixed_term_exclusions',
    domain: 'education',
    meets: true,
    weight: 3,
    apply(household, timeline) {
      const child = pupil(household, timeline, 8);
      if (!child) return false;
      const shape = timeline.random.below(4);
      if (shape === 0)
        exclusions(child, [timeline.recent(), timeline.recent(), timeline.recent()], ['1', '1', '1']);
      else if (shape === 1) exclusions(child, [timeline.recent()], ['3']);
      else if (shape === 2) exclusions(child, [timeline.recent(), timeline.recent()], ['2', '']);
      else
        exclusions(
          child,
          [timeline.recent(), timeline.recent(), timeline.recent(), timeline.recent()],
          ['', '', '1', ''],
        );
      return true;
    },
  },
  {
    name: 'education.permanent_exclusion',
    domain: 'education',
    meets: true,
    weight: 1,
    apply(household, timeline) {
      const child = pupil(household, timeline, 10);
      if (!child) return false;
      const day = timeline.recent();
      exclusions(child, [day - timeline.random.between(20, 120)], ['1']);
      addFact(child, 'schools', 'education.permanent_exclusion', day);
      return true;
    },
  },
  {
    name: 'education.alternative_provision',
    domain: 'education',
    meets: true,
    weight: 1,
    apply(household, timeline) {
      const child = pupil(household, timeline, 10);
      if (!child) return false;
      addFact(child, 'schools', 'education.alternative_provision', timeline.daysAgo(20, 500));
      return true;
    },
  },
  {
    name: 'education.missing_education',
    domain: 'education',
    meets: true,
    weight: 1,
    apply(household, timeline) {
      const child = pupil(household, timeline);
      if (!child) return false;
      addFact(child, 'schools', 'education.missing_education', timeline.daysAgo(10, 300));
      return true;
    },
  },
  {
    name: 'education.absence_just_below_10',
    domain: 'education',
    meets: false,
    weight: 3,
    apply(household, timeline) {
      const child = pupil(household, timeline);
      return (
        child !== undefined &&
        setAbsence(child, pick(timeline, ['9.9', '9.95', '9.99', '9.5', '9.8']), timeline)
      );
    },
  },
  {
    name: 'education.absence_in_term_ending_a_year_ago_to_the_day',
    domain: 'education',
    meets: false,
    weight: 1,
    apply(household, timeline) {
      const child = pupil(household, timeline, 6);
      return child !== undefined && absenceEnding(child, timeline.yearBefore, '17.5', timeline);
    },
  },
  {
    name: 'education.two_fixed_term_exclusions',
    domain: 'education',
    meets: false,
    weight: 2,
    apply(household, timeline) {
      const child = pupil(household, timeline, 8);
      if (!child) return false;
      const shape = timeline.random.below(3);
      if (shape === 0) exclusions(child, [timeline.recent(), timeline.recent()], ['1', '1']);
      else if (shape === 1) exclusions(child, [timeline.recent()], ['2']);
      else exclusions(child, [timeline.recent(), timeline.recent()], ['', '']);
      return true;
    },
  },
  {
    name: 'education.third_exclusion_a_year_ago_to_the_day',
    domain: 'education',
    meets: false,
    weight: 1,
    apply(household, timeline) {
      const child = pupil(household, timeline, 8);
      if (!child) return false;
      exclusions(child, [timeline.yearBefore, timeline.recent(), timeline.recent()], ['1', '1', '']);
      return true;
    },
  },
  {
    name: 'education.permanent_exclusion_over_a_year_ago',
    domain: 'education',
    meets: false,
    weight: 1,
    apply(household, timeline) {
      const child = pupil(household, timeline, 10);
      if (!child) return false;
      addFact(
        child,
        'schools',
        'education.permanent_exclusion',
        timeline.yearBefore - timeline.random.below(200),
      );
      return true;
    },
  },
  {
    name: 'education.alternative_provision_ended',
    domain: 'education',
    meets: false,
    weight: 1,
    apply(household, timeline) {
      const child = pupil(household, timeline, 10);
      if (!child) return false;
      const end = timeline.daysAgo(1, 200);
      addFact(
        child,
        'schools',
        'education.alternative_provision',
        end - timeline.random.between(60, 300),
        end,
      );
      return true;
    },
  },
  {
    name: 'education.missing_education_ended',
    domain: 'education',
    meets: false,
    weight: 1,
    apply(household, timeline) {
      const child = pupil(household, timeline);
      if (!child) return false;
      const end = timeline.daysAgo(1, 200);
      addFact(child, 'schools', 'education.missing_education', end - timeline.random.between(20, 120), end);
      return true;
    },
  },
];
