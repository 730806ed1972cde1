import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assignmentFrom, assignPersonIds } from './person-ids.ts';

const keys = ['a', 'b', 'c', 'd'].map((recordId) => ({ source: 's', recordId }));

describe('stable person ids', () => {
  it('gives the same data the same ids, whatever order the groups come in', () => {
    const first = assignPersonIds(keys, Int32Array.of(0, 0, 2, 2));
    const again = assignPersonIds(keys, Int32Array.of(1, 1, 3, 3));
    assert.deepEqual(first.personIds, again.personIds);
    assert.equal(first.personIds[0], first.personIds[1]);
    assert.notEqual(first.personIds[0], first.personIds[2]);
    assert.equal(first.people, 2);
  });

  it('keeps a person’s id while its records do, and records merges and splits', () => {
    const previous = assignmentFrom([
      { source: 's', record_id: 'a', person_id: 'P1' },
      { source: 's', record_id: 'b', person_id: 'P1' },
      { source: 's', record_id: 'c', person_id: 'P2' },
      { source: 's', record_id: 'd', person_id: 'P3' },
    ]);
    // a, b stay together; c and d merge.
    const merged = assignPersonIds(keys, Int32Array.of(0, 0, 2, 2), previous);
    assert.deepEqual(merged.personIds.slice(0, 2), ['P1', 'P1']);
    assert.ok(['P2', 'P3'].includes(merged.personIds[2]!));
    assert.equal(merged.personIds[2], merged.personIds[3]);
    assert.equal(merged.changes.merged.length, 1);
    assert.equal(merged.changes.retired.length, 1);

    // P1 splits: a keeps P1 (ties go to the first), b gets a new id.
    const split = assignPersonIds(keys, Int32Array.of(0, 1, 2, 3), previous);
    assert.equal(split.personIds[0], 'P1');
    assert.notEqual(split.personIds[1], 'P1');
    assert.deepEqual(
      split.changes.split.map((change) => change.from),
      ['P1'],
    );
    assert.deepEqual(split.changes.created, [split.personIds[1]]);
    assert.equal(split.personIds[2], 'P2');
    assert.equal(split.personIds[3], 'P3');
    assert.equal(split.people, new Set(split.personIds).size);
    assert.equal(merged.people, new Set(merged.personIds).size);
  });

  it('never gives a new person an id a previous run gave: it takes a suffix', () => {
    const fresh = assignPersonIds(keys, Int32Array.of(0, 0, 2, 2)).personIds;
    assert.match(fresh[0]!, /^P[0-9a-f]{12}$/);
    // A record no longer in the data held the id the first person would be given.
    const previous = assignmentFrom([{ source: 's', record_id: 'gone', person_id: fresh[0]! }]);
    const result = assignPersonIds(keys, Int32Array.of(0, 0, 2, 2), previous);
    assert.deepEqual(result.personIds, [`${fresh[0]}-2`, `${fresh[0]}-2`, fresh[2], fresh[2]]);
    assert.deepEqual(result.changes.retired, [fresh[0]]);
  });

  it('gives an old id to only one person even when its records are now apart', () => {
    const previous = assignmentFrom(
      keys.map((key) => ({ source: key.source, record_id: key.recordId, person_id: 'P9' })),
    );
    const result = assignPersonIds(keys, Int32Array.of(0, 0, 0, 3), previous);
    assert.deepEqual(result.personIds.slice(0, 3), ['P9', 'P9', 'P9']);
    assert.notEqual(result.personIds[3], 'P9');
    assert.equal(result.people, 2);
  });
});
