/**
 * How each partner records people: which identity fields it holds and how well, its letter case,
 * its identifiers and groupings, and how stale its addresses and surnames get. Shares are per record.
 */
import type { SourceName } from './sources.ts';

export interface SourceProfile {
  /** `record_id` is this prefix and a zero-padded number of `digits` digits. */
  recordPrefix: string;
  digits: number;
  /** Prefix of `household_ref` (a claim, case, tenancy, account, family link), or '' for none. */
  householdRefPrefix: string;
  householdRefShare: number;
  nhsNumber: number;
  nhsNumberSpaced: number;
  nhsNumberMistyped: number;
  uprn: number;
  dateOfBirth: number;
  /** Share of dates of birth with a slip (a digit off, day and month swapped). */
  dateOfBirthSlip: number;
  sex: number;
  letterCase: 'as_given' | 'upper' | 'family_upper';
  keepsAccents: number;
  nickname: number;
  typo: number;
  swappedNames: number;
  /** Share of people with a middle name whose given_name includes it. */
  middleName: number;
  /** Share of given names recorded as an initial. */
  initialOnly: number;
  /** Share of records of a person whose surname changed in the last three years that still hold the old one. */
  oldSurname: number;
  /** Share of records of a household that moved that still hold the previous address. */
  oldAddress: number;
  streetAbbreviated: number;
  locality: number;
  town: number;
  postcode: number;
  postcodeCompact: number;
  postcodeLower: number;
  postcodeWrong: number;
  /** No fixed or disclosed address (a refuge's address is never shared). */
  noAddress: number;
  /** Chance a person has a second record in the same source. */
  duplicate: number;
  /** Who has a lead worker: nobody, people with a current involvement, or everyone. */
  leadWorker: 'none' | 'involved' | 'everyone';
}

const base: SourceProfile = {
  recordPrefix: '',
  digits: 7,
  householdRefPrefix: '',
  householdRefShare: 0,
  nhsNumber: 0,
  nhsNumberSpaced: 0.3,
  nhsNumberMistyped: 0.004,
  uprn: 0,
  dateOfBirth: 0.98,
  dateOfBirthSlip: 0.006,
  sex: 0.98,
  letterCase: 'as_given',
  keepsAccents: 0.4,
  nickname: 0.02,
  typo: 0.01,
  swappedNames: 0.003,
  middleName: 0.15,
  initialOnly: 0,
  oldSurname: 0.15,
  oldAddress: 0.12,
  streetAbbreviated: 0.25,
  locality: 0.4,
  town: 0.93,
  postcode: 0.98,
  postcodeCompact: 0.1,
  postcodeLower: 0.01,
  postcodeWrong: 0.003,
  noAddress: 0,
  duplicate: 0,
  leadWorker: 'everyone',
};

export const sourceProfiles: Record<SourceName, SourceProfile> = {
  police: {
    ...base,
    recordPrefix: 'NP',
    digits: 8,
    uprn: 0.35,
    dateOfBirth: 0.97,
    dateOfBirthSlip: 0.015,
    sex: 0.99,
    letterCase: 'family_upper',
    keepsAccents: 0.15,
    nickname: 0.05,
    typo: 0.02,
    swappedNames: 0.005,
    middleName: 0.3,
    oldSurname: 0.3,
    oldAddress: 0.35,
    streetAbbreviated: 0.3,
    locality: 0.3,
    town: 0.9,
    postcode: 0.93,
    postcodeCompact: 0.15,
    postcodeLower: 0.02,
    postcodeWrong: 0.006,
    noAddress: 0.015,
    duplicate: 0.008,
    leadWorker: 'involved',
  },
  schools: {
    ...base,
    recordPrefix: 'A93',
    digits: 10,
    householdRefPrefix: 'SF',
    householdRefShare: 0.6,
    nhsNumber: 0.12,
    uprn: 0.5,
    dateOfBirth: 1,
    dateOfBirthSlip: 0.003,
    sex: 1,
    keepsAccents: 0.5,
    nickname: 0.04,
    typo: 0.008,
    swappedNames: 0.002,
    middleName: 0.15,
    oldSurname: 0.1,
    oldAddress: 0.08,
    streetAbbreviated: 0.15,
    locality: 0.5,
    town: 0.95,
    postcode: 0.99,
    postcodeCompact: 0.05,
    leadWorker: 'involved',
  },
  dwp: {
    ...base,
    recordPrefix: 'DWP',
    digits: 9,
    householdRefPrefix: 'UC',
    householdRefShare: 1,
    dateOfBirth: 1,
    dateOfBirthSlip: 0.002,
    sex: 0.99,
    letterCase: 'upper',
    keepsAccents: 0,
    nickname: 0.005,
    typo: 0.006,
    middleName: 0.5,
    oldSurname: 0.05,
    oldAddress: 0.08,
    streetAbbreviated: 0.4,
    locality: 0.2,
    town: 0.97,
    postcode: 0.99,
    postcodeCompact: 0.3,
    leadWorker: 'involved',
  },
  childrens_services: {
    ...base,
    recordPrefix: 'CS',
    householdRefPrefix: 'FAM',
    householdRefShare: 0.9,
    nhsNumber: 0.3,
    uprn: 0.7,
    dateOfBirth: 0.95,
    typo: 0.012,
    nickname: 0.03,
    middleName: 0.2,
    keepsAccents: 0.6,
    oldAddress: 0.15,
  },
  health: {
    ...base,
    recordPrefix: 'RX',
    digits: 8,
    nhsNumber: 0.985,
    nhsNumberMistyped: 0.005,
    uprn: 0.1,
    dateOfBirth: 1,
    dateOfBirthSlip: 0.003,
    sex: 0.995,
    letterCase: 'family_upper',
    keepsAccents: 0.5,
    nickname: 0.01,
    typo: 0.006,
    middleName: 0.4,
    oldSurname: 0.2,
    oldAddress: 0.15,
    postcodeCompact: 0.2,
    duplicate: 0.004,
  },
  housing: {
    ...base,
    recordPrefix: 'HP',
    householdRefPrefix: 'TEN',
    householdRefShare: 1,
    uprn: 0.99,
    dateOfBirth: 0.88,
    sex: 0.8,
    typo: 0.01,
    middleName: 0.1,
    oldSurname: 0.1,
    oldAddress: 0,
    streetAbbreviated: 0.3,
    locality: 0.3,
  },
  domestic_abuse: {
    ...base,
    recordPrefix: 'DA',
    digits: 6,
    householdRefPrefix: 'MARAC',
    householdRefShare: 1,
    uprn: 0.2,
    dateOfBirth: 0.8,
    dateOfBirthSlip: 0.012,
    sex: 0.95,
    nickname: 0.04,
    typo: 0.015,
    swappedNames: 0.005,
    middleName: 0.1,
    oldSurname: 0.2,
    oldAddress: 0.2,
    town: 0.85,
    postcode: 0.88,
    noAddress: 0.08,
  },
  council_tax: {
    ...base,
    recordPrefix: 'CTP',
    digits: 8,
    householdRefPrefix: 'CTA',
    householdRefShare: 1,
    uprn: 1,
    dateOfBirth: 0.25,
    sex: 0.3,
    keepsAccents: 0.3,
    nickname: 0.02,
    typo: 0.008,
    swappedNames: 0.002,
    middleName: 0.1,
    initialOnly: 0.015,
    oldSurname: 0.05,
    oldAddress: 0,
    streetAbbreviated: 0.05,
    locality: 0.6,
    town: 1,
    postcode: 1,
    postcodeCompact: 0,
    postcodeLower: 0,
    postcodeWrong: 0.001,
    duplicate: 0,
    leadWorker: 'none',
  },
};
