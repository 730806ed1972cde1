/**
 * Offending and anti-social behaviour as the police record them: children's offences in the last
 * 12 months, ASB interventions, adults in prison or under sentence — and the cases just outside.
 */
import { ageOn, sameDayYearsAway } from '../calendar.ts';
import type { Household, Person } from '../population.ts';
import type { Scenario } from './scenario.ts';
import { addFact, type Timeline } from './timeline.ts';

const offence = 'crime.proven_offence';
const asb = 'crime.asb_intervention';
const prison = 'crime.prison_release_due';
const sentence = 'crime.community_sentence';

const youngOffender = (household: Household, timeline: Timeline): Person | undefined =>
  timeline.member(household, (_, age) => age >= 11 && age < 18);
const adultOffender = (household: Household, timeline: Timeline): Person | undefined =>
  timeline.member(
    household,
    (person, age) => age >= 18 && age < 60 && (person.sex === 'M' || timeline.random.chance(0.25)),
  );

/** A few older offences as well, as a police record has. */
function history(person: Person, timeline: Timeline): void {
  if (timeline.random.chance(0.4)) addFact(person, 'police', offence, timeline.daysAgo(400, 2500));
}

/** Makes a member 17 or 18 at D, the day after or the day of an 18th birthday `daysSince` ago. */
function ageEighteenBoundary(
  household: Household,
  timeline: Timeline,
  eighteen: boolean,
): Person | undefined {
  const person = timeline.member(household, (_, age) => age >= 15 && age <= 19);
  if (!person) return undefined;
  const birthday = eighteen ? timeline.asOf - timeline.random.below(30) : timeline.asOf + 1;
  let born = sameDayYearsAway(birthday, -18);
  if (!eighteen && ageOn(born, timeline.asOf) !== 17) born += 1;
  if (ageOn(born, timeline.asOf) !== (eighteen ? 18 : 17) || !timeline.rebirth(person, born))
    return undefined;
  return person;
}

export const crimeScenarios: Scenario[] = [
  {
    name: 'crime.child_offences_in_last_12_months',
    domain: 'crime',
    meets: true,
    weight: 4,
    apply(household, timeline) {
      const child = youngOffender(household, timeline);
      if (!child) return false;
      const count = timeline.random.between(1, 3);
      for (let index = 0; index < count; index++) addFact(child, 'police', offence, timeline.recent());
      return true;
    },
  },
  {
    name: 'crime.child_offence_a_year_ago_plus_one_day',
    domain: 'crime',
    meets: true,
    weight: 1,
    apply(household, timeline) {
      const child = youngOffender(household, timeline);
      if (!child) return false;
      addFact(child, 'police', offence, timeline.yearBefore + 1);
      return true;
    },
  },
  {
    name: 'crime.offence_by_child_turning_18_tomorrow',
    domain: 'crime',
    meets: true,
    weight: 1,
    apply(household, timeline) {
      const child = ageEighteenBoundary(household, timeline, false);
      if (!child) return false;
      addFact(child, 'police', offence, timeline.daysAgo(10, 200));
      return true;
    },
  },
  {
    name: 'crime.asb_intervention',
    domain: 'crime',
    meets: true,
    weight: 4,
    apply(household, timeline) {
      const person = timeline.member(household, (_, age) => age >= 12 && age < 50);
      if (!person) return false;
      addFact(person, 'police', asb, timeline.recent());
      if (timeline.random.chance(0.3)) addFact(person, 'police', asb, timeline.daysAgo(400, 900));
      return true;
    },
  },
  {
    name: 'crime.prison_release_within_12_months',
    domain: 'crime',
    meets: true,
    weight: 2,
    apply(household, timeline) {
      const adult = adultOffender(household, timeline);
      if (!adult) return false;
      history(adult, timeline);
      addFact(
        adult,
        'police',
        prison,
        timeline.daysAgo(60, 1400),
        timeline.asOf + timeline.random.between(1, 364),
      );
      return true;
    },
  },
  {
    name: 'crime.prison_release_a_year_to_the_day',
    domain: 'crime',
    meets: true,
    weight: 1,
    apply(household, timeline) {
      const adult = adultOffender(household, timeline);
      if (!adult) return false;
      addFact(adult, 'police', prison, timeline.daysAgo(60, 900), timeline.yearAfter);
      return true;
    },
  },
  {
    name: 'crime.community_sentence_current',
    domain: 'crime',
    meets: true,
    weight: 3,
    apply(household, timeline) {
      const adult = adultOffender(household, timeline);
      if (!adult) return false;
      history(adult, timeline);
      const start = timeline.daysAgo(20, 600);
      addFact(adult, 'police', offence, start - timeline.random.between(10, 60));
      addFact(
        adult,
        'police',
        sentence,
        start,
        timeline.random.chance(0.2) ? null : timeline.asOf + timeline.random.between(1, 700),
      );
      return true;
    },
  },
  {
    name: 'crime.community_sentence_ending_today',
    domain: 'crime',
    meets: true,
    weight: 1,
    apply(household, timeline) {
      const adult = adultOffender(household, timeline);
      if (!adult) return false;
      addFact(adult, 'police', sentence, timeline.daysAgo(180, 700), timeline.asOf);
      return true;
    },
  },
  {
    name: 'crime.child_offence_a_year_ago_to_the_day',
    domain: 'crime',
    meets: false,
    weight: 2,
    apply(household, timeline) {
      const child = youngOffender(household, timeline);
      if (!child) return false;
      addFact(child, 'police', offence, timeline.yearBefore);
      return true;
    },
  },
  {
    name: 'crime.offence_at_17_by_someone_now_18',
    domain: 'crime',
    meets: false,
    weight: 2,
    apply(household, timeline) {
      const person = ageEighteenBoundary(household, timeline, true);
      if (!person) return false;
      const eighteenth = sameDayYearsAway(person.born, 18);
      const start = Math.max(timeline.yearBefore + 1, eighteenth - timeline.random.between(5, 150));
      if (start >= eighteenth) return false;
      addFact(person, 'police', offence, start);
      return true;
    },
  },
  {
    name: 'crime.adult_offence_only',
    domain: 'crime',
    meets: false,
    weight: 3,
    apply(household, timeline) {
      const adult = adultOffender(household, timeline);
      if (!adult) return false;
      addFact(adult, 'police', offence, timeline.recent());
      return true;
    },
  },
  {
    name: 'crime.asb_a_year_ago_to_the_day',
    domain: 'crime',
    meets: false,
    weight: 2,
    apply(household, timeline) {
      const person = timeline.member(household, (_, age) => age >= 13 && age < 50);
      if (!person) return false;
      addFact(person, 'police', asb, timeline.yearBefore);
      return true;
    },
  },
  {
    name: 'crime.prison_release_a_year_and_a_day_away',
    domain: 'crime',
    meets: false,
    weight: 1,
    apply(household, timeline) {
      const adult = adultOffender(household, timeline);
      if (!adult) return false;
      addFact(adult, 'police', prison, timeline.daysAgo(100, 1500), timeline.yearAfter + 1);
      return true;
    },
  },
  {
    name: 'crime.prison_with_no_release_date',
    domain: 'crime',
    meets: false,
    weight: 1,
    apply(household, timeline) {
      const adult = adultOffender(household, timeline);
      if (!adult) return false;
      addFact(adult, 'police', prison, timeline.daysAgo(100, 2000));
      return true;
    },
  },
  {
    name: 'crime.released_from_prison',
    domain: 'crime',
    meets: false,
    weight: 1,
    apply(household, timeline) {
      const adult = adultOffender(household, timeline);
      if (!adult) return false;
      const released = timeline.daysAgo(1, 300);
      addFact(adult, 'police', prison, released - timeline.random.between(90, 900), released);
      return true;
    },
  },
  {
    name: 'crime.community_sentence_ended_yesterday',
    domain: 'crime',
    meets: false,
    weight: 2,
    apply(household, timeline) {
      const adult = adultOffender(household, timeline);
      if (!adult) return false;
      addFact(adult, 'police', sentence, timeline.daysAgo(180, 700), timeline.asOf - 1);
      return true;
    },
  },
];
