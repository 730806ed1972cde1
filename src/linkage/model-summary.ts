import type { LinkageModel } from './model.ts';

const probability = (value: number | undefined): string =>
  value === undefined ? '' : value >= 0.001 ? value.toFixed(4) : value.toExponential(2);

/** A level's weight in bits, log2(m/u): how far agreeing at this level moves two records towards one person. */
const bits = (m: number | undefined, u: number | undefined): string => {
  if (m === undefined || u === undefined || u <= 0 || m <= 0) return '';
  const weight = Math.log2(m / u);
  return `${weight >= 0 ? '+' : ''}${weight.toFixed(2)}`;
};

/**
 * A model as a person reads it (`kindred model show`): what it was trained on, λ, the threshold, the
 * blocking rules, and for each comparison its levels with m, u and the weight each adds.
 */
export function describeModel(model: LinkageModel): string {
  const lines: string[] = [];
  const trained = model.kindred_trained;
  lines.push(`Kindred linkage model (settings version ${model.kindred_model_version})`);
  lines.push(
    trained
      ? `Trained ${trained.at} on ${trained.records.toLocaleString('en-GB')} records, ${trained.candidate_pairs.toLocaleString('en-GB')} candidate pairs.`
      : 'Not trained: `kindred link` trains it on the records it is given.',
  );
  const lambda = model.kindred_probability_two_records_match;
  lines.push(
    `Probability two random records match (λ): ${probability(model.probability_two_random_records_match)}` +
      (lambda
        ? `; within one source ${probability(lambda.same_source)}, across sources ${probability(lambda.different_sources)}`
        : ''),
  );
  lines.push(`Match threshold: ${model.kindred_clustering.threshold_match_probability}`);
  lines.push('', 'Blocking rules (each finds pairs the rules before it did not):');
  model.blocking_rules_to_generate_predictions.forEach((rule, index) => {
    const limit = rule.kindred_max_block_size ? ` (blocks over ${rule.kindred_max_block_size} skipped)` : '';
    lines.push(`  ${index + 1}. ${rule.blocking_rule}${limit}`);
  });
  const width = Math.max(
    24,
    ...model.comparisons.flatMap((comparison) =>
      comparison.comparison_levels.map((level) => level.label_for_charts.length),
    ),
  );
  for (const comparison of model.comparisons) {
    lines.push('', `${comparison.output_column_name}: ${comparison.comparison_description}`);
    lines.push(`  ${'level'.padEnd(width)}  ${'m'.padStart(9)}  ${'u'.padStart(9)}  ${'bits'.padStart(7)}`);
    for (const level of comparison.comparison_levels) {
      if (level.is_null_level) {
        lines.push(`  ${level.label_for_charts.padEnd(width)}  ${'(no evidence either way)'.padStart(29)}`);
        continue;
      }
      lines.push(
        `  ${level.label_for_charts.padEnd(width)}  ${probability(level.m_probability).padStart(9)}  ${probability(level.u_probability).padStart(9)}  ${bits(level.m_probability, level.u_probability).padStart(7)}`,
      );
    }
  }
  if (trained?.em_sessions.length) {
    lines.push('', 'Training sessions (m estimated by EM with u fixed):');
    for (const session of trained.em_sessions) {
      lines.push(
        `  ${session.blocking_rule}: ${session.pairs.toLocaleString('en-GB')} pairs${session.pairs_sampled !== undefined ? ` (EM on ${session.pairs_sampled.toLocaleString('en-GB')})` : ''}, ${session.iterations} iterations`,
      );
    }
  }
  return lines.join('\n');
}
