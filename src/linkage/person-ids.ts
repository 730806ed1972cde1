import { hash } from 'node:crypto';

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
  const digest = hash('sha256', recordKeyText(key), 'hex');
  let id = `P${digest.slice(0, 12)}`;
  for (let suffix = 2; taken.has(id); suffix++) id = `P${digest.slice(0, 12)}-${suffix}`;
  return id;
}

/**
 * Records grouped by person, groups numbered in order of their first record, each group's records in
 * order: a counting sort, as a million records would otherwise make a million small arrays.
 */
function groupRecords(personOf: Int32Array): {
  groupOf: Int32Array;
  groupCount: number;
  members: Int32Array;
  startOf: Int32Array;
} {
  const size = personOf.length;
  const groupOf = new Int32Array(size);
  // Clustering numbers people by a record of theirs, so most look-ups need no map.
  const groupOfPerson = new Int32Array(size).fill(-1);
  const groupOfOtherPerson = new Map<number, number>();
  let groupCount = 0;
  for (let record = 0; record < size; record++) {
    const person = personOf[record]!;
    const dense = person >= 0 && person < size;
    let group = dense ? groupOfPerson[person]! : (groupOfOtherPerson.get(person) ?? -1);
    if (group < 0) {
      group = groupCount++;
      if (dense) groupOfPerson[person] = group;
      else groupOfOtherPerson.set(person, group);
    }
    groupOf[record] = group;
  }
  const startOf = new Int32Array(groupCount + 1);
  for (let record = 0; record < size; record++) startOf[groupOf[record]! + 1]!++;
  for (let group = 0; group < groupCount; group++) startOf[group + 1]! += startOf[group]!;
  const next = startOf.slice(0, groupCount);
  const members = new Int32Array(size);
  for (let record = 0; record < size; record++) members[next[groupOf[record]!]!++] = record;
  return { groupOf, groupCount, members, startOf };
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
): { personIds: string[]; changes: PersonChanges; people: number } {
  const { groupOf, groupCount, members, startOf } = groupRecords(personOf);
  const groupMembers = (group: number): Int32Array => members.subarray(startOf[group]!, startOf[group + 1]!);
  // Votes: for each old id, how many records each new group holds.
  const votes: { group: number; oldId: string; count: number }[] = [];
  const oldIdsOfGroup = new Map<number, string[]>();
  const oldIdGroups = new Map<string, Set<number>>();
  // With no previous run there is nobody to vote for.
  for (let group = 0; group < (previous.size > 0 ? groupCount : 0); group++) {
    const tally = new Map<string, number>();
    for (const record of groupMembers(group)) {
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
  const idOfGroup: (string | undefined)[] = new Array(groupCount);
  const usedOld = new Set<string>();
  for (const vote of votes) {
    if (idOfGroup[vote.group] !== undefined || usedOld.has(vote.oldId)) continue;
    idOfGroup[vote.group] = vote.oldId;
    usedOld.add(vote.oldId);
  }
  const taken = new Set<string>(previous.values());
  const changes: PersonChanges = { created: [], merged: [], split: [], retired: [] };
  for (let group = 0; group < groupCount; group++) {
    if (idOfGroup[group] !== undefined) continue;
    const members = groupMembers(group);
    let first = members[0]!;
    let firstText = members.length > 1 ? recordKeyText(keys[first]!) : '';
    for (let m = 1; m < members.length; m++) {
      const text = recordKeyText(keys[members[m]!]!);
      if (text < firstText) {
        first = members[m]!;
        firstText = text;
      }
    }
    const id = freshId(keys[first]!, taken);
    taken.add(id);
    idOfGroup[group] = id;
    changes.created.push(id);
  }
  const personIds = keys.map((_, record) => idOfGroup[groupOf[record]!]!);
  for (const [group, oldIds] of oldIdsOfGroup) {
    const into = idOfGroup[group]!;
    const from = oldIds.filter((oldId) => oldId !== into);
    if (from.length > 0) changes.merged.push({ into, from });
  }
  for (const [oldId, holders] of oldIdGroups) {
    if (holders.size > 1) {
      const into = [...holders].map((group) => idOfGroup[group]!);
      changes.split.push({ from: oldId, kept: usedOld.has(oldId) ? oldId : '', into });
    }
  }
  if (previous.size > 0) {
    const stillUsed = new Set(idOfGroup);
    for (const oldId of new Set(previous.values())) if (!stillUsed.has(oldId)) changes.retired.push(oldId);
  }
  // Each group has an id of its own: an old id goes to one group, and new ids are never taken.
  return { personIds, changes, people: groupCount };
}
