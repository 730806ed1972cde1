import type { PairRecord } from '../clerical-review/linkage-evidence.ts';
import { ageAt, type CriteriaFramework } from '../criteria/index.ts';
import { lookupFactCode } from '../facts/vocabulary.ts';
import {
  type Identification,
  type IdentificationInput,
  type IdentifiedFact,
  normalisePostcode,
} from '../families/index.ts';
import type { CurrentExtractRow, CurrentUpload, ExtractRowKey } from './current-extracts.ts';

/** A fact of a run: it names the extract row it came from. */
export type RunFact = IdentifiedFact<ExtractRowKey>;

/** What a run stores of one family, ready for the identified_* tables. */
export interface FamilyRecord {
  family_id: string;
  eligible: boolean;
  programme_family: boolean;
  problems: string[];
  problem_count: number;
  member_count: number;
  children_ages: number[];
  youngest_child_age: number | null;
  postcode_district: string | null;
  latest_evidence: string | null;
  /** After a previous run every family starts as new, with all its problems gained; the comparison corrects it. */
  change: 'new' | null;
  problems_gained: string[];
}

export interface MemberRecord {
  family_id: string;
  person_id: string;
  given_name: string | null;
  family_name: string | null;
  date_of_birth: string | null;
  age: number | null;
  role: 'child' | 'adult' | 'unknown';
}

export interface FactRecord {
  family_id: string;
  person_id: string;
  upload_id: string;
  line: number;
  source: string;
  organisation_id: string;
  agreement_id: string | null;
  agreement_reference: string | null;
  agreement_version: number | null;
  record_id: string;
  code: string;
  fact_start: string;
  fact_end: string | null;
  fact_value: number | null;
}

export interface EvidenceRecord {
  family_id: string;
  problem: string;
  indicator: string;
  person_id: string;
  upload_id: string;
  line: number;
}

export interface InvolvementRecord {
  family_id: string;
  organisation_id: string;
  source: string;
  lead_worker: string;
  lead_worker_contact: string | null;
  person_ids: string[];
  fact_codes: string[];
  since: string | null;
}

/** A record of a run: its person and family, the identity it was linked on and where it came from. */
export interface PersonRecord {
  source: string;
  record_id: string;
  person_id: string;
  family_id: string;
  upload_id: string;
  organisation_id: string;
  agreement_id: string | null;
  agreement_reference: string | null;
  agreement_version: number | null;
  given_name: string | null;
  family_name: string | null;
  date_of_birth: string | null;
  address: string | null;
  postcode: string | null;
  /** The values its comparisons read, when the record is in a kept pair (src/clerical-review). */
  compared_values: string[] | null;
}

export interface IdentificationRecords {
  people: PersonRecord[];
  families: FamilyRecord[];
  members: MemberRecord[];
  facts: FactRecord[];
  evidence: EvidenceRecord[];
  involvements: InvolvementRecord[];
  /** Pairs of records worth showing, with what explains them (src/clerical-review). */
  pairs?: PairRecord[];
}

/** The value most often given (ties to the first seen), ignoring empty ones. */
function mostFrequent(values: readonly (string | null)[]): string | null {
  const counts = new Map<string, number>();
  let best: string | null = null;
  let bestCount = 0;
  for (const value of values) {
    if (!value) continue;
    const count = (counts.get(value) ?? 0) + 1;
    counts.set(value, count);
    if (count > bestCount) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}

/** The postcode district (outward code): `NS1 4AB` → `NS1`. */
export function postcodeDistrict(postcode: string | null): string | null {
  if (!postcode) return null;
  const compact = normalisePostcode(postcode);
  return compact.length >= 5 ? compact.slice(0, -3) : null;
}

/** A row says a service is involved now: it names the person alone, or a state or measure still open at D. */
const currentAt = (row: CurrentExtractRow, asOf: string): boolean =>
  !row.fact ||
  (lookupFactCode(row.fact)?.kind !== 'event' &&
    row.fact_start !== null &&
    row.fact_start <= asOf &&
    (!row.fact_end || row.fact_end >= asOf));

export interface RecordsOptions {
  /** The uploads the rows came from: each gives its partner and the agreement it was shared under. */
  uploads: readonly CurrentUpload[];
  framework: CriteriaFramework;
  asOf: string;
  /** Whether the run will be compared with a previous one. */
  afterPreviousRun: boolean;
}

/**
 * Turns the engine's answer into what a run stores. `inputs` are the rows identification read; each fact
 * names its upload and line.
 */
export function identificationRecords(
  identification: Identification<RunFact>,
  inputs: readonly IdentificationInput<CurrentExtractRow>[],
  { uploads, framework, asOf, afterPreviousRun }: RecordsOptions,
): IdentificationRecords {
  const uploadOf = new Map(uploads.map((upload) => [upload.id, upload]));
  const recordKey = (source: string, recordId: string): string => `${source}\u0000${recordId}`;
  const placeOf = new Map<string, { personId: string; familyId: string }>();
  for (const record of identification.records) placeOf.set(recordKey(record.source, record.recordId), record);

  const people: PersonRecord[] = [];
  const rowsOfPerson = new Map<string, CurrentExtractRow[]>();
  const shown = new Set<string>();
  for (const { source, rows } of inputs) {
    for (const row of rows) {
      const key = recordKey(source, row.record_id);
      const { personId, familyId } = placeOf.get(key)!;
      if (!shown.has(key)) {
        // A record is shown as its first row gives it.
        shown.add(key);
        const upload = uploadOf.get(row.upload_id)!;
        people.push({
          source,
          record_id: row.record_id,
          person_id: personId,
          family_id: familyId,
          upload_id: row.upload_id,
          organisation_id: upload.organisationId,
          agreement_id: upload.agreementId,
          agreement_reference: upload.agreementReference,
          agreement_version: upload.agreementVersion,
          given_name: row.given_name,
          family_name: row.family_name,
          date_of_birth: row.date_of_birth,
          address: [row.address_line_1, row.address_line_2, row.town].filter(Boolean).join(', ') || null,
          postcode: row.postcode,
          compared_values: null,
        });
      }
      const list = rowsOfPerson.get(personId);
      if (list) list.push(row);
      else rowsOfPerson.set(personId, [row]);
    }
  }

  const families: FamilyRecord[] = [];
  const members: MemberRecord[] = [];
  const facts: FactRecord[] = [];
  const evidence: EvidenceRecord[] = [];
  const involvements: InvolvementRecord[] = [];
  const problemOrder = new Map(framework.problems.map((problem, index) => [problem.code, index]));

  for (const [familyId, { household, assessment }] of identification.families) {
    const childrenAges: number[] = [];
    const postcodes: (string | null)[] = [];
    for (const member of household.members) {
      const personRows = rowsOfPerson.get(member.personId) ?? [];
      const age = ageAt(member.dateOfBirth, asOf);
      if (age >= 0 && age < 18) childrenAges.push(age);
      members.push({
        family_id: familyId,
        person_id: member.personId,
        given_name: mostFrequent(personRows.map((row) => row.given_name)),
        family_name: mostFrequent(personRows.map((row) => row.family_name)),
        date_of_birth: member.dateOfBirth,
        age: age >= 0 ? age : null,
        role: age < 0 ? 'unknown' : age < 18 ? 'child' : 'adult',
      });
      for (const row of personRows) postcodes.push(postcodeDistrict(row.postcode));
      for (const fact of member.facts) {
        if (fact.start > asOf) continue;
        const upload = uploadOf.get(fact.upload_id)!;
        facts.push({
          family_id: familyId,
          person_id: member.personId,
          upload_id: fact.upload_id,
          line: fact.line,
          source: fact.source,
          organisation_id: upload.organisationId,
          agreement_id: upload.agreementId,
          agreement_reference: upload.agreementReference,
          agreement_version: upload.agreementVersion,
          record_id: fact.record_id,
          code: fact.code,
          fact_start: fact.start,
          fact_end: fact.end ?? null,
          fact_value: fact.value ?? null,
        });
      }
      involvements.push(...involvementsOf(familyId, member.personId, personRows, uploadOf, asOf));
    }

    let latestEvidence: string | null = null;
    for (const [problem, met] of Object.entries(assessment.evidence)) {
      for (const { indicator, personId, facts: metFacts } of met) {
        for (const fact of metFacts) {
          evidence.push({
            family_id: familyId,
            problem,
            indicator,
            person_id: personId,
            upload_id: fact.upload_id,
            line: fact.line,
          });
          if (latestEvidence === null || fact.start > latestEvidence) latestEvidence = fact.start;
        }
      }
    }

    const problems = [...assessment.problems].sort(
      (a, b) => (problemOrder.get(a) ?? 0) - (problemOrder.get(b) ?? 0),
    );
    families.push({
      family_id: familyId,
      eligible: assessment.eligible,
      programme_family: assessment.programmeFamily,
      problems,
      problem_count: problems.length,
      member_count: household.members.length,
      children_ages: childrenAges.sort((a, b) => a - b),
      youngest_child_age: childrenAges.length > 0 ? childrenAges[0]! : null,
      postcode_district: mostFrequent(postcodes),
      latest_evidence: latestEvidence,
      change: afterPreviousRun ? 'new' : null,
      problems_gained: afterPreviousRun ? problems : [],
    });
  }
  return { people, families, members, facts, evidence, involvements: mergeInvolvements(involvements) };
}

/** A member's rows naming a lead worker and showing a current involvement at the assessment date. */
function involvementsOf(
  familyId: string,
  personId: string,
  personRows: readonly CurrentExtractRow[],
  uploadOf: ReadonlyMap<string, CurrentUpload>,
  asOf: string,
): InvolvementRecord[] {
  const found: InvolvementRecord[] = [];
  for (const row of personRows) {
    const leadWorker = row.lead_worker?.trim();
    if (!leadWorker || !currentAt(row, asOf)) continue;
    const upload = uploadOf.get(row.upload_id)!;
    found.push({
      family_id: familyId,
      organisation_id: upload.organisationId,
      source: upload.source,
      lead_worker: leadWorker,
      lead_worker_contact: row.lead_worker_contact?.trim() || null,
      person_ids: [personId],
      fact_codes: row.fact ? [row.fact] : [],
      since: row.fact_start,
    });
  }
  return found;
}

/** One line per service and lead worker in a family, with every member and fact code they are involved with. */
function mergeInvolvements(involvements: readonly InvolvementRecord[]): InvolvementRecord[] {
  const merged = new Map<string, InvolvementRecord>();
  for (const involvement of involvements) {
    const key = [
      involvement.family_id,
      involvement.source,
      involvement.lead_worker,
      involvement.lead_worker_contact ?? '',
    ].join('\u0000');
    const existing = merged.get(key);
    if (!existing) {
      merged.set(key, { ...involvement, person_ids: [...involvement.person_ids] });
      continue;
    }
    for (const personId of involvement.person_ids)
      if (!existing.person_ids.includes(personId)) existing.person_ids.push(personId);
    for (const code of involvement.fact_codes)
      if (!existing.fact_codes.includes(code)) existing.fact_codes.push(code);
    if (involvement.since && (!existing.since || involvement.since < existing.since))
      existing.since = involvement.since;
  }
  return [...merged.values()];
}
