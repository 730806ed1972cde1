import type { AssessmentContext } from './assessment-context.ts';
import { factCounts } from './assessment-context.ts';
import { ageAt } from './assessment-dates.ts';
import { windowBits } from './compile-framework.ts';
import type { AssessedFact, Household, IndicatorEvidence, ProgrammeFamilyEvidence } from './household.ts';

export const childAgeBelow = 18;

/**
 * One household's assessment. The evidence is worked out again from the household's facts when first
 * read: a county's assessment keeps only which member met which indicator, so it stays small.
 */
export class HouseholdAssessment<F extends AssessedFact = AssessedFact> {
  readonly householdId: string;
  readonly framework: { readonly id: string; readonly version: number };
  readonly assessmentDate: string;
  readonly eligible: boolean;
  readonly programmeFamily: boolean;
  /** Codes of the problems met, sorted; reported whether or not the household is eligible. */
  readonly problems: readonly string[];
  readonly #household: Household<F>;
  readonly #context: AssessmentContext;
  /** Each member meeting an indicator, as member index × indicator count + indicator slot, in order. */
  readonly #met: number[] | undefined;
  #evidence: Record<string, IndicatorEvidence<F>[]> | undefined;

  constructor(
    context: AssessmentContext,
    household: Household<F>,
    problemSet: number,
    programmeFamily: boolean,
    met: number[] | undefined,
  ) {
    this.householdId = household.id;
    this.framework = context.frameworkVersion;
    this.assessmentDate = context.date;
    this.problems = context.problemsOf(problemSet);
    this.programmeFamily = programmeFamily;
    const rule = context.framework.eligibility;
    this.eligible =
      (programmeFamily || !rule.programmeFamily) && this.problems.length >= rule.minimumProblems;
    this.#household = household;
    this.#context = context;
    this.#met = met;
  }

  /** For each problem met: every member and indicator that met it (members in household order) with the facts. */
  get evidence(): Record<string, IndicatorEvidence<F>[]> {
    this.#evidence ??= this.#findEvidence();
    return this.#evidence;
  }

  #findEvidence(): Record<string, IndicatorEvidence<F>[]> {
    const context = this.#context;
    const { table, indicatorIds, problemCodes } = context;
    const byProblem = new Map<string, IndicatorEvidence<F>[]>();
    for (const code of this.#met ?? []) {
      const memberIndex = Math.floor(code / table.count);
      const slot = code - memberIndex * table.count;
      const member = this.#household.members[memberIndex]!;
      const facts = member.facts.filter((fact) => {
        if (fact.start > context.date) return false;
        const entry = context.entry(fact.code);
        return (
          entry.slots.includes(slot) &&
          factCounts(table, slot, context.timing(entry.isEvent, fact.start, fact.end), fact.value)
        );
      });
      const problem = problemCodes[table.problemOf[slot]!]!;
      const met = { indicator: indicatorIds[slot]!, personId: member.personId, facts };
      const list = byProblem.get(problem);
      if (list) list.push(met);
      else byProblem.set(problem, [met]);
    }
    const evidence: Record<string, IndicatorEvidence<F>[]> = {};
    for (const problem of this.problems) evidence[problem] = byProblem.get(problem)!;
    return evidence;
  }

  /** Why the household is a programme family: each child, and each current vulnerable-parent fact. */
  get programmeFamilyEvidence(): ProgrammeFamilyEvidence<F>[] {
    const context = this.#context;
    const reasons: ProgrammeFamilyEvidence<F>[] = [];
    for (const member of this.#household.members) {
      const age = ageAt(member.dateOfBirth, context.date);
      if (age >= 0 && age < childAgeBelow) reasons.push({ personId: member.personId, reason: 'child', age });
      for (const fact of member.facts) {
        if (fact.start > context.date) continue;
        const entry = context.entry(fact.code);
        if (
          entry.vulnerableParent &&
          (context.timing(entry.isEvent, fact.start, fact.end) & windowBits.current) !== 0
        )
          reasons.push({ personId: member.personId, reason: 'vulnerable_parent', fact });
      }
    }
    return reasons;
  }

  toJSON(): object {
    return {
      householdId: this.householdId,
      framework: this.framework,
      assessmentDate: this.assessmentDate,
      eligible: this.eligible,
      programmeFamily: this.programmeFamily,
      programmeFamilyEvidence: this.programmeFamilyEvidence,
      problems: this.problems,
      evidence: this.evidence,
    };
  }
}
