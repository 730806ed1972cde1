import type { Comparison, ComparisonLevel } from './model.ts';
import type { ColumnName } from './record-table.ts';

const l = (column: string): string => `"${column}_l"`;
const r = (column: string): string => `"${column}_r"`;

/** Comparison levels in Splink's vocabulary; each carries its SQL and Kindred's executable test. */
export const level = {
  null: (column: ColumnName): ComparisonLevel => ({
    sql_condition: `${l(column)} IS NULL OR ${r(column)} IS NULL`,
    label_for_charts: `${column} is NULL`,
    is_null_level: true,
    kindred_test: { test: 'null', column },
  }),
  nullAll: (columns: ColumnName[]): ComparisonLevel => ({
    sql_condition: columns.map((column) => `(${l(column)} IS NULL OR ${r(column)} IS NULL)`).join(' AND '),
    label_for_charts: `${columns.join(', ')} all NULL`,
    is_null_level: true,
    kindred_test: { test: 'null', column: columns[0]!, columns },
  }),
  exact: (column: ColumnName, termFrequency = false): ComparisonLevel => ({
    sql_condition: `${l(column)} = ${r(column)}`,
    label_for_charts: 'Exact match',
    ...(termFrequency
      ? { tf_adjustment_column: column, tf_adjustment_weight: 1, tf_minimum_u_value: 0.0001 }
      : {}),
    kindred_test: { test: 'exact', column },
  }),
  alias: (column: ColumnName): ComparisonLevel => ({
    sql_condition: `array_contains(aliases(${l(column)}), ${r(column)})`,
    label_for_charts: 'Known alias (nickname)',
    kindred_test: { test: 'alias', column },
  }),
  jaroWinkler: (column: ColumnName, threshold: number): ComparisonLevel => ({
    sql_condition: `jaro_winkler_similarity(${l(column)}, ${r(column)}) >= ${threshold}`,
    label_for_charts: `Jaro-Winkler similarity >= ${threshold}`,
    kindred_test: { test: 'jaro_winkler', column, threshold },
  }),
  similarDistinctNames: (column: ColumnName, threshold: number, minShare: number): ComparisonLevel => ({
    sql_condition: `jaro_winkler_similarity(${l(column)}, ${r(column)}) >= ${threshold} AND least("tf_${column}_l", "tf_${column}_r") >= ${minShare} * greatest("tf_${column}_l", "tf_${column}_r")`,
    label_for_charts: 'Similar but two names in common use',
    kindred_test: { test: 'similar_distinct_names', column, threshold, min_share: minShare },
  }),
  damerauLevenshtein: (column: ColumnName, threshold: number): ComparisonLevel => ({
    sql_condition: `damerau_levenshtein(${l(column)}, ${r(column)}) <= ${threshold}`,
    label_for_charts: `Damerau-Levenshtein distance <= ${threshold}`,
    kindred_test: { test: 'damerau_levenshtein', column, threshold },
  }),
  initial: (column: ColumnName): ComparisonLevel => ({
    sql_condition: `(length(${l(column)}) = 1 OR length(${r(column)}) = 1) AND substr(${l(column)}, 1, 1) = substr(${r(column)}, 1, 1)`,
    label_for_charts: 'Initial matches name',
    kindred_test: { test: 'initial', column },
  }),
  otherToken: (column: ColumnName, tokensColumn: ColumnName): ComparisonLevel => ({
    sql_condition: `array_contains(${r(tokensColumn)}, ${l(column)}) OR array_contains(${l(tokensColumn)}, ${r(column)})`,
    label_for_charts: 'Matches a middle name',
    kindred_test: { test: 'other_token', column, tokens_column: tokensColumn },
  }),
  tokenOverlap: (column: ColumnName, tokensColumn: ColumnName): ComparisonLevel => ({
    sql_condition: `len(list_intersect(${l(tokensColumn)}, ${r(tokensColumn)})) > 0`,
    label_for_charts: 'Shares part of a double-barrelled name',
    kindred_test: { test: 'token_overlap', column, tokens_column: tokensColumn },
  }),
  dateSwapped: (column: ColumnName): ComparisonLevel => ({
    sql_condition: `strftime(${l(column)}, '%Y-%d-%m') = strftime(${r(column)}, '%Y-%m-%d')`,
    label_for_charts: 'Day and month swapped',
    kindred_test: { test: 'date_day_month_swapped', column },
  }),
  dateWithinDays: (column: ColumnName, days: number, label: string): ComparisonLevel => ({
    sql_condition: `abs(date_diff('day', ${l(column)}, ${r(column)})) <= ${days}`,
    label_for_charts: label,
    kindred_test: { test: 'date_within_days', column, threshold: days },
  }),
  postcodeSector: (column: ColumnName): ComparisonLevel => ({
    sql_condition: `regexp_extract(${l(column)}, '^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9]') = regexp_extract(${r(column)}, '^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9]')`,
    label_for_charts: 'Same postcode sector',
    kindred_test: { test: 'postcode_sector', column },
  }),
  postcodeDistrict: (column: ColumnName): ComparisonLevel => ({
    sql_condition: `regexp_extract(${l(column)}, '^[A-Z]{1,2}[0-9][A-Z0-9]?') = regexp_extract(${r(column)}, '^[A-Z]{1,2}[0-9][A-Z0-9]?')`,
    label_for_charts: 'Same postcode district',
    kindred_test: { test: 'postcode_district', column },
  }),
  addressNumbersAndStreet: (column: ColumnName, threshold: number): ComparisonLevel => ({
    sql_condition: `${l('address_numbers')} = ${r('address_numbers')} AND jaro_winkler_similarity(${l('address_street')}, ${r('address_street')}) >= ${threshold}`,
    label_for_charts: `Same house numbers, street similarity >= ${threshold}`,
    kindred_test: { test: 'address_numbers_and_street', column, threshold },
  }),
  addressStreet: (column: ColumnName, threshold: number): ComparisonLevel => ({
    sql_condition: `jaro_winkler_similarity(${l('address_street')}, ${r('address_street')}) >= ${threshold}`,
    label_for_charts: `Street similarity >= ${threshold}, numbers differ`,
    kindred_test: { test: 'address_street', column, threshold },
  }),
  all: (label: string, levels: ComparisonLevel[]): ComparisonLevel => ({
    sql_condition: levels.map((part) => `(${part.sql_condition})`).join(' AND '),
    label_for_charts: label,
    kindred_test: { test: 'all', tests: levels.map((part) => part.kindred_test) },
  }),
  else: (): ComparisonLevel => ({
    sql_condition: 'ELSE',
    label_for_charts: 'All other comparisons',
    kindred_test: { test: 'else' },
  }),
};

export function comparison(column: string, description: string, levels: ComparisonLevel[]): Comparison {
  return { output_column_name: column, comparison_description: description, comparison_levels: levels };
}
