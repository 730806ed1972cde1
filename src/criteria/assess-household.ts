import { AssessmentContext, ageFits, factCounts } from './assessment-context.ts';
import { ageAt } from './assessment-dates.ts';
import type { CriteriaFramework } from './compile-framework.ts';
import { valueModes, windowBits } from './compile-framework.ts';
import type { AssessedFact, Household } from './household.ts';
import { childAgeBelow, HouseholdAssessment } from './household-assessment.ts';

/**
 * Assesses households against one framework at one date (criteria.md, "Shared definitions").
 * Keeps scratch space between households, so one assessor serves one caller at a time.
 */
export class HouseholdAssessor {
  readonly framework: CriteriaFramework;
  readonly assessmentDate: string;
  readonly #context: AssessmentContext;
  // Per member: running totals, and which indicators its facts reached (a flag and a list).
  readonly #totals: Float64Array;
  readonly #reached: Uint8Array;
  readonly #reachedList: Int32Array;

  constructor(framework: CriteriaFramework, assessmentDate: string) {
    this.#context = new AssessmentContext(framework, assessmentDate);
    this.framework = framework;
    this.assessmentDate = this.#context.date;
    const count = framework.table.count;
    this.#totals = new Float64Array(count);
    this.#reached = new Uint8Array(count);
    this.#reachedList = new Int32Array(count);
  }

  assess<F extends AssessedFact>(household: Household<F>): HouseholdAssessment<F> {
    const context = this.#context;
    const table = context.table;
    const date = context.date;
    const totals = this.#totals;
    const reached = this.#reached;
    const reachedList = this.#reachedList;
    const members = household.members;
    let programmeFamily = false;
    let problemSet = 0;
    let met: number[] | undefined;

    for (let memberIndex = 0; memberIndex < members.length; memberIndex++) {
      const member = members[memberIndex]!;
      const age = ageAt(member.dateOfBirth, date);
      if (age >= 0 && age < childAgeBelow) programmeFamily = true;
      let reachedCount = 0;
      for (const fact of member.facts) {
        const start = fact.start;
        if (start > date) continue;
        const entry = context.entry(fact.code);
        const slots = entry.slots;
        if (slots.length === 0 && !entry.vulnerableParent) continue;
        const timing = context.timing(entry.isEvent, start, fact.end);
        if (entry.vulnerableParent && (timing & windowBits.current) !== 0) programmeFamily = true;
        for (let index = 0; index < slots.length; index++) {
          const slot = slots[index]!;
          if (!ageFits(table, slot, age) || !factCounts(table, slot, timing, fact.value)) continue;
          if (table.valueMode[slot] === valueModes.total) {
            const value = fact.value;
            totals[slot]! += value === null || value === undefined ? table.emptyCounts[slot]! : value;
          }
          if (reached[slot] === 0) {
            reached[slot] = 1;
            reachedList[reachedCount++] = slot;
          }
        }
      }
      if (reachedCount === 0) continue;
      sortAscending(reachedList, reachedCount);
      for (let index = 0; index < reachedCount; index++) {
        const slot = reachedList[index]!;
        reached[slot] = 0;
        if (table.valueMode[slot] === valueModes.total) {
          const total = totals[slot]!;
          totals[slot] = 0;
          if (total < table.totalAtLeast[slot]!) continue;
        }
        problemSet |= 1 << table.problemOf[slot]!;
        const code = memberIndex * table.count + slot;
        if (met === undefined) met = [code];
        else met.push(code);
      }
    }
    return new HouseholdAssessment(context, household, problemSet, programmeFamily, met);
  }
}

/** Insertion sort of the first `count` slots: a member reaches only a few indicators. */
function sortAscending(slots: Int32Array, count: number): void {
  for (let index = 1; index < count; index++) {
    const slot = slots[index]!;
    let at = index - 1;
    while (at >= 0 && slots[at]! > slot) {
      slots[at + 1] = slots[at]!;
      at--;
    }
    slots[at + 1] = slot;
  }
}

/** Assesses every household at the date. */
export function assessHouseholds<F extends AssessedFact>(
  framework: CriteriaFramework,
  households: Iterable<Household<F>>,
  assessmentDate: string,
): HouseholdAssessment<F>[] {
  const assessor = new HouseholdAssessor(framework, assessmentDate);
  const assessments: HouseholdAssessment<F>[] = [];
  for (const household of households) assessments.push(assessor.assess(household));
  return assessments;
}
