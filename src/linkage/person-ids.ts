import { createHash } from 'node:crypto';

/** A record's identity across runs: its source and the source's own id. */
export interface RecordKey {
  source: string;
  recordId: string;
}

export const recordKeyText = (key: RecordKey): string => `${key.source}\u0000${key.recordId}`;

/** A previous run's answer: which person each record belonged to. */
export type PersonAssignment = ReadonlyMap<string, string>;

export function assignmentFrom(
  rows: Iterable<{ source: string; record_id: string; person_id: string }>,
): PersonAssignment {
  const assignment = new Map<string, string>();
  for (const row of rows)
    assignment.set(recordKeyText({ source: row.source, recordId: row.record_id }), row.person_id);
  return assignment;
}

export interface PersonChanges {
  /** People newly seen (no record of theirs had an id before). */
  created: string[];
  /** A person that absorbed others: their records now carry `into`. */
  merged: { into: string; from: string[] }[];
  /** A previous person whose records now belong to several people; `kept` keeps the id. */
  split: { from: string; kept: string; into: string[] }[];
  /** Ids that no longer name anybody. */
  retired: string[];
}

/** A new id: derived from the person's first record so that the same data gives the same ids. */
function freshId(key: RecordKey, taken: Set<string>): string {
  const digest = createHash('sha256').update(recordKeyText(key)).digest('hex');
  let id = `P${digest.slice(0, 12)}`;
  for (let suffix = 2; taken.has(id); suffix++) id = `P${digest.slice(0, 12)}-${suffix}`;
  return id;
}

/**
 * Stable person ids: a person keeps the id most of its records had before; each old id goes to at
 * most one person (the one holding most of its records); others get new ids. Merges and splits are
 * reported so a reviewer can see them.
 */
export function assignPersonIds(
  keys: readonly RecordKey[],
  personOf: Int32Array,
  previous: PersonAssignment = new Map(),
): { personIds: string[]; changes: PersonChanges } {
  const groups = new Map<number, number[]>();
  keys.forEach((_, record) => {
    const person = personOf[record]!;
    let members = groups.get(person);
    if (!members) {
      members = [];
      groups.set(person, members);
    }
    members.push(record);
  });
  // Votes: for each old id, how many records each new group holds.
  const votes: { group: number; oldId: string; count: number }[] = [];
  const oldIdsOfGroup = new Map<number, string[]>();
  const oldIdGroups = new Map<string, Set<number>>();
  // With no previous run there is nobody to vote for.
  for (const [group, members] of previous.size > 0 ? groups : []) {
    const tally = new Map<string, number>();
    for (const record of members) {
      const oldId = previous.get(recordKeyText(keys[record]!));
      if (oldId !== undefined) tally.set(oldId, (tally.get(oldId) ?? 0) + 1);
    }
    if (tally.size > 0) oldIdsOfGroup.set(group, [...tally.keys()]);
    for (const [oldId, count] of tally) {
      votes.push({ group, oldId, count });
      let set = oldIdGroups.get(oldId);
      if (!set) {
        set = new Set();
        oldIdGroups.set(oldId, set);
      }
      set.add(group);
    }
  }
  votes.sort(
    (a, b) => b.count - a.count || (a.oldId < b.oldId ? -1 : a.oldId > b.oldId ? 1 : a.group - b.group),
  );
  const idOfGroup = new Map<number, string>();
  const usedOld = new Set<string>();
  for (const vote of votes) {
    if (idOfGroup.has(vote.group) || usedOld.has(vote.oldId)) continue;
    idOfGroup.set(vote.group, vote.oldId);
    usedOld.add(vote.oldId);
  }
  const taken = new Set<string>(previous.values());
  const changes: PersonChanges = { created: [], merged: [], split: [], retired: [] };
  for (const [group, members] of groups) {
    if (idOfGroup.has(group)) continue;
    let first = members[0]!;
    let firstText = recordKeyText(keys[first]!);
    for (let m = 1; m < members.length; m++) {
      const text = recordKeyText(keys[members[m]!]!);
      if (text < firstText) {
        first = members[m]!;
        firstText = text;
      }
    }
    const id = freshId(keys[first]!, taken);
    taken.add(id);
    idOfGroup.set(group, id);
    changes.created.push(id);
  }
  const personIds = keys.map((_, record) => idOfGroup.get(personOf[record]!)!);
  for (const [group, oldIds] of oldIdsOfGroup) {
    const into = idOfGroup.get(group)!;
    const from = oldIds.filter((oldId) => oldId !== into);
    if (from.length > 0) changes.merged.push({ into, from });
  }
  for (const [oldId, holders] of oldIdGroups) {
    if (holders.size > 1) {
      const into = [...holders].map((group) => idOfGroup.get(group)!);
      changes.split.push({ from: oldId, kept: usedOld.has(oldId) ? oldId : '', into });
    }
  }
  const stillUsed = new Set(idOfGroup.values());
  for (const oldId of new Set(previous.values())) if (!stillUsed.has(oldId)) changes.retired.push(oldId);
  return { personIds, changes };
}
