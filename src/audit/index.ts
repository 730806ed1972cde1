/** Audit: the append-only, hash-chained log of every read of personal data and every write. */
export * from './anchors.ts';
export * from './browse.ts';
export * from './record.ts';
export * from './verify.ts';
