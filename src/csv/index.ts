/**
 * CSV in and out: a streaming RFC 4180 reader (UTF-8 or declared Latin-1, records with their line)
 * and a writer whose exports are safe to open in a spreadsheet.
 */
export { CsvError } from './csv-error.ts';
export { type CsvLineOptions, type CsvValue, csvField, csvLine, neutraliseFormula } from './csv-line.ts';
export type { CsvProblem, CsvRecord } from './csv-record.ts';
export { type CsvInput, type CsvReadOptions, readCsv, readCsvBatches } from './read-csv.ts';
export { CsvRecordSplitter } from './record-splitter.ts';
export type { CsvEncoding } from './text-decoding.ts';
