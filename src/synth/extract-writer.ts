/**
 * Writes CSV files in large pieces and waits when the disk falls behind (back-pressure), so a
 * county of any size is written in flat memory.
 */

import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';

const pieceSize = 1 << 16;
const needsQuotes = /[",\r\n]/;

/** A CSV field (RFC 4180): quoted only when it holds a comma, quote or line break. */
export function csvField(value: string): string {
  return needsQuotes.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export class CsvFileWriter {
  readonly path: string;
  rows = 0;
  private readonly stream: WriteStream;
  private buffer = '';
  private draining: Promise<unknown> | undefined;
  private failure: Error | undefined;

  constructor(path: string, header: string) {
    this.path = path;
    this.stream = createWriteStream(path, { highWaterMark: 1 << 20 });
    this.stream.on('error', (error) => {
      this.failure = error;
    });
    this.buffer = `${header}\n`;
  }

  /** Adds one line (without its line end). */
  line(text: string): void {
    this.buffer += `${text}\n`;
    this.rows++;
    if (this.buffer.length >= pieceSize) this.flush();
  }

  /** Resolves when the file can take more: call between batches of lines. */
  async ready(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.draining) await this.draining;
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    this.flush();
    if (this.failure) throw this.failure;
    this.stream.end();
    await Promise.race([
      once(this.stream, 'finish'),
      once(this.stream, 'error').then(([error]) => Promise.reject(error)),
    ]);
    if (this.failure) throw this.failure;
  }

  /** Stops writing after a failure elsewhere; the partial file is left for the caller to remove. */
  abort(): void {
    this.stream.destroy();
  }

  private flush(): void {
    if (this.buffer === '' || this.failure) return;
    const accepted = this.stream.write(this.buffer);
    this.buffer = '';
    if (!accepted && !this.draining) {
      this.draining = once(this.stream, 'drain').finally(() => {
        this.draining = undefined;
      });
      // A drain that never comes because the stream failed is reported by ready().
      this.draining.catch(() => undefined);
    }
  }
}
