import { addressKey, writeAddressKey } from './address-key.ts';
import { DisjointSets } from './disjoint-sets.ts';
import { IntList } from './int-list.ts';
import { TextIndex } from './text-index.ts';

/** A linked record as household formation reads it: whose it is, and where and with whom the source places them. */
export interface HouseholdRecord {
  source: string;
  record_id: string;
  person_id: string;
  household_ref?: string | null;
  uprn?: string | null;
  address_line_1?: string | null;
  postcode?: string | null;
}

/** Every person given, and their household's id, in two lists of the same length. */
export interface HouseholdColumns {
  personIds: string[];
  householdIds: string[];
}

const present = (value: string | null | undefined): string | undefined => {
  if (!value) return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
};

/** A UPRN is a number: "00100023" and "100023" name one property. */
function uprnOf(value: string | null | undefined): string | undefined {
  let uprn = present(value);
  if (uprn === undefined || uprn.charCodeAt(0) !== 48) return uprn;
  uprn = uprn.replace(/^0+/, '');
  return uprn === '' ? '0' : uprn;
}

/** Joins each person to the first person seen with the same key. */
class FirstByKey {
  readonly #keys: TextIndex;
  readonly #first = new IntList();
  readonly #joins: IntList;
  // Consecutive records (a person's, a household's) often repeat a key: no need to look it up again.
  #lastKey: string | undefined;
  #lastId = -1;
  constructor(joins: IntList) {
    this.#keys = new TextIndex();
    this.#joins = joins;
  }
  add(key: string, person: number): void {
    let id = this.#lastId;
    if (key !== this.#lastKey) {
      id = this.#keys.add(key);
      this.#lastKey = key;
      this.#lastId = id;
    }
    if (id === this.#first.length) this.#first.push(person);
    else if (this.#first.at(id) !== person) {
      this.#joins.push(this.#first.at(id));
      this.#joins.push(person);
    }
  }
}

const keyCodes = new Uint16Array(1024);

/** Numbers address keys; consecutive records often repeat the last address, which is then not looked up again. */
class AddressNumbers {
  readonly index = new TextIndex();
  #lastLine: string | undefined;
  #lastPostcode: string | undefined;
  #lastNumber = -1;

  /** The number of a record's address key (numbering it when new), or -1 when it has none. */
  of(line: string | null | undefined, postcode: string | null | undefined): number {
    if (!line || !postcode) return -1;
    if (line === this.#lastLine && postcode === this.#lastPostcode) return this.#lastNumber;
    this.#lastLine = line;
    this.#lastPostcode = postcode;
    this.#lastNumber = this.#look(line, postcode);
    return this.#lastNumber;
  }

  #look(line: string, postcode: string): number {
    const written = writeAddressKey(line, postcode, keyCodes);
    if (written > 0) return this.index.addCodes(keyCodes, written);
    if (written === 0) return -1;
    const key = addressKey(line, postcode);
    return key === undefined ? -1 : this.index.add(key);
  }
}

/**
 * Households by the reference rule (criteria.md, "Families"): two people are in one household when,
 * within one source, records of both share a household_ref; or any of their records share a uprn; or
 * two records, at least one without a uprn, share the normalised first address line and postcode.
 * Households are the connected groups; everyone else is a household alone. A record may be given
 * once per identity variant (each counts). A household's id is the smallest (by code unit) person id
 * among its members, so the same people give the same id whatever the order of records.
 * Faster when each person's records come together.
 */
export function formHouseholdColumns(records: Iterable<HouseholdRecord>): HouseholdColumns {
  const people = new TextIndex();
  const joins = new IntList();
  const byHouseholdRef = new Map<string, FirstByKey>();
  const byUprn = new FirstByKey(joins);
  // Address matches wait until every record is seen: records with a uprn join on address only
  // when some record at that address has none.
  const addresses = new AddressNumbers();
  const addressWithoutUprn = new IntList();
  const addressOfRecord = new IntList();
  const personOfAddressRecord = new IntList();
  let lastPersonId: string | undefined;
  let person = -1;

  for (const record of records) {
    if (record.person_id !== lastPersonId) {
      lastPersonId = record.person_id;
      person = people.add(lastPersonId);
    }
    const householdRef = present(record.household_ref);
    if (householdRef !== undefined) {
      let ofSource = byHouseholdRef.get(record.source);
      if (!ofSource) {
        ofSource = new FirstByKey(joins);
        byHouseholdRef.set(record.source, ofSource);
      }
      ofSource.add(householdRef, person);
    }
    const uprn = uprnOf(record.uprn);
    if (uprn !== undefined) byUprn.add(uprn, person);
    const addressId = addresses.of(record.address_line_1, record.postcode);
    if (addressId >= 0) {
      if (addressId === addressWithoutUprn.length) addressWithoutUprn.push(0);
      if (uprn === undefined) addressWithoutUprn.set(addressId, 1);
      addressOfRecord.push(addressId);
      personOfAddressRecord.push(person);
    }
  }

  const personIds = people.texts;
  const households = new DisjointSets(personIds.length);
  for (let index = 0; index < joins.length; index += 2)
    households.union(joins.at(index), joins.at(index + 1));
  const firstAtAddress = new Int32Array(addressWithoutUprn.length).fill(-1);
  for (let index = 0; index < addressOfRecord.length; index++) {
    const addressId = addressOfRecord.at(index);
    if (addressWithoutUprn.at(addressId) === 0) continue;
    const atAddress = personOfAddressRecord.at(index);
    const first = firstAtAddress[addressId]!;
    if (first < 0) firstAtAddress[addressId] = atAddress;
    else households.union(first, atAddress);
  }

  const smallestId: (string | undefined)[] = new Array(personIds.length);
  const rootOf = new Int32Array(personIds.length);
  for (let index = 0; index < personIds.length; index++) {
    const root = households.find(index);
    rootOf[index] = root;
    const id = personIds[index]!;
    const smallest = smallestId[root];
    if (smallest === undefined || id < smallest) smallestId[root] = id;
  }
  const householdIds: string[] = new Array(personIds.length);
  for (let index = 0; index < personIds.length; index++) householdIds[index] = smallestId[rootOf[index]!]!;
  return { personIds, householdIds };
}

/** formHouseholdColumns as a map: person id -> household id. */
export function formHouseholds(records: Iterable<HouseholdRecord>): Map<string, string> {
  const { personIds, householdIds } = formHouseholdColumns(records);
  const householdOf = new Map<string, string>();
  for (let index = 0; index < personIds.length; index++)
    householdOf.set(personIds[index]!, householdIds[index]!);
  return householdOf;
}

/** The members of each household (household id -> person ids, in the order they were given). */
export function householdMembers(householdOf: ReadonlyMap<string, string>): Map<string, string[]> {
  const members = new Map<string, string[]>();
  for (const [person, household] of householdOf) {
    const list = members.get(household);
    if (list) list.push(person);
    else members.set(household, [person]);
  }
  return members;
}
