/**
 * Decides which problems each household has and how they show in partner data. Most households
 * have none; a few percent of families have two or more. Every scenario, including each near
 * miss at a threshold, is used once before any is used twice, so even a small county has them all.
 */
import type { Household } from '../population.ts';
import { WeightedList } from '../random.ts';
import { childrenScenarios } from './children.ts';
import { crimeScenarios } from './crime.ts';
import { domesticAbuseScenarios } from './domestic-abuse.ts';
import { educationScenarios } from './education.ts';
import { healthScenarios } from './health.ts';
import { housingScenarios } from './housing.ts';
import type { Domain, Scenario } from './scenario.ts';
import type { Timeline } from './timeline.ts';
import { workScenarios } from './work.ts';

export const scenarios: readonly Scenario[] = [
  ...crimeScenarios,
  ...educationScenarios,
  ...childrenScenarios,
  ...workScenarios,
  ...domesticAbuseScenarios,
  ...healthScenarios,
  ...housingScenarios,
];

const domains: readonly Domain[] = ['work', 'education', 'health', 'children', 'crime', 'dv', 'housing'];
const familyDomains = new WeightedList(domains, [0.26, 0.2, 0.17, 0.13, 0.11, 0.08, 0.05]);
const adultDomains = new WeightedList(domains, [0.32, 0, 0.3, 0.03, 0.15, 0.1, 0.1]);
// How many problems a household has: families with children, and everyone else.
const familyProblems = new WeightedList([0, 1, 2, 3, 4], [0.715, 0.235, 0.034, 0.012, 0.004]);
const adultProblems = new WeightedList([0, 1, 2, 3], [0.87, 0.11, 0.016, 0.004]);
const nearMissChance = 0.09;

export class NeedsPlanner {
  private readonly timeline: Timeline;
  /** How many times each scenario has been applied, by name. */
  readonly uses = new Map<string, number>(scenarios.map((scenario) => [scenario.name, 0]));
  private unused = scenarios.length;
  private readonly byDomain = new Map<string, { list: Scenario[]; weights: WeightedList<Scenario> }>();

  constructor(timeline: Timeline) {
    this.timeline = timeline;
    for (const domain of domains) {
      for (const meets of [true, false]) {
        const list = scenarios.filter((scenario) => scenario.domain === domain && scenario.meets === meets);
        if (list.length > 0) {
          this.byDomain.set(`${domain}:${meets}`, {
            list,
            weights: new WeightedList(
              list,
              list.map((scenario) => scenario.weight),
            ),
          });
        }
      }
    }
  }

  plan(household: Household): void {
    const { random } = this.timeline;
    // Until every scenario has been used once, households get more of them, so small counties have all.
    const catchingUp = this.unused > 0;
    const family = household.members.some((person) => this.timeline.age(person) < 18);
    const wanted =
      (family ? familyProblems : adultProblems).draw(random) + (catchingUp && random.chance(0.3) ? 1 : 0);
    const domainList = family ? familyDomains : adultDomains;
    const met = new Set<Domain>();
    for (let attempt = 0; met.size < wanted && attempt < wanted * 4; attempt++) {
      const domain =
        (catchingUp && random.chance(0.5) && this.domainWithUnused(true)) || domainList.draw(random);
      if (!met.has(domain) && this.applyOne(domain, true, household)) met.add(domain);
    }
    if (random.chance(catchingUp ? 0.5 : nearMissChance)) {
      const domain =
        (catchingUp && random.chance(0.5) && this.domainWithUnused(false)) || domainList.draw(random);
      if (!met.has(domain)) this.applyOne(domain, false, household);
    }
  }

  private domainWithUnused(meets: boolean): Domain | undefined {
    return scenarios.find((scenario) => scenario.meets === meets && this.uses.get(scenario.name) === 0)
      ?.domain;
  }

  private applyOne(domain: Domain, meets: boolean, household: Household): boolean {
    const choices = this.byDomain.get(`${domain}:${meets}`);
    if (!choices) return false;
    for (const scenario of choices.list) {
      if (this.uses.get(scenario.name) === 0 && scenario.apply(household, this.timeline))
        return this.used(scenario);
    }
    for (let attempt = 0; attempt < 4; attempt++) {
      const scenario = choices.weights.draw(this.timeline.random);
      if (scenario.apply(household, this.timeline)) return this.used(scenario);
    }
    return false;
  }

  private used(scenario: Scenario): true {
    const uses = this.uses.get(scenario.name) ?? 0;
    if (uses === 0) this.unused--;
    this.uses.set(scenario.name, uses + 1);
    return true;
  }
}
