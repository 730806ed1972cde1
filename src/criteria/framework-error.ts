/** A framework file that cannot be used: which file, where in it (a JSON path) and what is wrong. */
export class FrameworkError extends Error {
  readonly file: string;
  readonly path: string;
  readonly reason: string;
  constructor(file: string, path: string, reason: string) {
    super(`${file}: ${path === '' ? 'the file' : path}: ${reason}`);
    this.name = 'FrameworkError';
    this.file = file;
    this.path = path;
    this.reason = reason;
  }
}
