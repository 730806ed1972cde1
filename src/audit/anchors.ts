import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ChainHead } from './verify.ts';

/** A chain head written outside the database, so `verify` can tell if the newest rows were removed. */
export interface AuditAnchor {
  at: string;
  seq: number;
  hash: string;
}

export function readAnchors(path: string): AuditAnchor[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      try {
        const anchor = JSON.parse(line) as AuditAnchor;
        if (typeof anchor.seq !== 'number' || typeof anchor.hash !== 'string')
          throw new Error('missing seq or hash');
        return anchor;
      } catch (error) {
        throw new Error(`${path}, line ${index + 1}: not an audit anchor (${(error as Error).message}).`);
      }
    });
}

/** Appends the head, unless it is already the last anchor; also logs it, for a second copy in the server logs. */
export function writeAnchor(path: string, head: ChainHead | null): AuditAnchor | undefined {
  if (!head) return undefined;
  const anchors = readAnchors(path);
  const last = anchors[anchors.length - 1];
  if (last && last.seq === head.seq && last.hash === head.hash) return last;
  const anchor: AuditAnchor = { at: new Date().toISOString(), seq: head.seq, hash: head.hash };
  mkdirSync(dirname(path), { recursive: true });
  appendFileSync(path, `${JSON.stringify(anchor)}\n`, { mode: 0o640 });
  return anchor;
}
