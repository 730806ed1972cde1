import type { LinkResult } from './link.ts';

/** Two records of one person and how strongly they match: a link the person page explains. */
export interface PersonLink {
  left: number;
  right: number;
  weight: number;
}

/**
 * The links that hold each person together: of every pair of a person's records, the strongest that connect
 * them all (a maximum spanning tree, n − 1 links for n records), so each record is explained by its best match.
 * A person of more than `maxRecords` records has the first `maxRecords` explained.
 */
export function linksWithinPeople(
  result: Pick<LinkResult, 'personIds' | 'scorer'>,
  maxRecords = 40,
): PersonLink[] {
  const recordsOf = new Map<string, number[]>();
  result.personIds.forEach((personId, record) => {
    const list = recordsOf.get(personId);
    if (list) list.push(record);
    else recordsOf.set(personId, [record]);
  });
  const links: PersonLink[] = [];
  for (const all of recordsOf.values()) {
    if (all.length < 2) continue;
    const members = all.slice(0, maxRecords);
    // Prim's algorithm on the complete graph of the person's records: people have few records.
    const best = new Float64Array(members.length).fill(Number.NEGATIVE_INFINITY);
    const from = new Int32Array(members.length).fill(-1);
    const inTree = new Uint8Array(members.length);
    let current = 0;
    inTree[0] = 1;
    for (let added = 1; added < members.length; added++) {
      for (let k = 0; k < members.length; k++) {
        if (inTree[k]) continue;
        const weight = result.scorer.weight(members[current]!, members[k]!);
        if (weight > best[k]!) {
          best[k] = weight;
          from[k] = current;
        }
      }
      let next = -1;
      for (let k = 0; k < members.length; k++)
        if (!inTree[k] && (next < 0 || best[k]! > best[next]!)) next = k;
      inTree[next] = 1;
      links.push({ left: members[from[next]!]!, right: members[next]!, weight: best[next]! });
      current = next;
    }
  }
  return links;
}
