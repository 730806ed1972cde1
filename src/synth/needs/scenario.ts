/** A way one problem shows in partner data: applied to a household, or not when nobody in it fits. */
import type { Household } from '../population.ts';
import type { Timeline } from './timeline.ts';

export type Domain = 'crime' | 'education' | 'children' | 'work' | 'dv' | 'health' | 'housing';

export interface Scenario {
  /** `domain.what`, e.g. `crime.offence_a_year_ago_to_the_day`. */
  name: string;
  domain: Domain;
  /** Whether the facts meet the domain's tf-2015 (or, for housing, sf-2022) indicator at D. */
  meets: boolean;
  /** How often it is chosen, relative to the others of its domain. */
  weight: number;
  apply(household: Household, timeline: Timeline): boolean;
}
