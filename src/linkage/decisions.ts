import { type RecordKey, recordKeyText } from './person-ids.ts';
import type { LinkageRecord } from './records.ts';

/**
 * What analysts decided about pairs of records (clerical review): these override the model. A pair confirmed
 * as one person is joined before any scored pair; a pair rejected as two people never shares a person.
 */
export interface LinkageDecisions {
  samePerson: readonly (readonly [RecordKey, RecordKey])[];
  differentPeople: readonly (readonly [RecordKey, RecordKey])[];
}

/** The decisions as record indices: pairs naming a record not among those linked are left out. */
export interface DecidedPairs {
  samePerson: [number, number][];
  /** Whether two records (either order) were decided to be two people. */
  keptApart: (a: number, b: number) => boolean;
  count: { samePerson: number; differentPeople: number };
}

export function decidedPairs(records: readonly LinkageRecord[], decisions: LinkageDecisions): DecidedPairs {
  const indexOf = new Map(records.map((record, index) => [recordKeyText(record), index]));
  const indices = (pairs: LinkageDecisions['samePerson']): [number, number][] =>
    pairs.flatMap(([left, right]) => {
      const a = indexOf.get(recordKeyText(left));
      const b = indexOf.get(recordKeyText(right));
      return a === undefined || b === undefined || a === b ? [] : [[Math.min(a, b), Math.max(a, b)]];
    });
  const samePerson = indices(decisions.samePerson);
  const apart = indices(decisions.differentPeople);
  // A pair as one exact number: record counts stay far below 2^26.
  const apartKeys = new Set(apart.map(([a, b]) => a * 67108864 + b));
  return {
    samePerson,
    keptApart: (a, b) => apartKeys.size > 0 && apartKeys.has(Math.min(a, b) * 67108864 + Math.max(a, b)),
    count: { samePerson: samePerson.length, differentPeople: apart.length },
  };
}

/**
 * The groups records start in before clustering: those given (existing people when linking incrementally) joined
 * by the pairs confirmed as one person. -1 for a record in no group.
 */
export function groupsWithConfirmedPairs(
  size: number,
  given: Int32Array | undefined,
  samePerson: readonly (readonly [number, number])[],
): Int32Array | undefined {
  if (samePerson.length === 0) return given;
  const parent = Int32Array.from({ length: size }, (_, record) => record);
  const find = (record: number): number => {
    while (parent[record] !== record) {
      parent[record] = parent[parent[record]!]!;
      record = parent[record]!;
    }
    return record;
  };
  const union = (a: number, b: number): void => {
    const x = find(a);
    const y = find(b);
    if (x !== y) parent[Math.max(x, y)] = Math.min(x, y);
  };
  const grouped = new Uint8Array(size);
  if (given) {
    const firstOf = new Map<number, number>();
    for (let record = 0; record < size; record++) {
      const group = given[record]!;
      if (group < 0) continue;
      grouped[record] = 1;
      const first = firstOf.get(group);
      if (first === undefined) firstOf.set(group, record);
      else union(first, record);
    }
  }
  for (const [a, b] of samePerson) {
    grouped[a] = 1;
    grouped[b] = 1;
    union(a, b);
  }
  const groups = new Int32Array(size).fill(-1);
  for (let record = 0; record < size; record++) if (grouped[record]) groups[record] = find(record);
  return groups;
}
