import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { damerauLevenshtein, jaro, jaroWinkler, withinOneEdit } from './string-similarity.ts';

const near = (actual: number, expected: number): void =>
  assert.ok(Math.abs(actual - expected) < 0.001, `${actual} ≠ ${expected}`);

describe('Jaro-Winkler', () => {
  it('gives the published values', () => {
    near(jaroWinkler('martha', 'marhta'), 0.961);
    near(jaroWinkler('dwayne', 'duane'), 0.84);
    near(jaroWinkler('dixon', 'dicksonx'), 0.813);
    near(jaro('martha', 'marhta'), 0.944);
  });
  it('is 1 for equal strings, 0 with nothing in common or an empty string', () => {
    assert.equal(jaroWinkler('smith', 'smith'), 1);
    assert.equal(jaroWinkler('abc', 'xyz'), 0);
    assert.equal(jaroWinkler('', 'smith'), 0);
  });
  it('is symmetric', () => {
    near(jaroWinkler('jones', 'johnson'), jaroWinkler('johnson', 'jones'));
  });
});

describe('Damerau-Levenshtein', () => {
  it('counts an adjacent transposition as one edit', () => {
    assert.equal(damerauLevenshtein('19850207', '19850270'), 1);
    assert.equal(damerauLevenshtein('kitten', 'sitting'), 3);
    assert.equal(damerauLevenshtein('', 'abc'), 3);
    assert.equal(damerauLevenshtein('same', 'same'), 0);
    const long = 'a-much-longer-string-than-the-buffer-at-first-a-much-longer-string';
    assert.equal(damerauLevenshtein(long, 'z'), long.length);
    assert.equal(damerauLevenshtein(long, `${long}s`), 1);
  });
});

describe('within one edit', () => {
  it('agrees with Damerau-Levenshtein distance at most 1', () => {
    const words = ['', 'a', 'ab', 'ba', 'abc', 'acb', 'bac', 'abcd', 'abdc', 'abd', 'xbcd', 'abcde', 'aabc'];
    for (const a of words) {
      for (const b of words) assert.equal(withinOneEdit(a, b), damerauLevenshtein(a, b) <= 1, `${a} ${b}`);
    }
    assert.equal(withinOneEdit('NS75DN', 'NS57DN'), true);
    assert.equal(withinOneEdit('NS75DN', 'NS7DN'), true);
    assert.equal(withinOneEdit('NS75DN', 'NS76DM'), false);
  });
});
