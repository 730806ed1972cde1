/**
 * Ingest: reading partner extracts in the standard format (or a data flow's saved column mapping),
 * validated row by row with the line and reason of every problem.
 */
export { localToday } from './calendar-date.ts';
export {
  type ColumnMapping,
  ColumnMappingError,
  checkColumnMapping,
  type DateColumn,
} from './column-mapping.ts';
export * from './extract-columns.ts';
export { describeIssue, ExtractFileError, type ExtractIssue } from './extract-issue.ts';
export {
  type ExtractEvent,
  type ExtractFileContents,
  type ExtractSummary,
  type ReadExtractFileOptions,
  type ReadExtractOptions,
  readExtract,
  readExtractBatches,
  readExtractFile,
} from './read-extract.ts';
export { identifiesPerson } from './record-identity.ts';
