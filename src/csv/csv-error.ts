/** A file that cannot be read as CSV at all: it names the file and the line, and says what to do. */
export class CsvError extends Error {
  readonly file: string;
  readonly line: number;
  /** What is wrong and what to do, without the file and line. */
  readonly problem: string;
  constructor(file: string, line: number, problem: string) {
    super(`${file}, line ${line}: ${problem}`);
    this.name = 'CsvError';
    this.file = file;
    this.line = line;
    this.problem = problem;
  }
}
