/** The true people and households of a synthetic county, before any partner records them. */
import type { Address } from './dwellings.ts';
import type { Heritage, Sex } from './heritage.ts';
import type { SourceName } from './sources.ts';

export type HouseholdShape =
  | 'single'
  | 'older_single'
  | 'couple'
  | 'older_couple'
  | 'couple_with_children'
  | 'couple_with_adult_children'
  | 'lone_parent'
  | 'lone_parent_with_adult_children'
  | 'three_generations'
  | 'shared_house';

export type Role = 'parent' | 'partner' | 'adult' | 'child' | 'adult_child' | 'grandparent' | 'sharer';

/** A fact a partner holds about a person (day numbers; `end` null while ongoing or for an event). */
export interface PlannedFact {
  source: SourceName;
  code: string;
  start: number;
  end: number | null;
  /** As written in fact_value: a plain decimal, or empty. */
  value: string;
}

export interface Person {
  id: string;
  household: Household;
  given: string;
  /** Middle name(s), or empty. */
  middle: string;
  family: string;
  /** The surname at birth when marriage changed it (older records may still hold it); else empty. */
  birthFamily: string;
  /** When the surname changed (a day), or 0. */
  nameChanged: number;
  sex: Sex;
  /** Date of birth as a day number. */
  born: number;
  heritage: Heritage;
  nhsNumber: string;
  role: Role;
  facts: PlannedFact[];
  /** Sources that hold a record of this person even with no fact (pupils, tenants, claim members). */
  knownTo: Set<SourceName>;
}

export interface Household {
  id: string;
  index: number;
  shape: HouseholdShape;
  heritage: Heritage;
  address: Address;
  /** Where the household lived before it moved here, if it moved in the last few years. */
  previous: Address | null;
  movedIn: number;
  tenure: 'owned' | 'private_rent' | 'social_rent';
  members: Person[];
  /** A parent of the children who lives in another household of the county. */
  otherParent: Person | null;
}
