import { workerData } from 'node:worker_threads';
import { type PlaceWorkerData, runPlaceWorker } from './record-table.ts';

// A worker of record-table.ts: builds the place columns while the calling thread builds the others.
runPlaceWorker(workerData as PlaceWorkerData);
