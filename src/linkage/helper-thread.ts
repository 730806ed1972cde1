import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';

/**
 * Starts a worker thread that a synchronous caller hands work to through a port and waits for with
 * `Atomics.wait` (blocking, the record table). A failure shows in the control array the two share and
 * the caller then does the work itself, so the thread's error events are only swallowed; the thread
 * never keeps the process alive.
 */
export function startHelperThread<Data>(
  script: URL,
  workerData: (port: MessagePort) => Data,
): { worker: Worker; port: MessagePort } {
  const channel = new MessageChannel();
  const worker = new Worker(script, { workerData: workerData(channel.port2), transferList: [channel.port2] });
  worker.on('error', () => undefined);
  worker.unref();
  return { worker, port: channel.port1 };
}
