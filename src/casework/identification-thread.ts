import { Worker } from 'node:worker_threads';
import type { CurrentExtractRow } from './current-extracts.ts';
import type { EngineAnswer, EngineProgress, EngineSettings } from './identification-engine.ts';

/** What the run sends its thread: each upload's rows as they are read, then the word to identify. */
export type ToEngineThread =
  | { kind: 'rows'; source: string; rows: CurrentExtractRow[] }
  | { kind: 'identify' };

export type FromEngineThread =
  | { kind: 'progress'; progress: EngineProgress }
  | { kind: 'answer'; answer: EngineAnswer };

/**
 * The engine step of one run in a worker thread of its own, so the web server's main thread keeps answering
 * pages while a county is linked and assessed. Rows are copied to the thread upload by upload as they are read
 * (each copy is short, and the thread starts while the rows are still being read); the answer comes back as
 * batches of JSON text, which cost next to nothing to copy.
 */
export class IdentificationThread {
  readonly #worker: Worker;
  readonly #answer: Promise<EngineAnswer>;
  #onProgress: (progress: EngineProgress) => void = () => {};

  constructor(settings: EngineSettings) {
    this.#worker = new Worker(new URL('./identification-worker.ts', import.meta.url), {
      name: 'identification',
      workerData: settings,
    });
    this.#answer = new Promise((resolve, reject) => {
      this.#worker.on('message', (message: FromEngineThread) => {
        if (message.kind === 'progress') this.#onProgress(message.progress);
        else resolve(message.answer);
      });
      this.#worker.once('error', reject);
      this.#worker.once('exit', (code) =>
        reject(new Error(`the identification thread ended without an answer (exit code ${code})`)),
      );
    });
    // A run that fails while reading stops the thread and never asks for the answer.
    this.#answer.catch(() => undefined);
  }

  /** Copies one upload's rows to the thread; the caller may drop them. */
  addRows(source: string, rows: CurrentExtractRow[]): void {
    this.#worker.postMessage({ kind: 'rows', source, rows } satisfies ToEngineThread);
  }

  /** Identifies the families in the rows given, telling where it has got to. */
  identify(onProgress: (progress: EngineProgress) => void): Promise<EngineAnswer> {
    this.#onProgress = onProgress;
    this.#worker.postMessage({ kind: 'identify' } satisfies ToEngineThread);
    return this.#answer;
  }

  /** Ends the thread, finished or not. */
  async stop(): Promise<void> {
    await this.#worker.terminate();
  }
}
