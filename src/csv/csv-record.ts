/** A quoting rule a record broke although it could still be read (for example text after a closing quote). */
export interface CsvProblem {
  /** 1-based position of the field in the record. */
  field: number;
  message: string;
}

/** One CSV record: its fields and the 1-based physical line where it starts. */
export interface CsvRecord {
  line: number;
  fields: string[];
  problem: CsvProblem | null;
}
