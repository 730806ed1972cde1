import { comparison, level } from './comparison-library.ts';
import { type BlockingRule, type Comparison, type LinkageModel, modelVersion } from './model.ts';

/**
 * An address's records meet by its numbers and first street word in the town, in blocks of at most 40:
 * a larger block is many streets sharing a word and a number, not one household (docs/benchmarks.md).
 */
const addressRule = 'l.address_key = r.address_key and l.town = r.town';

/** The model Kindred starts from before training: comparisons, levels and blocking rules. */
export function defaultModel(): LinkageModel {
  return {
    kindred_model_version: modelVersion,
    link_type: 'link_and_dedupe',
    unique_id_column_name: 'record_id',
    source_dataset_column_name: 'source',
    probability_two_random_records_match: 0.0001,
    // Every rule joins on something that stays small as the county grows (a household, a birthday,
    // a postcode); a rule on names alone would grow with the square of the population.
    blocking_rules_to_generate_predictions: [
      'l.nhs_number = r.nhs_number',
      'l.uprn = r.uprn',
      'l.family_name = r.family_name and l.birth_date_unordered = r.birth_date_unordered',
      'l.given_name_formal = r.given_name_formal and l.birth_date_unordered = r.birth_date_unordered',
      'l.given_name_formal = r.given_name_formal and l.family_name = r.family_name and l.birth_year = r.birth_year',
      'l.given_name_formal = r.given_name_formal and l.family_name = r.family_name and l.postcode_district = r.postcode_district',
      'l.given_name_formal = r.given_name_formal and l.family_name = r.family_name and l.town = r.town',
      'l.name_pair = r.name_pair and l.birth_year = r.birth_year',
      'l.name_pair = r.name_pair and l.town = r.town',
      'l.given_name_start = r.given_name_start and l.family_name_start = r.family_name_start and l.birth_year = r.birth_year',
      'l.given_name_start = r.given_name_start and l.family_name_start = r.family_name_start and l.postcode_district = r.postcode_district',
      addressRule,
      'l.postcode = r.postcode and l.address_numbers = r.address_numbers',
      'l.postcode = r.postcode and l.date_of_birth = r.date_of_birth',
      'l.postcode = r.postcode and l.given_name_formal = r.given_name_formal',
      'l.postcode = r.postcode and l.family_name_prefix = r.family_name_prefix',
      'l.postcode = r.postcode and l.given_name_prefix = r.given_name_prefix',
      'l.given_name = r.given_name and l.postcode_district = r.postcode_district and l.family_name_prefix = r.family_name_prefix',
      'l.date_of_birth = r.date_of_birth and l.address_numbers = r.address_numbers',
      'l.family_name = r.family_name and l.town = r.town and l.address_numbers = r.address_numbers',
      'l.postcode_district = r.postcode_district and l.date_of_birth = r.date_of_birth',
      'l.date_of_birth = r.date_of_birth and l.town = r.town',
      'l.date_of_birth = r.date_of_birth and l.given_name_prefix = r.given_name_prefix',
      'l.date_of_birth = r.date_of_birth and l.family_name_prefix = r.family_name_prefix',
      'l.given_name_prefix = r.given_name_prefix and l.family_name_prefix = r.family_name_prefix and l.birth_year = r.birth_year',
    ]
      .map(
        (rule): BlockingRule =>
          rule === addressRule
            ? { blocking_rule: rule, kindred_max_block_size: 40 }
            : { blocking_rule: rule },
      )
      .concat(
        // Names alone find records with nothing else in common, but only for names that are not common.
        [
          'l.given_name_formal = r.given_name_formal and l.family_name = r.family_name',
          'l.name_pair = r.name_pair',
          'l.given_name_start = r.given_name_start and l.family_name_start = r.family_name_start',
        ].map((rule) => ({ blocking_rule: rule, kindred_max_block_size: 40 })),
        // Sparse records (a name and a town, as in old registers) meet their fuller records by one name and
        // where or when; in small blocks only, as these grow with the population (docs/benchmarks.md).
        [
          'l.given_name_formal = r.given_name_formal and l.town = r.town',
          'l.family_name_start = r.family_name_start and l.town = r.town',
          'l.family_name_start = r.family_name_start and l.birth_year = r.birth_year',
          'l.family_name_start = r.family_name_start and l.postcode_sector = r.postcode_sector',
        ].map((rule) => ({ blocking_rule: rule, kindred_max_block_size: 30 })),
      ),
    comparisons: [
      comparison('nhs_number', 'NHS number', [
        level.null('nhs_number'),
        level.exact('nhs_number'),
        level.damerauLevenshtein('nhs_number', 1),
        level.else(),
      ]),
      {
        ...comparison('given_name', 'First given name', [
          level.null('given_name'),
          level.exact('given_name', true),
          level.alias('given_name'),
          level.similarDistinctNames('given_name', 0.8, 0.05),
          level.jaroWinkler('given_name', 0.92),
          level.initial('given_name'),
          level.otherToken('given_name', 'given_names'),
          level.jaroWinkler('given_name', 0.8),
          level.else(),
        ]),
        kindred_name_order: 'either',
      },
      {
        ...comparison('family_name', 'Family name', [
          level.null('family_name'),
          // Surnames run in communities: with the first name agreeing too, a shared surname is
          // weighed by how often records of that first name share one.
          {
            ...level.exact('family_name', true),
            kindred_u_within: { comparison: 'given_name', pseudo_pairs: 20 },
          },
          level.tokenOverlap('family_name', 'family_names'),
          level.jaroWinkler('family_name', 0.92),
          level.jaroWinkler('family_name', 0.8),
          level.else(),
        ]),
        kindred_name_order: 'either',
      },
      comparison('date_of_birth', 'Date of birth', [
        level.null('date_of_birth'),
        level.exact('date_of_birth'),
        level.dateSwapped('date_of_birth'),
        level.damerauLevenshtein('date_of_birth', 1),
        level.dateWithinDays('date_of_birth', 366, 'Within a year'),
        level.dateWithinDays('date_of_birth', 3653, 'Within ten years'),
        level.else(),
      ]),
      homeComparison(),
      comparison('sex', 'Sex', [level.null('sex'), level.exact('sex'), level.else()]),
    ],
    kindred_same_home: { comparison: 'postcode', levels: [...sameHomeLevels] },
    kindred_training: {
      blocking_rules_for_em: [
        'l.family_name = r.family_name and l.date_of_birth = r.date_of_birth',
        'l.given_name = r.given_name and l.date_of_birth = r.date_of_birth',
        'l.given_name = r.given_name and l.family_name = r.family_name',
        'l.postcode = r.postcode and l.date_of_birth = r.date_of_birth',
      ],
      deterministic_rules: [
        'l.nhs_number = r.nhs_number',
        'l.given_name = r.given_name and l.family_name = r.family_name and l.date_of_birth = r.date_of_birth',
      ],
      deterministic_recall: 0.7,
      lambda_method: 'candidate_pairs',
      u_sample_pairs: 300_000,
      em_max_iterations: 25,
      em_max_pairs: 500_000,
      seed: 42,
    },
    kindred_clustering: {
      threshold_match_probability: 0.5,
      veto: { nhs_number: -5, given_name: -4.5, date_of_birth: -7, sex: -5 },
      min_mean_match_weight: -5,
      cannot_link: [{ levels: { nhs_number: ['All other comparisons'] } }],
      max_block_size: 5000,
    },
  };
}

/** The levels of `homeComparison` that mean two records share a home. */
export const sameHomeLevels = [
  'Same UPRN',
  'Same address, postcode and town',
  'Same address and postcode',
  'Same address and town, postcode differs',
  'Similar address and postcode',
] as const;

/**
 * Where someone lives — UPRN, address lines, postcode and town — as one comparison, so a shared home
 * counts once: they say the same thing, and as separate comparisons a household's shared address
 * counted three or four times over (38 bits against the 13 it is worth) while a mover lost as much.
 * Each combined level's u comes from random pairs; one they never reach is put at what independent
 * parts would give (training/u-probabilities.ts). The output column keeps the name `postcode`,
 * which explanations and saved reports already show, though it now reads the address, town and
 * UPRN too.
 */
export function homeComparison(name = 'postcode'): Comparison {
  const sameAddress = level.addressNumbersAndStreet('address', 0.9);
  const similarAddress = level.addressNumbersAndStreet('address', 0.75);
  const postcodeNear = level.damerauLevenshtein('postcode', 1);
  const town = level.jaroWinkler('town', 0.88);
  return comparison(name, 'Where they live: UPRN, address, postcode and town together', [
    level.nullAll(['address', 'postcode', 'town', 'uprn']),
    { ...level.exact('uprn'), label_for_charts: 'Same UPRN' },
    level.all('Same address, postcode and town', [sameAddress, postcodeNear, town]),
    level.all('Same address and postcode', [sameAddress, postcodeNear]),
    level.all('Same address and town, postcode differs', [sameAddress, town]),
    { ...sameAddress, label_for_charts: 'Same address, postcode and town differ' },
    level.all('Similar address and postcode', [similarAddress, postcodeNear]),
    level.all('Similar address, same postcode district', [
      similarAddress,
      level.postcodeDistrict('postcode'),
    ]),
    level.all('Similar address, same town', [similarAddress, town]),
    level.all('Same postcode and town', [level.exact('postcode'), town]),
    { ...level.exact('postcode'), label_for_charts: 'Same postcode' },
    level.all('Same street and town', [level.addressStreet('address', 0.9), town]),
    level.all('Postcode one edit apart, same town', [postcodeNear, town]),
    { ...level.addressStreet('address', 0.9), label_for_charts: 'Same street, numbers differ' },
    level.postcodeSector('postcode'),
    level.postcodeDistrict('postcode'),
    { ...town, label_for_charts: 'Same town' },
    level.else(),
  ]);
}

/**
 * The first combined form of address, postcode and town (decision 005): it found movers better on a
 * synthetic county but lost FEBRL4 recall (F1 0.9966), because random pairs that share an address in
 * FEBRL are nearly all matches and made a shared home look common. `homeComparison`, with u counted
 * without those matches and a UPRN level, replaced it as the default; this one is kept as it was.
 */
export function combinedLocationComparison(): Comparison {
  return comparison('location', 'Address, postcode and town together', [
    level.nullAll(['address', 'postcode', 'town']),
    level.all('Same address and postcode', [
      level.addressNumbersAndStreet('address', 0.9),
      level.damerauLevenshtein('postcode', 1),
    ]),
    { ...level.addressNumbersAndStreet('address', 0.9), label_for_charts: 'Same address, postcode differs' },
    level.all('Similar address, same postcode area or town', [
      level.addressNumbersAndStreet('address', 0.75),
      level.jaroWinkler('town', 0.88),
    ]),
    level.all('Same street, same postcode or town', [
      level.addressStreet('address', 0.9),
      level.jaroWinkler('town', 0.88),
    ]),
    level.all('Same postcode and town', [level.exact('postcode'), level.jaroWinkler('town', 0.88)]),
    { ...level.exact('postcode'), label_for_charts: 'Same postcode' },
    level.all('Postcode one edit apart, same town', [
      level.damerauLevenshtein('postcode', 1),
      level.jaroWinkler('town', 0.88),
    ]),
    level.damerauLevenshtein('postcode', 1),
    level.postcodeSector('postcode'),
    level.postcodeDistrict('postcode'),
    { ...level.jaroWinkler('town', 0.88), label_for_charts: 'Same town' },
    level.else(),
  ]);
}
