import type { Sql } from '../db/index.ts';
import type { AuditAnchor } from './anchors.ts';

export interface ChainHead {
  seq: number;
  hash: string;
}

export type VerifyResult =
  | { ok: true; events: number; head: ChainHead | null; anchorsChecked: number }
  | { ok: false; events: number; brokenAt: number; reason: string };

const batchSize = 5000;
const genesis = '00';

/**
 * Walks the chain in sequence order, recomputing every hash, and checks the anchors kept outside the
 * database: a chain alone cannot show that its newest rows were removed or that it was rebuilt.
 */
export async function verifyAuditChain(
  sql: Sql,
  anchors: readonly AuditAnchor[],
  onProgress?: (events: number) => void,
): Promise<VerifyResult> {
  let previous = genesis;
  let after = 0;
  let events = 0;
  let head: ChainHead | null = null;
  const anchorBySeq = new Map(anchors.map((anchor) => [anchor.seq, anchor.hash]));
  const found = new Set<number>();
  for (;;) {
    const rows = await sql.query<{ seq: number; prev_hash: string; hash: string; recomputed: string }>(
      `select seq, encode(prev_hash, 'hex') as prev_hash, encode(hash, 'hex') as hash,
              encode(sha256(convert_to(kindred_audit_canonical(e), 'UTF8')), 'hex') as recomputed
       from audit_event e where seq > $1 order by seq limit ${batchSize}`,
      [after],
    );
    for (const row of rows) {
      events++;
      if (row.prev_hash !== previous) {
        return {
          ok: false,
          events,
          brokenAt: row.seq,
          reason: `event ${row.seq} does not follow the event before it: an event before it was removed or changed`,
        };
      }
      if (row.recomputed !== row.hash) {
        return {
          ok: false,
          events,
          brokenAt: row.seq,
          reason: `event ${row.seq} was changed after it was written`,
        };
      }
      const anchored = anchorBySeq.get(row.seq);
      if (anchored !== undefined) {
        found.add(row.seq);
        if (anchored !== row.hash) {
          return {
            ok: false,
            events,
            brokenAt: row.seq,
            reason: `event ${row.seq} differs from the hash anchored outside the database: the log was rebuilt`,
          };
        }
      }
      previous = row.hash;
      head = { seq: row.seq, hash: row.hash };
    }
    onProgress?.(events);
    if (rows.length < batchSize) break;
    after = rows[rows.length - 1]!.seq;
  }
  const lost = anchors.find((anchor) => !found.has(anchor.seq));
  if (lost) {
    const newest = lost.seq > (head?.seq ?? 0);
    return {
      ok: false,
      events,
      brokenAt: lost.seq,
      reason: `event ${lost.seq} was anchored on ${lost.at} but is no longer in the log${newest ? ': the newest events were removed' : ''}`,
    };
  }
  return { ok: true, events, head, anchorsChecked: found.size };
}

export async function chainHead(sql: Sql): Promise<ChainHead | null> {
  const [row] = await sql.query<{ seq: number; hash: string }>(
    `select seq, encode(hash, 'hex') as hash from audit_event order by seq desc limit 1`,
  );
  return row ?? null;
}
