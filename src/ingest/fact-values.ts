import type { FactCode } from '../facts/vocabulary.ts';

/** `10`, `9.95`, `-2`; not `10%`, `1,000`, `.5` or `1e3`. */
const plainDecimal = /^-?\d+(?:\.\d+)?$/;

export function isPlainDecimal(text: string): boolean {
  return plainDecimal.test(text);
}

/** Why a number does not fit what the code's value means; null when it fits. */
export function factValueProblem(value: number, fact: FactCode): string | null {
  switch (fact.value) {
    case 'percent':
      return value < 0 || value > 100
        ? `fact_value for ${fact.code} is a percentage of possible sessions missed and must be between 0 and 100`
        : null;
    case 'count':
      return Number.isInteger(value) && value >= 0
        ? null
        : `fact_value for ${fact.code} is a number of exclusions and must be a whole number, 0 or more (empty counts as 1)`;
    case 'pounds':
      return value < 0
        ? `fact_value for ${fact.code} is the amount owed in pounds and must not be negative`
        : null;
    case 'hours':
      return value < 0 || value > 168
        ? `fact_value for ${fact.code} is hours of work per week and must be between 0 and 168`
        : null;
    default:
      return null;
  }
}
