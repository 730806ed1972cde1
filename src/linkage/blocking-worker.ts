import { workerData } from 'node:worker_threads';
import { type BlockingWorkerData, runBlockingWorker } from './blocking.ts';

// A worker of blocking.ts: finds one rule's pairs at a time while the calling thread makes the next rule's blocks.
runBlockingWorker(workerData as BlockingWorkerData);
