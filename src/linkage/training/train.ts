import { blockingColumns, blockPairs, type CandidatePairs } from '../blocking.ts';
import type { Comparison, EmSessionReport, LevelTest, LinkageModel } from '../model.ts';
import type { RecordTable } from '../record-table.ts';
import { pairFacts } from '../score-pairs.ts';
import { PairScorer, weightToProbability } from '../scoring.ts';
import { countPatterns, expectationMaximisation, type PatternCounts } from './expectation-maximisation.ts';
import { PairFacts } from './pair-facts.ts';
import { samplePairs } from './pair-sample.ts';
import { estimateSameHomeU, type SameHomeEstimate } from './same-home.ts';
import { correctU, estimateU, keptPairs } from './u-probabilities.ts';

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

/** How many times u is counted again without the random pairs the model takes for matches. */
const uCorrectionRounds = 3;

/** u among people who share a home is used only when at least this share of pairs there are different people. */
const minSameHomeNonMatchShare = 0.1;

/** Training blocks larger than this are skipped. */
const emMaxBlockSize = 100;

/** Candidate pairs λ is learnt from. */
const lambdaSamplePairs = 300_000;

/** Pairs per EM session when the model does not say (`em_max_pairs`). */
const defaultEmMaxPairs = 500_000;

/** A starting m: most matches agree exactly, fewer at each weaker level. */
function initialM(comparison: Comparison): number[] {
  const count = comparison.comparison_levels.length;
  const raw = comparison.comparison_levels.map((_, l) => (l === 0 ? 0 : l === 1 ? 8 : 1 / 2 ** (l - 2)));
  const total = raw.reduce((sum, value) => sum + value, 0);
  return raw.map((value) => value / total).slice(0, count);
}

export interface Lambdas {
  /** Over all pairs. */
  all: number;
  /** Over pairs of records of one source, and of different sources (undefined when there are none). */
  sameSource: number | undefined;
  differentSources: number | undefined;
}

/**
 * λ from the prediction blocking rules' candidate pairs: blocking is taken to miss few matches and
 * other pairs to be almost never matches, so the matches the model expects among the candidates, over
 * all pairs, must be λ itself. That fixed point is found by iteration (EM on λ over all pairs); each
 * pair's Bayes factor is the scorer's, term frequencies and shared homes included. It is found apart
 * for pairs of one source and pairs of two: a partner seldom holds one person twice.
 */
function lambdasFromCandidates(
  scorer: PairScorer,
  start: number,
  pairs: CandidatePairs,
  sampled: PairFacts,
): Lambdas {
  const table = scorer.table;
  const size = table.size;
  const allPairs = (size * (size - 1)) / 2;
  const perSource = new Map<number, number>();
  for (const source of table.sources) perSource.set(source, (perSource.get(source) ?? 0) + 1);
  let sameSourcePairs = 0;
  for (const count of perSource.values()) sameSourcePairs += (count * (count - 1)) / 2;
  const differentSourcePairs = allPairs - sameSourcePairs;
  if (pairs.count === 0 || allPairs === 0)
    return { all: start, sameSource: undefined, differentSources: undefined };
  const sample = sampled.count;
  const weights = sampled.weights(scorer);
  const ratios = new Float64Array(sample);
  const same = new Uint8Array(sample);
  for (let n = 0; n < sample; n++) {
    const i = sampled.left[n]!;
    const j = sampled.right[n]!;
    ratios[n] = 2 ** (weights[n]! - scorer.priorOf(i, j));
    same[n] = table.sources[i] === table.sources[j] ? 1 : 0;
  }
  const scale = pairs.count / sample;
  const solve = (group: number, groupPairs: number): number | undefined => {
    if (groupPairs <= 0) return undefined;
    let candidates = 0;
    for (let n = 0; n < sample; n++) if (same[n] === group) candidates++;
    // From above: the iteration falls to the largest fixed point, not to λ = 0.
    let lambda = Math.min(0.5, Math.max((candidates * scale) / groupPairs, 1e-12));
    for (let iteration = 0; iteration < 200; iteration++) {
      const odds = lambda / (1 - lambda);
      let expected = 0;
      for (let n = 0; n < sample; n++) {
        if (same[n] !== group) continue;
        expected += (odds * ratios[n]!) / (odds * ratios[n]! + 1);
      }
      const next = Math.min(Math.max((expected * scale) / groupPairs, 1e-12), 0.5);
      const done = Math.abs(next - lambda) <= 1e-6 * lambda;
      lambda = next;
      if (done) break;
    }
    return lambda;
  };
  const sameSource = solve(1, sameSourcePairs);
  const differentSources = solve(0, differentSourcePairs);
  const all =
    ((sameSource ?? 0) * sameSourcePairs + (differentSources ?? 0) * differentSourcePairs) / allPairs;
  return { all: Math.max(all, 1e-12), sameSource, differentSources };
}

/**
 * m by EM with u fixed, once per training blocking rule: comparisons on the rule's own columns take
 * no part in its session; each comparison's m is the average over the sessions that estimated it
 * (undefined when none could).
 */
interface EmSession {
  rule: string;
  pairs: number;
  sampled: number;
  active: boolean[];
  patterns: PatternCounts;
}

/**
 * The pairs of each training blocking rule (a sample of them, evenly spread, where there are many), as
 * counted comparison vectors. The sessions' pairs are compared together, on every core.
 */
function emSessions(trained: LinkageModel, table: RecordTable, scorer: PairScorer): EmSession[] {
  const found: (Omit<EmSession, 'patterns'> & { left: Int32Array; right: Int32Array })[] = [];
  for (const rule of trained.kindred_training.blocking_rules_for_em) {
    const ruleFamilies = new Set(blockingColumns(rule).map(columnFamily));
    const active = trained.comparisons.map(
      (comparison) => ![...comparisonFamilies(comparison)].some((family) => ruleFamilies.has(family)),
    );
    // Common values are left out: they add pairs, not information, and would grow with the square of the data.
    const { pairs } = blockPairs(table, [rule], { maxBlockSize: emMaxBlockSize });
    if (pairs.count === 0) continue;
    const { left, right } = samplePairs(
      pairs,
      trained.kindred_training.em_max_pairs ?? defaultEmMaxPairs,
      trained.kindred_training.seed,
    );
    found.push({ rule, pairs: pairs.count, sampled: left.length, active, left, right });
  }
  const total = found.reduce((sum, session) => sum + session.sampled, 0);
  const left = new Int32Array(total);
  const right = new Int32Array(total);
  let at = 0;
  for (const session of found) {
    left.set(session.left, at);
    right.set(session.right, at);
    at += session.sampled;
  }
  const { levels } = pairFacts(scorer, left, right);
  const width = trained.comparisons.length;
  at = 0;
  return found.map(({ rule, pairs, sampled, active }) => {
    const patterns = countPatterns();
    for (let n = at; n < at + sampled; n++) patterns.add(levels.subarray(n * width, (n + 1) * width));
    at += sampled;
    return { rule, pairs, sampled, active, patterns: patterns.result() };
  });
}

function estimateM(
  trained: LinkageModel,
  emPairs: readonly EmSession[],
  scorer: PairScorer,
  u: number[][],
  homeU?: number[][],
): { m: (number[] | undefined)[]; sessions: EmSessionReport[] } {
  const mSums = trained.comparisons.map(
    (comparison) => new Float64Array(comparison.comparison_levels.length),
  );
  const mSessions = new Array<number>(trained.comparisons.length).fill(0);
  const sessions: EmSessionReport[] = [];
  for (const { rule, pairs, sampled, active, patterns } of emPairs) {
    const result = expectationMaximisation(
      patterns,
      u,
      trained.comparisons.map(initialM),
      active,
      0.3,
      trained.kindred_training.em_max_iterations,
      homeU
        ? { u: homeU, isHome: (pattern) => scorer.sharesHome(pattern), comparison: scorer.homeComparison }
        : undefined,
    );
    const estimated: string[] = [];
    result.m.forEach((levelsM, k) => {
      if (!active[k]) return;
      let seen = 0;
      for (const pattern of patterns.patterns) if (pattern[k] !== 0) seen++;
      if (seen === 0) return;
      for (let l = 0; l < levelsM.length; l++) mSums[k]![l]! += levelsM[l]!;
      mSessions[k]!++;
      estimated.push(trained.comparisons[k]!.output_column_name);
    });
    sessions.push({
      blocking_rule: rule,
      pairs,
      ...(sampled < pairs ? { pairs_sampled: sampled } : {}),
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
  /** Candidate pairs that share a home, and the share of them taken for matches. */
  same_home?: { pairs: number; match_share: number; iterations: number };
}

/**
 * Trains a model on the records themselves (Splink's unsupervised recipe, with three corrections):
 * u from random pairs, m by EM per training blocking rule with u fixed (averaged over the sessions
 * that could estimate each comparison), λ from the candidate pairs (or from deterministic rules and
 * an assumed recall). Then, in rounds:
 * - u among people who share a home, by EM over the candidate pairs that share one with m fixed;
 * - λ again, apart for pairs of one source and of two;
 * - u again without the random pairs the model now takes for matches.
 * Where the data has households, m is learnt once more with them told apart, and the rounds repeat.
 */
export function trainModel(
  model: LinkageModel,
  table: RecordTable,
  /** The prediction rules' candidate pairs, when already made (they give λ). */
  candidates?: CandidatePairs,
): {
  model: LinkageModel;
  report: TrainingReport;
  /** A scorer of the trained model whose comparisons keep the levels training found: scoring starts warm. */
  scorer: PairScorer;
} {
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

  const emPairs = emSessions(trained, table, scorer);
  let { m, sessions } = estimateM(trained, emPairs, scorer, estimate.u);
  let u = estimate.u;
  const setProbabilities = (): void => {
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
  const predictionPairs =
    candidates ??
    blockPairs(table, trained.blocking_rules_to_generate_predictions, {
      maxBlockSize: trained.kindred_clustering.max_block_size,
    }).pairs;
  const setLambda = (): void => {
    delete trained.kindred_probability_two_records_match;
    if (training.lambda_method !== 'candidate_pairs') {
      trained.probability_two_random_records_match = lambda;
      return;
    }
    const lambdas = lambdasFromCandidates(
      new PairScorer(trained, table, scorer),
      lambda,
      predictionPairs,
      lambdaPairs,
    );
    trained.probability_two_random_records_match = lambdas.all;
    if (lambdas.sameSource !== undefined && lambdas.differentSources !== undefined) {
      trained.kindred_probability_two_records_match = {
        same_source: lambdas.sameSource,
        different_sources: lambdas.differentSources,
      };
    }
  };
  // The candidates λ is learnt from (about 300,000 of them, chosen by a hash), and the random pairs on
  // rare levels that u is corrected with: compared once, weighed again each round.
  const lambdaSample = samplePairs(predictionPairs, lambdaSamplePairs, training.seed);
  const lambdaPairs = new PairFacts(scorer, lambdaSample.left, lambdaSample.right);
  const rarePairs = estimate.samples.map((sample) => {
    const { left, right } = keptPairs(sample);
    return new PairFacts(scorer, left, right);
  });
  const home = scorer.homeComparison;
  const homePatterns =
    home >= 0 ? lambdaPairs.patternsWhere((levels) => scorer.sharesHome(levels)) : undefined;
  let sameHome: SameHomeEstimate | undefined;
  const setSameHomeU = (): void => {
    if (!homePatterns) return;
    const mNow = trained.comparisons.map((comparison) =>
      comparison.comparison_levels.map((level) => level.m_probability ?? 0),
    );
    sameHome = estimateSameHomeU(homePatterns, mNow, u, home);
    // Where nearly every pair at a shared home is one person (a benchmark of people who each live
    // alone), the few "different people" EM finds there are matches the model finds odd, not
    // households: u among them would be noise, so the random pairs' u stands.
    const households = 1 - sameHome.lambda >= minSameHomeNonMatchShare;
    trained.comparisons.forEach((comparison, k) => {
      if (k === home) return;
      comparison.comparison_levels.forEach((level, l) => {
        if (!level.is_null_level && households) level.kindred_u_probability_same_home = sameHome!.u[k]![l]!;
        else delete level.kindred_u_probability_same_home;
      });
    });
  };
  setProbabilities();
  // Random pairs include a few matches; once the model can tell them, u is counted without them.
  // Each round sees more of them (u of a shared home falls, so a pair there is likelier a match);
  // people who share a home are weighed against each other first, so they are not taken for matches.
  const correctionRounds = (): void => {
    for (let round = 0; round < uCorrectionRounds; round++) {
      setSameHomeU();
      setLambda();
      const fitted = new PairScorer(trained, table, scorer);
      const probabilities = rarePairs.map((pairs) => Array.from(pairs.weights(fitted), weightToProbability));
      u = correctU(estimate.samples, probabilities);
      setProbabilities();
    }
    setSameHomeU();
    setLambda();
  };
  correctionRounds();
  const households = trained.comparisons.some((comparison) =>
    comparison.comparison_levels.some((level) => level.kindred_u_probability_same_home !== undefined),
  );
  if (households) {
    // m again, now that a household is told from one person: while m was first learnt, a father and
    // son of one name at one address looked like one person whose dates of birth disagree.
    const homeU = trained.comparisons.map((comparison, k) =>
      comparison.comparison_levels.map((level, l) =>
        k === home ? u[k]![l]! : (level.kindred_u_probability_same_home ?? u[k]![l]!),
      ),
    );
    ({ m, sessions } = estimateM(trained, emPairs, scorer, u, homeU));
    setProbabilities();
    correctionRounds();
  }
  trained.kindred_trained = {
    at: new Date().toISOString(),
    records: size,
    candidate_pairs: candidates?.count ?? 0,
    em_sessions: sessions,
  };
  return {
    model: trained,
    scorer: new PairScorer(trained, table, scorer),
    report: {
      u_pairs: Math.min(allPairs, training.u_sample_pairs),
      deterministic_pairs: deterministic,
      em_sessions: sessions,
      ...(sameHome
        ? {
            same_home: {
              pairs: sameHome.pairs,
              match_share: sameHome.lambda,
              iterations: sameHome.iterations,
            },
          }
        : {}),
    },
  };
}
