import { blockingColumns, blockPairs, type CandidatePairs } from '../blocking.ts';
import type { Comparison, EmSessionReport, LevelTest, LinkageModel } from '../model.ts';
import type { RecordTable } from '../record-table.ts';
import { PairScorer, weightToProbability } from '../scoring.ts';
import { countPatterns, expectationMaximisation } from './expectation-maximisation.ts';
import { correctU, estimateU } from './u-probabilities.ts';

/** The identity a standardised column describes: `given_name_formal` and `given_names` are both the given name. */
function columnFamily(column: string): string {
  if (column.startsWith('given_name')) return 'given_name';
  if (column.startsWith('family_name')) return 'family_name';
  if (column === 'birth_year' || column === 'birth_date_unordered') return 'date_of_birth';
  if (column.startsWith('postcode')) return 'postcode';
  if (column.startsWith('address')) return 'address';
  return column;
}

function comparisonFamilies(comparison: Comparison): Set<string> {
  const families = new Set<string>();
  const add = (test: LevelTest): void => {
    if ('column' in test) families.add(columnFamily(test.column));
    if ('columns' in test) for (const column of test.columns ?? []) families.add(columnFamily(column));
    if ('tokens_column' in test) families.add(columnFamily(test.tokens_column));
    if (test.test === 'all') for (const part of test.tests) add(part);
  };
  for (const level of comparison.comparison_levels) add(level.kindred_test);
  return families;
}

/** Training blocks larger than this are skipped. */
const emMaxBlockSize = 100;

/** A starting m: most matches agree exactly, fewer at each weaker level. */
function initialM(comparison: Comparison): number[] {
  const count = comparison.comparison_levels.length;
  const raw = comparison.comparison_levels.map((_, l) => (l === 0 ? 0 : l === 1 ? 8 : 1 / 2 ** (l - 2)));
  const total = raw.reduce((sum, value) => sum + value, 0);
  return raw.map((value) => value / total).slice(0, count);
}

/**
 * λ from the prediction blocking rules' candidate pairs: the share of matches among them (EM on λ
 * alone, m and u fixed) times the candidates, over all pairs — blocking is taken to miss few matches.
 */
function lambdaFromCandidates(
  model: LinkageModel,
  table: RecordTable,
  scorer: PairScorer,
  start: number,
  candidates?: CandidatePairs,
): number {
  const pairs =
    candidates ??
    blockPairs(table, model.blocking_rules_to_generate_predictions, {
      maxBlockSize: model.kindred_clustering.max_block_size,
    }).pairs;
  if (pairs.count === 0) return start;
  const sample = Math.min(pairs.count, 300_000);
  const step = pairs.count / sample;
  const ratios: number[] = [];
  // Each pair's Bayes factor as the scorer gives it: term frequencies included.
  for (let n = 0; n < sample; n++) {
    const p = Math.floor(n * step);
    ratios.push(2 ** (scorer.weight(pairs.left[p]!, pairs.right[p]!) - scorer.priorWeight));
  }
  const size = table.size;
  let share = Math.min(0.5, (start * ((size * (size - 1)) / 2)) / pairs.count);
  for (let iteration = 0; iteration < 50; iteration++) {
    let total = 0;
    for (const ratio of ratios) total += (share * ratio) / (share * ratio + 1 - share);
    const next = total / ratios.length;
    if (Math.abs(next - share) < 1e-7) break;
    share = next;
  }
  return Math.max((share * pairs.count) / ((size * (size - 1)) / 2), 1e-12);
}

/**
 * m by EM with u fixed, once per training blocking rule: comparisons on the rule's own columns take
 * no part in its session; each comparison's m is the average over the sessions that estimated it
 * (undefined when none could).
 */
function estimateM(
  trained: LinkageModel,
  table: RecordTable,
  scorer: PairScorer,
  u: number[][],
): { m: (number[] | undefined)[]; sessions: EmSessionReport[] } {
  const mSums = trained.comparisons.map(
    (comparison) => new Float64Array(comparison.comparison_levels.length),
  );
  const mSessions = new Array<number>(trained.comparisons.length).fill(0);
  const sessions: EmSessionReport[] = [];
  const levels = new Int32Array(trained.comparisons.length);
  for (const rule of trained.kindred_training.blocking_rules_for_em) {
    const ruleFamilies = new Set(blockingColumns(rule).map(columnFamily));
    const active = trained.comparisons.map(
      (comparison) => ![...comparisonFamilies(comparison)].some((family) => ruleFamilies.has(family)),
    );
    // Common values are left out: they add pairs, not information, and would grow with the square of the data.
    const { pairs } = blockPairs(table, [rule], { maxBlockSize: emMaxBlockSize });
    if (pairs.count === 0) continue;
    const patterns = countPatterns();
    for (let p = 0; p < pairs.count; p++) {
      scorer.levelsOf(pairs.left[p]!, pairs.right[p]!, levels);
      patterns.add(levels);
    }
    const result = expectationMaximisation(
      patterns.result(),
      u,
      trained.comparisons.map(initialM),
      active,
      0.3,
      trained.kindred_training.em_max_iterations,
    );
    const estimated: string[] = [];
    result.m.forEach((levelsM, k) => {
      if (!active[k]) return;
      let seen = 0;
      for (const pattern of patterns.result().patterns) if (pattern[k] !== 0) seen++;
      if (seen === 0) return;
      for (let l = 0; l < levelsM.length; l++) mSums[k]![l]! += levelsM[l]!;
      mSessions[k]!++;
      estimated.push(trained.comparisons[k]!.output_column_name);
    });
    sessions.push({
      blocking_rule: rule,
      pairs: pairs.count,
      iterations: result.iterations,
      probability_two_random_records_match: result.lambda,
      comparisons_estimated: estimated,
    });
  }
  return {
    m: mSums.map((sums, k) =>
      mSessions[k]! > 0 ? Array.from(sums, (sum) => sum / mSessions[k]!) : undefined,
    ),
    sessions,
  };
}

export interface TrainingReport {
  u_pairs: number;
  deterministic_pairs: number;
  em_sessions: EmSessionReport[];
}

/**
 * Trains a model on the records themselves (Splink's unsupervised recipe): u from random pairs,
 * λ from deterministic rules and an assumed recall, m by EM per training blocking rule with u fixed,
 * averaged over the sessions that could estimate each comparison.
 */
export function trainModel(
  model: LinkageModel,
  table: RecordTable,
  /** The prediction rules' candidate pairs, when already made (they give λ). */
  candidates?: CandidatePairs,
): { model: LinkageModel; report: TrainingReport } {
  const training = model.kindred_training;
  const trained: LinkageModel = structuredClone(model);
  const scorer = new PairScorer(trained, table);
  const estimate = estimateU(scorer, training.u_sample_pairs, training.seed);

  const size = table.size;
  const allPairs = (size * (size - 1)) / 2;
  const deterministic = blockPairs(table, training.deterministic_rules).pairs.count;
  const lambda = Math.min(
    Math.max(
      deterministic / training.deterministic_recall / Math.max(allPairs, 1),
      1 / Math.max(allPairs, 1),
    ),
    0.5,
  );

  const { m, sessions } = estimateM(trained, table, scorer, estimate.u);
  const setProbabilities = (u: number[][]): void => {
    trained.comparisons.forEach((comparison, k) => {
      comparison.comparison_levels.forEach((level, l) => {
        if (level.is_null_level) {
          delete level.m_probability;
          delete level.u_probability;
          return;
        }
        level.u_probability = u[k]![l]!;
        level.m_probability = m[k]?.[l] ?? level.m_probability ?? initialM(comparison)[l]!;
      });
    });
  };
  const setLambda = (): void => {
    trained.probability_two_random_records_match =
      training.lambda_method === 'candidate_pairs'
        ? lambdaFromCandidates(trained, table, new PairScorer(trained, table), lambda, candidates)
        : lambda;
  };
  setProbabilities(estimate.u);
  setLambda();
  // Random pairs include a few matches; once the model can tell them, u is counted without them.
  const fitted = new PairScorer(trained, table);
  setProbabilities(correctU(estimate.samples, (i, j) => weightToProbability(fitted.weight(i, j))));
  setLambda();
  trained.kindred_trained = {
    at: new Date().toISOString(),
    records: size,
    candidate_pairs: 0,
    em_sessions: sessions,
  };
  return {
    model: trained,
    report: {
      u_pairs: Math.min(allPairs, training.u_sample_pairs),
      deterministic_pairs: deterministic,
      em_sessions: sessions,
    },
  };
}
