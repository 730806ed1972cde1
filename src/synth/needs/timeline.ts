/**
 * The windows of the criteria around the assessment date (shared/spec/criteria.md), and the
 * facts and people a scenario writes with them.
 */
import { ageOn, sameDayYearsAway } from '../calendar.ts';
import type { Household, Person, PlannedFact } from '../population.ts';
import type { SeededRandom } from '../random.ts';
import type { SourceName } from '../sources.ts';

export class Timeline {
  readonly random: SeededRandom;
  /** The assessment date D. */
  readonly asOf: number;
  /** The same day a year before D: an event on it is outside "the last 12 months", one a day later inside. */
  readonly yearBefore: number;
  /** The same day a year after D: the last day "within 12 months after D". */
  readonly yearAfter: number;

  constructor(random: SeededRandom, asOf: number) {
    this.random = random;
    this.asOf = asOf;
    this.yearBefore = sameDayYearsAway(asOf, -1);
    this.yearAfter = sameDayYearsAway(asOf, 1);
  }

  age(person: Person): number {
    return ageOn(person.born, this.asOf);
  }

  /** A day in the last 12 months: after the day a year before D, on or before D. */
  recent(): number {
    return this.yearBefore + 1 + this.random.below(this.asOf - this.yearBefore);
  }

  /** A day `from` to `to` days before D. */
  daysAgo(from: number, to: number): number {
    return this.asOf - this.random.between(from, to);
  }

  /** The first member (in random order) for whom `fits` holds. */
  member(household: Household, fits: (person: Person, age: number) => boolean): Person | undefined {
    const members = household.members;
    const start = this.random.below(members.length || 1);
    for (let step = 0; step < members.length; step++) {
      const person = members[(start + step) % members.length] as Person;
      if (fits(person, this.age(person))) return person;
    }
    return undefined;
  }

  /**
   * Moves a birthday so a person is on one side of an age boundary at D (17 with an 18th birthday
   * tomorrow, say). Twins keep theirs, so a pair is never split.
   */
  rebirth(person: Person, born: number): boolean {
    const twin = person.household.members.some((other) => other !== person && other.born === person.born);
    if (twin || born > this.asOf) return false;
    person.born = born;
    return true;
  }
}

export function addFact(
  person: Person,
  source: SourceName,
  code: string,
  start: number,
  end: number | null = null,
  value = '',
): PlannedFact {
  // Nobody has a fact dated before they were born or after D.
  const from = Math.max(start, person.born);
  const fact: PlannedFact = {
    source,
    code,
    start: from,
    end: end === null ? null : Math.max(end, from),
    value,
  };
  person.facts.push(fact);
  return fact;
}
