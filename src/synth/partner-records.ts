/**
 * Writes what each partner knows of a household as rows of its extract: one record per person
 * (now and then two), identity as that partner holds it, a row per fact or one identity-only row;
 * and the truth of every record beside it.
 */
import { lookupFactCode } from '../facts/vocabulary.ts';
import { isoOf } from './calendar.ts';
import type { Address } from './dwellings.ts';
import { type CsvFileWriter, csvField } from './extract-writer.ts';
import {
  addressLines,
  hasNickname,
  impossibleBirthDate,
  mistypedBirthDate,
  mistypedPostcode,
  nickname,
  punctuationVariant,
  typo,
  withoutAccents,
} from './identity-noise.ts';
import { mistypedNhsNumber, spacedNhsNumber } from './nhs-numbers.ts';
import type { Household, Person, PlannedFact } from './population.ts';
import type { SeededRandom } from './random.ts';
import { type SourceProfile, sourceProfiles } from './source-profiles.ts';
import { type SourceName, sourceNames } from './sources.ts';
import type { Worker, WorkerRoster } from './workers.ts';

/**
 * Rows and records of one extract, and the rows whose identity values were written invalid on
 * purpose: ingest drops each such value with a warning and keeps the row.
 */
export interface SourceCounts {
  rows: number;
  records: number;
  rowsWithInvalidNhsNumber: number;
  rowsWithImpossibleDateOfBirth: number;
  rowsWithUprnNotDigits: number;
  /** Rows per fact code: what an agreement for this source must cover. */
  factCodes: Record<string, number>;
}

interface RecordedName {
  nhsNumber: string;
  given: string;
  family: string;
  dateOfBirth: string;
  sex: string;
  invalidNhsNumber: boolean;
  impossibleDateOfBirth: boolean;
}

interface RecordedAddress {
  line1: string;
  line2: string;
  town: string;
  postcode: string;
  uprn: string;
  uprnNotDigits: boolean;
}

const noAddress: RecordedAddress = {
  line1: '',
  line2: '',
  town: '',
  postcode: '',
  uprn: '',
  uprnNotDigits: false,
};
const nonAscii = /[^\u0000-\u007f]/;
const impossibleDateShare = 0.0002;
const spreadsheetUprnShare = 0.0005;

export class PartnerRecorder {
  readonly counts: Record<SourceName, SourceCounts>;
  private readonly random: SeededRandom;
  private readonly asOf: number;
  private readonly latestBirth: number;
  private readonly roster: WorkerRoster;
  private readonly extracts: Record<SourceName, CsvFileWriter>;
  private readonly truth: CsvFileWriter;
  private readonly nextRecord: Record<SourceName, number>;
  private readonly nextReference: Record<SourceName, number>;
  /** Each kind of invalid value is owed once at the start, so even a small county has one of each. */
  private readonly owed = { nhsNumber: true, dateOfBirth: true, uprn: true };

  constructor(
    random: SeededRandom,
    asOf: number,
    roster: WorkerRoster,
    extracts: Record<SourceName, CsvFileWriter>,
    truth: CsvFileWriter,
  ) {
    this.random = random;
    this.asOf = asOf;
    this.latestBirth = asOf;
    this.roster = roster;
    this.extracts = extracts;
    this.truth = truth;
    const each = <T>(make: () => T): Record<SourceName, T> =>
      Object.fromEntries(sourceNames.map((source) => [source, make()])) as Record<SourceName, T>;
    this.counts = each(() => ({
      rows: 0,
      records: 0,
      rowsWithInvalidNhsNumber: 0,
      rowsWithImpossibleDateOfBirth: 0,
      rowsWithUprnNotDigits: 0,
      factCodes: {},
    }));
    this.nextRecord = each(() => 10_000 + random.below(90_000));
    this.nextReference = each(() => 1_000 + random.below(9_000));
  }

  recordHousehold(household: Household): void {
    const references = new Map<SourceName, string>();
    const workers = new Map<SourceName, Worker | undefined>();
    for (const person of household.members) {
      const factsBySource = new Map<SourceName, PlannedFact[]>();
      for (const fact of person.facts) {
        const list = factsBySource.get(fact.source);
        if (list) list.push(fact);
        else factsBySource.set(fact.source, [fact]);
      }
      for (const source of sourceNames) {
        const facts = factsBySource.get(source) ?? [];
        if (facts.length === 0 && !person.knownTo.has(source)) continue;
        if (facts.length > 1) facts.sort((a, b) => a.start - b.start);
        const profile = sourceProfiles[source];
        let reference = '';
        if (profile.householdRefPrefix !== '' && this.random.chance(profile.householdRefShare)) {
          reference = references.get(source) ?? this.newReference(source, profile);
          references.set(source, reference);
        }
        if (!workers.has(source)) workers.set(source, this.roster.pick(source, this.random));
        if (this.random.chance(profile.duplicate)) {
          // The same person held twice by one partner: each record has some of the facts.
          const split = this.random.below(facts.length + 1);
          this.record(person, source, profile, facts.slice(0, split), reference, workers.get(source));
          this.record(person, source, profile, facts.slice(split), reference, workers.get(source));
        } else {
          this.record(person, source, profile, facts, reference, workers.get(source));
        }
      }
    }
  }

  private record(
    person: Person,
    source: SourceName,
    profile: SourceProfile,
    facts: PlannedFact[],
    reference: string,
    worker: Worker | undefined,
  ): void {
    const { random } = this;
    const household = person.household;
    const counts = this.counts[source];
    this.nextRecord[source] += 1 + (random.chance(0.2) ? random.below(6) : 0);
    const recordId = `${profile.recordPrefix}${String(this.nextRecord[source]).padStart(profile.digits, '0')}`;
    const name = this.recordedName(person, profile);
    const current = this.recordedAddress(household.address, profile);
    let previous: RecordedAddress | undefined;
    let previousUntil = 0;
    if (household.previous && random.chance(profile.oldAddress)) {
      previous = this.recordedAddress(household.previous, profile);
      // Some partners never heard of the move; others hold the old address on rows from before it.
      previousUntil = facts.length > 1 && random.chance(0.4) ? household.movedIn : Number.POSITIVE_INFINITY;
    }
    const involved =
      profile.leadWorker === 'everyone' ||
      (profile.leadWorker === 'involved' && facts.some((fact) => this.isInvolvement(fact)));
    const lead = involved && worker ? `${csvField(worker.name)},${csvField(worker.contact)}` : ',';
    const identity = `${recordId},${name.nhsNumber},${csvField(name.given)},${csvField(name.family)},${name.dateOfBirth},${name.sex},`;
    const ending = `${reference},${lead}`;
    const extract = this.extracts[source];
    const line = (address: RecordedAddress, fact: string): void => {
      extract.line(
        `${identity}${csvField(address.line1)},${csvField(address.line2)},${csvField(address.town)},${address.postcode},${address.uprn},${ending},${fact}`,
      );
      counts.rows++;
      if (name.invalidNhsNumber) counts.rowsWithInvalidNhsNumber++;
      if (name.impossibleDateOfBirth) counts.rowsWithImpossibleDateOfBirth++;
      if (address.uprnNotDigits) counts.rowsWithUprnNotDigits++;
    };
    if (facts.length === 0)
      line(previous && previousUntil === Number.POSITIVE_INFINITY ? previous : current, ',,,');
    for (const fact of facts) {
      const address = previous && fact.start < previousUntil ? previous : current;
      counts.factCodes[fact.code] = (counts.factCodes[fact.code] ?? 0) + 1;
      line(
        address,
        `${fact.code},${isoOf(fact.start)},${fact.end === null ? '' : isoOf(fact.end)},${fact.value}`,
      );
    }
    counts.records++;
    this.truth.line(`${source},${recordId},${person.id},${household.id}`);
  }

  /** A state running at D or an event in the last year: a worker is then on the case. */
  private isInvolvement(fact: PlannedFact): boolean {
    if (fact.code === 'education.absence')
      return Number(fact.value) >= 10 && (fact.end ?? this.asOf) > this.asOf - 365;
    if (fact.code === 'work.employment') return false;
    if (lookupFactCode(fact.code)?.kind === 'event') return fact.start > this.asOf - 365;
    return fact.end === null || fact.end >= this.asOf;
  }

  private newReference(source: SourceName, profile: SourceProfile): string {
    this.nextReference[source] += 1 + this.random.below(3);
    return `${profile.householdRefPrefix}${String(this.nextReference[source]).padStart(7, '0')}`;
  }

  private recordedName(person: Person, profile: SourceProfile): RecordedName {
    const { random } = this;
    let given = person.given;
    if (random.chance(profile.nickname) && hasNickname(given)) given = nickname(given, random);
    if (person.middle !== '' && random.chance(profile.middleName)) given = `${given} ${person.middle}`;
    if (random.chance(profile.initialOnly)) given = given.charAt(0);
    else if (random.chance(profile.typo)) given = typo(given, random);
    let family = person.family;
    if (person.birthFamily !== '') {
      const recentlyChanged = this.asOf - person.nameChanged < 3 * 365;
      if (random.chance(recentlyChanged ? profile.oldSurname : profile.oldSurname / 6))
        family = person.birthFamily;
    }
    if (random.chance(0.2)) family = punctuationVariant(family, random);
    if (random.chance(profile.typo)) family = typo(family, random);
    if (random.chance(profile.swappedNames)) [given, family] = [family, given];
    if ((nonAscii.test(given) || nonAscii.test(family)) && !random.chance(profile.keepsAccents)) {
      given = withoutAccents(given);
      family = withoutAccents(family);
    }
    if (profile.letterCase === 'upper') {
      given = given.toUpperCase();
      family = family.toUpperCase();
    } else if (profile.letterCase === 'family_upper') family = family.toUpperCase();

    let dateOfBirth = '';
    let impossibleDateOfBirth = false;
    if (random.chance(profile.dateOfBirth)) {
      if (random.chance(impossibleDateShare) || (this.owed.dateOfBirth && profile.dateOfBirthSlip > 0.01)) {
        this.owed.dateOfBirth = false;
        dateOfBirth = impossibleBirthDate(person.born, random);
        impossibleDateOfBirth = true;
      } else if (random.chance(profile.dateOfBirthSlip))
        dateOfBirth = mistypedBirthDate(person.born, this.latestBirth, random);
      else dateOfBirth = isoOf(person.born);
    }
    const sex = random.chance(profile.sex) ? (random.chance(0.003) ? 'U' : person.sex) : '';

    let nhsNumber = '';
    let invalidNhsNumber = false;
    const nhsShare =
      person.role === 'child' ? profile.nhsNumber : profile.nhsNumber * (profile.nhsNumber > 0.9 ? 1 : 0.4);
    if (random.chance(nhsShare)) {
      nhsNumber = person.nhsNumber;
      if (random.chance(profile.nhsNumberMistyped) || (this.owed.nhsNumber && profile.nhsNumber > 0.9)) {
        this.owed.nhsNumber = false;
        nhsNumber = mistypedNhsNumber(nhsNumber, random);
        invalidNhsNumber = true;
      }
      if (random.chance(profile.nhsNumberSpaced)) nhsNumber = spacedNhsNumber(nhsNumber);
    }
    return { nhsNumber, given, family, dateOfBirth, sex, invalidNhsNumber, impossibleDateOfBirth };
  }

  private recordedAddress(address: Address, profile: SourceProfile): RecordedAddress {
    const { random } = this;
    if (random.chance(profile.noAddress)) return noAddress;
    const lines = addressLines(
      address,
      random.chance(profile.streetAbbreviated),
      random.chance(profile.locality),
      random,
    );
    let town = random.chance(profile.town) ? address.town : '';
    let postcode = '';
    if (random.chance(profile.postcode)) {
      postcode = address.postcode;
      const style = random.next();
      if (style < profile.postcodeWrong) postcode = mistypedPostcode(postcode, random);
      else if (style < profile.postcodeWrong + profile.postcodeCompact) postcode = postcode.replace(' ', '');
      else if (style < profile.postcodeWrong + profile.postcodeCompact + profile.postcodeLower)
        postcode = postcode.toLowerCase();
    }
    let uprn = address.uprn !== '' && random.chance(profile.uprn) ? address.uprn : '';
    let uprnNotDigits = false;
    if (uprn !== '' && profile.uprn > 0.9 && (random.chance(spreadsheetUprnShare) || this.owed.uprn)) {
      this.owed.uprn = false;
      // A spreadsheet turned the UPRN into a number in scientific notation.
      uprn = `${uprn.charAt(0)}.${uprn.slice(1, 3)}E+${uprn.length - 1}`;
      uprnNotDigits = true;
    }
    if (profile.letterCase === 'upper') {
      lines.line1 = lines.line1.toUpperCase();
      lines.line2 = lines.line2.toUpperCase();
      town = town.toUpperCase();
    }
    return { line1: lines.line1, line2: lines.line2, town, postcode, uprn, uprnNotDigits };
  }
}
