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
import { formHouseholds } from './form-households.ts';

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

/** A fact as evidence: where it came from, down to the line of the extract. */
export interface IdentifiedFact extends AssessedFact {
  line?: number;
}

export interface IdentifiedRecord {
  source: string;
  recordId: string;
  personId: string;
  familyId: string;
}

export interface Identification {
  /** Every record of the inputs, in input order, with its person and family. */
  records: IdentifiedRecord[];
  /** Each family (household) and its assessment, in order of first record. */
  families: Map<
    string,
    { household: Household<IdentifiedFact>; assessment: HouseholdAssessment<IdentifiedFact> }
  >;
  linkage: LinkResult;
}

export interface IdentifyOptions {
  framework: CriteriaFramework;
  /** The assessment date D (YYYY-MM-DD). */
  asOf: string;
  linkage?: Omit<LinkOptions, 'existing'>;
}

/** A household's id is named after its first person in id order: `P3f…` makes family `F3f…`. */
const familyIdOf = (householdId: string): string => `F${householdId.replace(/^P/, '')}`;

/**
 * Finds the families: links the records of every input into people, then forms and assesses their
 * households (`assessFamilies`).
 */
export function identifyFamilies<R extends IdentificationRow>(
  inputs: readonly IdentificationInput<R>[],
  options: IdentifyOptions,
): Identification {
  const linkageRecords: LinkageRecord[] = [];
  const recordIndex = new Map<string, number>();
  for (const input of inputs) {
    for (const record of recordsFromRows(input.source, input.rows)) {
      recordIndex.set(`${input.source}\u0000${record.recordId}`, linkageRecords.length);
      linkageRecords.push(record);
    }
  }
  const linkage = linkRecords(linkageRecords, options.linkage ?? {});
  const personOf = (source: string, recordId: string): string =>
    linkage.personIds[recordIndex.get(`${source}\u0000${recordId}`)!]!;
  return { ...assessFamilies(inputs, personOf, options), linkage };
}

/**
 * Forms households of people by the reference rule (spec/criteria.md), takes each person's date of birth
 * and facts from their rows, and assesses every household against the framework at D. `personOf` says
 * whose each record is: the linkage's answer, or a known truth.
 */
export function assessFamilies<R extends IdentificationRow>(
  inputs: readonly IdentificationInput<R>[],
  personOf: (source: string, recordId: string) => string,
  options: Pick<IdentifyOptions, 'framework' | 'asOf'>,
): Omit<Identification, 'linkage'> {
  const householdOf = formHouseholds(
    (function* () {
      for (const { source, rows } of inputs) {
        for (const row of rows) yield { ...row, source, person_id: personOf(source, row.record_id) };
      }
    })(),
  );
  const familyOf = (personId: string): string => familyIdOf(householdOf.get(personId)!);

  // Each person's rows in upload order: the date of birth's tie-break is the latest row of the latest upload.
  const people = new Map<
    string,
    { birthRows: { date_of_birth?: string | null }[]; facts: IdentifiedFact[] }
  >();
  const records: IdentifiedRecord[] = [];
  for (const { source, rows } of inputs) {
    const seen = new Set<string>();
    for (const row of rows) {
      const personId = personOf(source, row.record_id);
      if (!seen.has(row.record_id)) {
        seen.add(row.record_id);
        records.push({ source, recordId: row.record_id, personId, familyId: familyOf(personId) });
      }
      let person = people.get(personId);
      if (!person) {
        person = { birthRows: [], facts: [] };
        people.set(personId, person);
      }
      person.birthRows.push(row);
      if (row.fact && row.fact_start) {
        person.facts.push({
          source,
          record_id: row.record_id,
          code: row.fact,
          start: row.fact_start,
          end: row.fact_end,
          value: row.fact_value,
          ...('line' in row && typeof row.line === 'number' ? { line: row.line } : {}),
        });
      }
    }
  }

  const members = new Map<string, HouseholdMember<IdentifiedFact>[]>();
  for (const [personId, person] of people) {
    const familyId = familyOf(personId);
    const member = { personId, dateOfBirth: personDateOfBirth(person.birthRows), facts: person.facts };
    const list = members.get(familyId);
    if (list) list.push(member);
    else members.set(familyId, [member]);
  }

  const assessor = new HouseholdAssessor(options.framework, options.asOf);
  const families: Identification['families'] = new Map();
  for (const [familyId, list] of members) {
    const household = { id: familyId, members: list };
    families.set(familyId, { household, assessment: assessor.assess(household) });
  }
  return { records, families };
}
