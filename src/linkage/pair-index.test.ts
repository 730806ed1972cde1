import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PairValueCache } from './pair-index.ts';

describe('the cache of levels by value pair', () => {
  it('remembers every pair while it may grow', () => {
    const cache = new PairValueCache(16, 1 << 12);
    for (let a = 1; a <= 40; a++) for (let b = a + 1; b <= 41; b++) cache.set(a, b, (a * 31 + b) % 100);
    for (let a = 1; a <= 40; a++)
      for (let b = a + 1; b <= 41; b++) assert.equal(cache.get(a, b), (a * 31 + b) % 100);
    assert.equal(cache.get(41, 1), -1);
  });

  it('once full, forgets some pairs but never answers wrongly', () => {
    const cache = new PairValueCache(16, 64);
    let forgotten = 0;
    for (let a = 1; a <= 100; a++) {
      for (let b = a + 1; b <= 101; b++) {
        if (cache.get(a, b) !== -1) continue;
        cache.set(a, b, (a + b) % 7);
        assert.ok([-1, (a + b) % 7].includes(cache.get(a, b)));
      }
    }
    for (let a = 1; a <= 100; a++) {
      for (let b = a + 1; b <= 101; b++) {
        const known = cache.get(a, b);
        if (known === -1) forgotten++;
        else assert.equal(known, (a + b) % 7);
      }
    }
    assert.ok(forgotten > 4000, `only ${forgotten} of 5,050 pairs forgotten in 64 slots`);
  });
});
