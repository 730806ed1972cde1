/**
 * Synthetic counties: a realistic English population written as partner extracts in the standard
 * format (police, schools, DWP, children's services, health, housing, domestic abuse, council tax),
 * with the truth of every record, for the demo, the tests and the benchmarks.
 */
export {
  type CountyOptions,
  CountyOptionsError,
  type CountySummary,
  generateCounty,
  generatorVersion,
  truthPeopleColumns,
  truthRecordColumns,
} from './generate-county.ts';
export { isValidNhsNumber } from './nhs-numbers.ts';
export type { SourceCounts } from './partner-records.ts';
export { readWrittenCounty, type WrittenCounty } from './read-county.ts';
export { type SourceName, sourceNames } from './sources.ts';
