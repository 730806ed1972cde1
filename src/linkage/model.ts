import type { ColumnName } from './record-table.ts';

/** The version of the settings layout this code reads and writes. */
export const modelVersion = 1;

/**
 * The executable test behind one comparison level. Splink keeps only SQL; we keep both, so the
 * `sql_condition` can travel to Splink and this runs here without a SQL engine.
 */
export type LevelTest =
  | { test: 'null'; column: ColumnName; columns?: ColumnName[] }
  | { test: 'exact'; column: ColumnName }
  | { test: 'alias'; column: ColumnName }
  | { test: 'jaro_winkler'; column: ColumnName; threshold: number }
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
  blocking_rules_to_generate_predictions: BlockingRule[];
  comparisons: Comparison[];
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
  };
  kindred_trained?: { at: string; records: number; candidate_pairs: number; em_sessions: EmSessionReport[] };
}

export interface EmSessionReport {
  blocking_rule: string;
  pairs: number;
  iterations: number;
  probability_two_random_records_match: number;
  comparisons_estimated: string[];
}
