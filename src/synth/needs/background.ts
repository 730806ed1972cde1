/**
 * What partners hold about people with no problem to speak of: every pupil's attendance, in-work
 * benefit claims, old offences, closed cases, tenancies, council tax liability; and who else a
 * partner records with a person (a claimant's family, a child's parents).
 */
import type { Household, Person } from '../population.ts';
import { isPupilAge } from './education.ts';
import { completedTerms, currentTerm, type Term } from './school-terms.ts';
import { addFact, type Timeline } from './timeline.ts';

export class Background {
  private readonly timeline: Timeline;
  private readonly terms: Term[];
  private readonly thisTerm: Term | undefined;

  constructor(timeline: Timeline) {
    this.timeline = timeline;
    this.terms = completedTerms(timeline.asOf, 3);
    this.thisTerm = currentTerm(timeline.asOf);
  }

  /** Facts planted before the household's problems (which may change them). */
  plant(household: Household): void {
    const { random } = this.timeline;
    for (const person of household.members) {
      const age = this.timeline.age(person);
      if (isPupilAge(age)) this.attendance(person, age);
      else if (age >= 4 && age <= 16) person.knownTo.add('schools');
      if (age >= 20 && age < 60 && random.chance(person.sex === 'M' ? 0.035 : 0.01)) {
        addFact(person, 'police', 'crime.proven_offence', this.timeline.daysAgo(800, 6000));
      } else if (age >= 16 && random.chance(0.01)) {
        // Victims and witnesses: the police know them, with no fact to share.
        person.knownTo.add('police');
      }
    }
    const workingAge = household.members.filter((person) => {
      const age = this.timeline.age(person);
      return age >= 18 && age < 66 && person.role !== 'adult_child';
    });
    const earner = workingAge[0];
    if (earner && random.chance(0.07)) {
      // Universal Credit topping up low pay: known to DWP, in work.
      const start = this.timeline.daysAgo(60, 2000);
      addFact(
        earner,
        'dwp',
        'work.employment',
        start,
        null,
        random.pick(['12', '16', '20', '24', '30', '35', '37.5']),
      );
      if (random.chance(0.4))
        addFact(earner, 'dwp', 'work.out_of_work_benefit', start - random.between(200, 900), start - 1);
    }
    const child = household.members.find(
      (person) => this.timeline.age(person) >= 3 && this.timeline.age(person) < 18,
    );
    if (child && random.chance(0.025)) {
      const end = this.timeline.daysAgo(500, 2500);
      if (end - 100 > child.born)
        addFact(child, 'childrens_services', 'children.early_help', end - random.between(60, 300), end);
    }
  }

  /** Absence for the last three terms; a term under way has no end yet. Most children miss a little. */
  private attendance(person: Person, age: number): void {
    const { random } = this.timeline;
    person.knownTo.add('schools');
    const habit = random.next() * (age > 11 ? 7 : 5);
    for (const term of this.terms) {
      if (term.start < person.born + 4 * 365) continue;
      const missed = Math.min(9.4, Math.max(0, habit + (random.next() - 0.45) * 4));
      addFact(person, 'schools', 'education.absence', term.start, term.end, missed.toFixed(1));
    }
    if (this.thisTerm && random.chance(0.15)) {
      addFact(
        person,
        'schools',
        'education.absence',
        this.thisTerm.start,
        null,
        (random.next() * 8).toFixed(1),
      );
    }
  }

  /** Who partners record beside the people they hold facts about, once every problem is planted. */
  cover(household: Household): void {
    const { random } = this.timeline;
    const members = household.members;
    const adults = members.filter((person) => this.timeline.age(person) >= 18);
    const children = members.filter((person) => this.timeline.age(person) < 18);
    const holds = (person: Person, source: string): boolean =>
      person.facts.some((fact) => fact.source === source);

    const claimant = members.find((person) => holds(person, 'dwp'));
    if (claimant) {
      // A benefit claim covers the claimant's partner and dependent children.
      for (const person of members) {
        if (person === claimant) continue;
        const age = this.timeline.age(person);
        const partner =
          person.role === claimant.role && (person.role === 'parent' || person.role === 'partner');
        if (partner || (age < 16 && (claimant.role === 'parent' || claimant.role === 'adult')))
          person.knownTo.add('dwp');
      }
    }

    if (children.some((person) => holds(person, 'childrens_services'))) {
      for (const person of members) {
        if (person.role === 'parent' && random.chance(0.65)) person.knownTo.add('childrens_services');
        else if (person.role === 'child' && random.chance(0.4)) person.knownTo.add('childrens_services');
      }
    }

    const homeless = members.some((person) =>
      person.facts.some((fact) => fact.code === 'housing.homeless' && fact.end === null),
    );
    if (household.tenure === 'social_rent' || homeless) {
      const tenants = adults.filter(
        (person) => person.role !== 'adult_child' && person.role !== 'grandparent',
      );
      for (const tenant of tenants.slice(0, random.chance(0.6) ? 2 : 1)) tenant.knownTo.add('housing');
    }

    if (random.chance(0.975)) {
      const liable = adults.filter(
        (person) =>
          person.role === 'parent' ||
          person.role === 'partner' ||
          person.role === 'adult' ||
          person.role === 'sharer',
      );
      const payers = liable.length > 0 ? liable : adults;
      const count = payers.length > 1 && random.chance(0.65) ? 2 : 1;
      for (const payer of payers.slice(0, count)) payer.knownTo.add('council_tax');
    }
  }
}
