/**
 * Ingest: reading partner extracts in the standard format (or a data flow's saved column mapping),
 * validated row by row with the line and reason of every problem; and governed uploads of them into a
 * data flow — checked against the flow's agreement, loaded atomically, idempotent, with provenance.
 */
export { localToday } from './calendar-date.ts';
export {
  type ColumnMapping,
  ColumnMappingError,
  checkColumnMapping,
  type DateColumn,
} from './column-mapping.ts';
export * from './extract-columns.ts';
export {
  type ExtractFingerprint,
  ExtractTooLarge,
  fingerprintExtract,
  spoolExtract,
} from './extract-fingerprint.ts';
export { describeIssue, ExtractFileError, type ExtractIssue } from './extract-issue.ts';
export { discardOrphanedUploads } from './orphaned-uploads.ts';
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
export {
  finishUpload,
  type LoadedUpload,
  type StartedUpload,
  startUpload,
  type UploadOutcome,
  type UploadProgress,
  type UploadRequest,
  type UploadStart,
  uploadExtract,
} from './upload.ts';
export {
  issueCsvHeader,
  issueCsvLine,
  listUploadIssues,
  type StoredIssue,
  uploadIssuePages,
} from './upload-issues.ts';
export { UploadJobs } from './upload-jobs.ts';
export {
  type FlowView,
  findFlowBySource,
  findUpload,
  flowsOfOrganisation,
  listUploads,
  type UploadView,
} from './upload-queries.ts';
export type { UploadChannel, UploadPhase, UploadState } from './upload-record.ts';
export {
  findUploadSettings,
  saveUploadSettings,
  standardUploadSettings,
  type UploadSettings,
} from './upload-settings.ts';
