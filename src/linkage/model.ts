import type { ColumnName } from './record-table.ts';

/** The version of the settings layout this code reads and writes. */
export const modelVersion = 1;

/** What makes a JSON value no model this code can use, in words after "it"; undefined when it is one. */
export function modelProblem(value: unknown): string | undefined {
  const model = value as Partial<LinkageModel> | null;
  if (typeof model !== 'object' || model === null || Array.isArray(model))
    return `is not a Kindred model of version ${modelVersion} (it is not a JSON object)`;
  if (model.kindred_model_version !== modelVersion)
    return `is not a Kindred model of version ${modelVersion} (kindred_model_version is ${String(model.kindred_model_version)})`;
  if (!Array.isArray(model.comparisons) || !Array.isArray(model.blocking_rules_to_generate_predictions))
    return 'has no comparisons or no blocking rules';
  return undefined;
}

/**
 * The executable test behind one comparison level. Splink keeps only SQL; we keep both, so the
 * `sql_condition` can travel to Splink and this runs here without a SQL engine.
 */
export type LevelTest =
  | { test: 'null'; column: ColumnName; columns?: ColumnName[] }
  | { test: 'exact'; column: ColumnName }
  | { test: 'alias'; column: ColumnName }
  | { test: 'jaro_winkler'; column: ColumnName; threshold: number }
  | { test: 'similar_distinct_names'; column: ColumnName; threshold: number; min_share: number }
  | { test: 'damerau_levenshtein'; column: ColumnName; threshold: number }
  | { test: 'initial'; column: ColumnName }
  | { test: 'other_token'; column: ColumnName; tokens_column: ColumnName }
  | { test: 'token_overlap'; column: ColumnName; tokens_column: ColumnName }
  | { test: 'date_day_month_swapped'; column: ColumnName }
  | { test: 'date_within_days'; column: ColumnName; threshold: number }
  | { test: 'postcode_sector'; column: ColumnName }
  | { test: 'postcode_district'; column: ColumnName }
  | { test: 'address_numbers_and_street'; column: ColumnName; threshold: number }
  | { test: 'address_street'; column: ColumnName; threshold: number }
  | { test: 'all'; tests: LevelTest[] }
  | { test: 'else' };

export interface ComparisonLevel {
  sql_condition: string;
  label_for_charts: string;
  is_null_level?: boolean;
  m_probability?: number;
  u_probability?: number;
  tf_adjustment_column?: string;
  tf_adjustment_weight?: number;
  tf_minimum_u_value?: number;
  /**
   * Kindred: u among pairs of different people who share a home (`kindred_same_home`). People of one
   * household share a surname and an address far more often than random people do, so those pairs
   * are weighed with this u instead (and no term-frequency adjustment).
   */
  kindred_u_probability_same_home?: number;
  /**
   * Kindred: when another comparison agrees exactly too, this level's u is how often records that
   * share that comparison's value also share this one, counted in the data and smoothed towards u
   * with `pseudo_pairs` pairs. Surnames run in communities: two records of a Mohammed share the
   * surname Mirza far more often than the frequency of Mirza says. Replaces the term-frequency
   * adjustment for such pairs.
   */
  kindred_u_within?: { comparison: string; pseudo_pairs: number };
  kindred_test: LevelTest;
}

export interface Comparison {
  output_column_name: string;
  comparison_description: string;
  comparison_levels: ComparisonLevel[];
  /** Kindred: given and family names are compared in whichever order agrees (a swapped entry). */
  kindred_name_order?: 'either';
}

export interface BlockingRule {
  /** `l.a = r.a and l.b = r.b`: an equi-join on standardised columns, as Splink writes it. */
  blocking_rule: string;
  sql_dialect?: string;
  /** Kindred: blocks larger than this are skipped for this rule (names alone: common names are left to other rules). */
  kindred_max_block_size?: number;
}

/** A linkage model: Splink's settings layout, with Kindred's additions prefixed `kindred_`. */
export interface LinkageModel {
  kindred_model_version: number;
  link_type: 'link_and_dedupe';
  unique_id_column_name: string;
  source_dataset_column_name: string;
  probability_two_random_records_match: number;
  /**
   * Kindred: λ apart for two records of one source and for records of different sources. A partner
   * seldom holds one person twice, so its own records need more evidence to be one person.
   */
  kindred_probability_two_records_match?: { same_source: number; different_sources: number };
  blocking_rules_to_generate_predictions: BlockingRule[];
  comparisons: Comparison[];
  /**
   * Kindred: the levels of one comparison that mean two records share a home. For such pairs the
   * other comparisons use `kindred_u_probability_same_home`: how often different people of one home
   * agree (a surname, often; a first name or a date of birth, rarely).
   */
  kindred_same_home?: { comparison: string; levels: string[] };
  /** Kindred: how training is done on the data itself. */
  kindred_training: {
    /** Each rule is one EM session; comparisons on its columns are not estimated in it. */
    blocking_rules_for_em: string[];
    /** Pairs any of these find are taken as matches when estimating λ. */
    deterministic_rules: string[];
    /** The share of true matches the deterministic rules are assumed to find. */
    deterministic_recall: number;
    /** How λ is set: from the deterministic rules (Splink's way) or from the candidate pairs by EM. */
    lambda_method?: 'deterministic_rules' | 'candidate_pairs';
    u_sample_pairs: number;
    em_max_iterations: number;
    /**
     * Kindred: at most this many pairs per EM session, evenly spread over the rule's pairs (default
     * 2,000,000, as Splink trains on a sample): m settles long before, and a million-person county
     * gives one rule eight million pairs.
     */
    em_max_pairs?: number;
    seed: number;
  };
  /** Kindred: how pairs become people. */
  kindred_clustering: {
    threshold_match_probability: number;
    /** Two groups are not joined when any record pair across them weighs below this (strong evidence of two people). */
    /** Two groups of records join only when their record pairs weigh at least this on average (bits). */
    min_mean_match_weight?: number;
    /**
     * Per comparison, a level weight (bits) at or below which a pair is two people whatever else
     * agrees; the weights are trained, so the data decides which disagreements are that rare.
     */
    veto?: Record<string, number>;
    /** Levels that mean "two people" whatever else agrees: such pairs never share a person. */
    cannot_link?: { levels: Record<string, string[]> }[];
    /** Blocks larger than this are skipped and reported (a placeholder value shared by thousands). */
    max_block_size: number;
    /**
     * When a source's records are seldom one person (its λ is under a tenth of the λ across
     * sources), two of its records join one person only when their own pair reaches the threshold.
     * Default true; a single source (deduplication alone) is never held to it.
     */
    same_source_pairs_must_match?: boolean;
    /**
     * A source's ages are learnt from its records that have a date of birth; a record of it without
     * one does not join a person born when the source holds nobody (a council-tax record and a
     * child). Default true.
     */
    source_ages?: boolean;
  };
  kindred_trained?: { at: string; records: number; candidate_pairs: number; em_sessions: EmSessionReport[] };
}

export interface EmSessionReport {
  blocking_rule: string;
  pairs: number;
  /** The pairs EM was run on, when fewer than the rule's (`em_max_pairs`). */
  pairs_sampled?: number;
  iterations: number;
  probability_two_random_records_match: number;
  comparisons_estimated: string[];
}
