import {
  type AssessedFact,
  type CriteriaFramework,
  type Household,
  type HouseholdAssessment,
  HouseholdAssessor,
  type HouseholdMember,
  personDateOfBirth,
} from '../criteria/index.ts';
import {
  type IdentityRow,
  type LinkageRecord,
  type LinkOptions,
  type LinkResult,
  linkRecords,
  recordsFromRows,
} from '../linkage/index.ts';
import { formHouseholdColumns, type HouseholdRecord } from './form-households.ts';

/** A validated extract row as identification reads it: identity, address and at most one fact. */
export interface IdentificationRow extends IdentityRow {
  date_of_birth?: string | null;
  household_ref?: string | null;
  uprn?: string | null;
  address_line_1?: string | null;
  postcode?: string | null;
  fact: string | null;
  fact_start: string | null;
  fact_end: string | null;
  fact_value: number | null;
}

/** One source's rows, in file order; sources are given in upload order. */
export interface IdentificationInput<R extends IdentificationRow = IdentificationRow> {
  source: string;
  rows: readonly R[];
}

/** Where a fact came from when the caller says nothing else: the line of its extract file, if the row has one. */
export interface ExtractLine {
  line?: number;
}

/** A fact as evidence: the assessed fact and what its caller keeps of the row, to name the row it came from. */
export type IdentifiedFact<P extends object = ExtractLine> = AssessedFact & P;

export interface IdentifiedRecord {
  source: string;
  recordId: string;
  personId: string;
  familyId: string;
}

export interface Identification<F extends AssessedFact = IdentifiedFact> {
  /** Every record of the inputs, in input order, with its person and family. */
  records: IdentifiedRecord[];
  /** Each family (household) and its assessment, in order of first record. */
  families: Map<string, { household: Household<F>; assessment: HouseholdAssessment<F> }>;
  linkage: LinkResult;
}

/** The steps after linkage: households are formed, then assessed. */
export type FamilyStage = 'households' | 'assess';

export interface IdentifyOptions<
  R extends IdentificationRow = IdentificationRow,
  P extends object = ExtractLine,
> {
  framework: CriteriaFramework;
  /** The assessment date D (YYYY-MM-DD). */
  asOf: string;
  linkage?: Omit<LinkOptions, 'existing'>;
  /**
   * Incremental linking: the person of each record already linked and unchanged since. Those records keep their
   * people, and only the others are linked, against them and each other, with `linkage.model` as it is.
   */
  linkedBefore?: (source: string, recordId: string) => string | undefined;
  /** What each fact keeps of its row, so evidence names the row itself (default: the row's `line`). */
  provenanceOf?: (row: R, source: string) => P;
  onStage?: (stage: FamilyStage) => void;
}

const extractLineOf = (row: IdentificationRow): ExtractLine =>
  'line' in row && typeof row.line === 'number' ? { line: row.line } : {};

/** A household's id is named after its first person in id order: `P3f…` makes family `F3f…`. */
const familyIdOf = (householdId: string): string => `F${householdId.replace(/^P/, '')}`;

/**
 * Finds the families: links the records of every input into people, then forms and assesses their
 * households (`assessFamilies`). Each fact keeps what `provenanceOf` takes of its row.
 */
export function identifyFamilies<R extends IdentificationRow, P extends object = ExtractLine>(
  inputs: readonly IdentificationInput<R>[],
  options: IdentifyOptions<R, P>,
): Identification<IdentifiedFact<P>> {
  // Records linked before come first: linking incrementally pairs only what follows them.
  const known: { record: LinkageRecord; personId: string }[] = [];
  const added: LinkageRecord[] = [];
  for (const input of inputs) {
    for (const record of recordsFromRows(input.source, input.rows)) {
      const personId = options.linkedBefore?.(input.source, record.recordId);
      if (personId === undefined) added.push(record);
      else known.push({ record, personId });
    }
  }
  const linkageRecords = [...known.map((entry) => entry.record), ...added];
  const recordIndex = new Map<string, number>();
  for (const [index, record] of linkageRecords.entries())
    recordIndex.set(`${record.source}\u0000${record.recordId}`, index);
  if (known.length > 0 && !options.linkage?.model)
    throw new Error('Linking incrementally needs the trained model the records were linked with.');
  const linkage =
    known.length === 0
      ? linkRecords(linkageRecords, options.linkage ?? {})
      : linkRecords(linkageRecords, {
          ...options.linkage,
          train: false,
          existing: { count: known.length, personIds: known.map((entry) => entry.personId) },
        });
  const personOf = (source: string, recordId: string): string =>
    linkage.personIds[recordIndex.get(`${source}\u0000${recordId}`)!]!;
  return { ...assessFamilies(inputs, personOf, options), linkage };
}

/**
 * Forms households of people by the reference rule (spec/criteria.md), takes each person's date of birth
 * and facts from their rows, and assesses every household against the framework at D. `personOf` says
 * whose each record is: the linkage's answer, or a known truth. Written for a county of a million people:
 * people are numbered, each row is looked at a fixed number of times, and little is allocated per row.
 */
export function assessFamilies<R extends IdentificationRow, P extends object = ExtractLine>(
  inputs: readonly IdentificationInput<R>[],
  personOf: (source: string, recordId: string) => string,
  options: Pick<IdentifyOptions<R, P>, 'framework' | 'asOf' | 'provenanceOf' | 'onStage'>,
): Omit<Identification<IdentifiedFact<P>>, 'linkage'> {
  // Without a provenanceOf, P is its default: the extract line.
  const provenanceOf = options.provenanceOf ?? (extractLineOf as unknown as (row: R, source: string) => P);
  options.onStage?.('households');
  // Whose each row is, asked once per run of a record's rows (a record's rows usually follow each other);
  // people are numbered in order of first appearance, as household formation numbers them.
  const numberOf = new Map<string, number>();
  const numberedIds: string[] = [];
  const rowPeople = inputs.map(({ source, rows }) => {
    const people = new Int32Array(rows.length);
    let recordId: string | undefined;
    let person = -1;
    for (let index = 0; index < rows.length; index++) {
      const row = rows[index]!;
      if (row.record_id !== recordId) {
        recordId = row.record_id;
        const personId = personOf(source, recordId);
        const known = numberOf.get(personId);
        if (known === undefined) {
          person = numberedIds.length;
          numberOf.set(personId, person);
          numberedIds.push(personId);
        } else person = known;
      }
      people[index] = person;
    }
    return people;
  });

  // formHouseholdColumns reads each record as it is given and keeps none: one object serves every row.
  const shown: HouseholdRecord = { source: '', record_id: '', person_id: '' };
  const { personIds, householdIds: householdOfNumber } = formHouseholdColumns(
    (function* () {
      for (let input = 0; input < inputs.length; input++) {
        const { source, rows } = inputs[input]!;
        const people = rowPeople[input]!;
        shown.source = source;
        for (let index = 0; index < rows.length; index++) {
          const row = rows[index]!;
          shown.record_id = row.record_id;
          shown.person_id = numberedIds[people[index]!]!;
          shown.household_ref = row.household_ref;
          shown.uprn = row.uprn;
          shown.address_line_1 = row.address_line_1;
          shown.postcode = row.postcode;
          yield shown;
        }
      }
    })(),
  );
  // Household formation numbers people as they first appear too; should it ever differ, map its order onto ours.
  const householdIds = personIds.every((id, index) => id === numberedIds[index])
    ? householdOfNumber
    : (() => {
        const householdOf = new Map(personIds.map((id, index) => [id, householdOfNumber[index]!]));
        return numberedIds.map((id) => householdOf.get(id)!);
      })();
  const familyIds = new Map<string, string>();
  const familyOfPerson = householdIds.map((householdId) => {
    let familyId = familyIds.get(householdId);
    if (familyId === undefined) {
      familyId = familyIdOf(householdId);
      familyIds.set(householdId, familyId);
    }
    return familyId;
  });

  options.onStage?.('assess');
  // A person's date of birth needs counting only when their rows disagree; most have one value or none.
  const firstBirth = new Array<string | null>(numberedIds.length).fill(null);
  const disagreeing = new Set<number>();
  const facts = new Array<IdentifiedFact<P>[] | undefined>(numberedIds.length);
  const records: IdentifiedRecord[] = [];
  for (let input = 0; input < inputs.length; input++) {
    const { source, rows } = inputs[input]!;
    const people = rowPeople[input]!;
    const seen = new Set<string>();
    let lastRecordId: string | undefined;
    for (let index = 0; index < rows.length; index++) {
      const row = rows[index]!;
      const person = people[index]!;
      if (row.record_id !== lastRecordId && !seen.has(row.record_id)) {
        seen.add(row.record_id);
        records.push({
          source,
          recordId: row.record_id,
          personId: numberedIds[person]!,
          familyId: familyOfPerson[person]!,
        });
      }
      lastRecordId = row.record_id;
      const birth = row.date_of_birth;
      if (birth) {
        const first = firstBirth[person];
        if (first === null) firstBirth[person] = birth;
        else if (first !== birth) disagreeing.add(person);
      }
      if (row.fact && row.fact_start) {
        const fact: IdentifiedFact<P> = {
          source,
          record_id: row.record_id,
          code: row.fact,
          start: row.fact_start,
          end: row.fact_end,
          value: row.fact_value,
          ...provenanceOf(row, source),
        };
        const list = facts[person];
        if (list) list.push(fact);
        else facts[person] = [fact];
      }
    }
  }
  const birthOf = firstBirth;
  if (disagreeing.size > 0) {
    // Their rows again, in upload order: the tie-break is the latest row of the latest upload.
    const rowsOf = new Map<number, { date_of_birth?: string | null }[]>();
    for (const person of disagreeing) rowsOf.set(person, []);
    inputs.forEach(({ rows }, input) => {
      const people = rowPeople[input]!;
      for (let index = 0; index < rows.length; index++) {
        rowsOf.get(people[index]!)?.push(rows[index]!);
      }
    });
    for (const [person, rows] of rowsOf) birthOf[person] = personDateOfBirth(rows);
  }

  const members = new Map<string, HouseholdMember<IdentifiedFact<P>>[]>();
  for (let person = 0; person < numberedIds.length; person++) {
    const familyId = familyOfPerson[person]!;
    const member = {
      personId: numberedIds[person]!,
      dateOfBirth: birthOf[person]!,
      facts: facts[person] ?? [],
    };
    const list = members.get(familyId);
    if (list) list.push(member);
    else members.set(familyId, [member]);
  }

  const assessor = new HouseholdAssessor(options.framework, options.asOf);
  const families: Identification<IdentifiedFact<P>>['families'] = new Map();
  for (const [familyId, list] of members) {
    const household = { id: familyId, members: list };
    families.set(familyId, { household, assessment: assessor.assess(household) });
  }
  return { records, families };
}
