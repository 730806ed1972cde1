import { defaultModel } from './default-model.ts';
import type { LinkageModel } from './model.ts';
import type { IdentityValues, LinkageRecord } from './records.ts';

/**
 * A model with m and u set by hand, as training on plenty of clean data would set them: the best
 * level of each comparison is strong evidence for a match, the else level strong evidence against.
 */
export function handTrainedModel(): LinkageModel {
  const model = defaultModel();
  model.probability_two_random_records_match = 0.001;
  for (const comparison of model.comparisons) {
    const levels = comparison.comparison_levels.filter((level) => !level.is_null_level);
    const count = levels.length;
    const m = levels.map((_, l) => 2 ** (count - l));
    const u = levels.map((_, l) => 8 ** l);
    const mTotal = m.reduce((sum, value) => sum + value, 0);
    const uTotal = u.reduce((sum, value) => sum + value, 0);
    levels.forEach((level, l) => {
      level.m_probability = m[l]! / mTotal;
      level.u_probability = u[l]! / uTotal;
      // A handful of records gives no sensible term frequencies.
      delete level.tf_adjustment_column;
    });
    // Few records of one person disagree completely on a date of birth or a first name.
    const last = levels[count - 1]!;
    if (comparison.output_column_name === 'date_of_birth' || comparison.output_column_name === 'given_name') {
      last.m_probability = 0.001;
    }
  }
  return model;
}

let next = 0;
export function record(source: string, values: IdentityValues, recordId = `r${++next}`): LinkageRecord {
  return { source, recordId, variants: [values] };
}
