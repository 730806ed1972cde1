/**
 * The worker thread of an identification run (see identification-thread.ts): collects the rows of each source in
 * upload order, then runs the engine step and sends back its progress and answer.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { CurrentExtractRow } from './current-extracts.ts';
import { type EngineSettings, identifyCurrentRows } from './identification-engine.ts';
import type { FromEngineThread, ToEngineThread } from './identification-thread.ts';

const port = parentPort!;
const settings = workerData as EngineSettings;
const rowsOfSource = new Map<string, CurrentExtractRow[]>();
const send = (message: FromEngineThread) => port.postMessage(message);

port.on('message', (message: ToEngineThread) => {
  if (message.kind === 'rows') {
    let rows = rowsOfSource.get(message.source);
    if (!rows) {
      rows = [];
      rowsOfSource.set(message.source, rows);
    }
    for (const row of message.rows) rows.push(row);
    return;
  }
  const inputs = [...rowsOfSource].map(([source, rows]) => ({ source, rows }));
  rowsOfSource.clear();
  send({
    kind: 'answer',
    answer: identifyCurrentRows(settings, inputs, (progress) => send({ kind: 'progress', progress })),
  });
  port.close();
});
