import type { Identification } from './identify-families.ts';

type Families = Omit<Identification, 'linkage'>;

/** How far an identification agrees with one made from the true people, family by family. */
export interface IdentificationAgreement {
  trueFamilies: number;
  trueEligible: number;
  /** True families whose people linkage got right: the same records, split into the same people. */
  familiesLinkedRight: number;
  eligibleFamiliesLinkedRight: number;
  /** Of the families linked right, those given the same eligibility, and the same problem set. */
  eligibilityAgrees: number;
  problemsAgree: number;
  /** The first few families linked right whose problems differ: `family: expected vs found`. */
  disagreements: string[];
}

/** Each family's records, grouped into its people, as comparable text. */
function shapesOf(identification: Families): Map<string, string> {
  const recordsOf = new Map<string, string[]>();
  const membersOf = new Map<string, Set<string>>();
  for (const record of identification.records) {
    const key = `${record.source}/${record.recordId}`;
    const records = recordsOf.get(record.personId);
    if (records) records.push(key);
    else recordsOf.set(record.personId, [key]);
    const members = membersOf.get(record.familyId);
    if (members) members.add(record.personId);
    else membersOf.set(record.familyId, new Set([record.personId]));
  }
  const shapes = new Map<string, string>();
  for (const [familyId, members] of membersOf) {
    const people = [...members].map((person) => recordsOf.get(person)!.sort().join(','));
    shapes.set(familyId, people.sort().join('|'));
  }
  return shapes;
}

export function identificationAgreement(truth: Families, found: Families): IdentificationAgreement {
  const foundByShape = new Map<string, string>();
  for (const [familyId, shape] of shapesOf(found)) foundByShape.set(shape, familyId);
  const agreement: IdentificationAgreement = {
    trueFamilies: truth.families.size,
    trueEligible: 0,
    familiesLinkedRight: 0,
    eligibleFamiliesLinkedRight: 0,
    eligibilityAgrees: 0,
    problemsAgree: 0,
    disagreements: [],
  };
  for (const [familyId, shape] of shapesOf(truth)) {
    const expected = truth.families.get(familyId)!.assessment;
    if (expected.eligible) agreement.trueEligible++;
    const foundId = foundByShape.get(shape);
    if (foundId === undefined) continue;
    agreement.familiesLinkedRight++;
    if (expected.eligible) agreement.eligibleFamiliesLinkedRight++;
    const assessment = found.families.get(foundId)!.assessment;
    if (assessment.eligible === expected.eligible) agreement.eligibilityAgrees++;
    if (assessment.problems.join(';') === expected.problems.join(';')) agreement.problemsAgree++;
    else if (agreement.disagreements.length < 5)
      agreement.disagreements.push(
        `${familyId}: ${expected.problems.join(';')} vs ${assessment.problems.join(';')}`,
      );
  }
  return agreement;
}
