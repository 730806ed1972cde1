import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SeededRandom, WeightedList } from './random.ts';

const draw = (random: SeededRandom, count: number): number[] =>
  Array.from({ length: count }, () => random.word());

describe('seeded random', () => {
  it('repeats its sequence for a seed and stream, and differs between them', () => {
    assert.deepEqual(draw(new SeededRandom(1), 20), draw(new SeededRandom(1), 20));
    assert.notDeepEqual(draw(new SeededRandom(1), 20), draw(new SeededRandom(2), 20));
    assert.notDeepEqual(draw(new SeededRandom(1, 0), 20), draw(new SeededRandom(1, 1), 20));
    assert.notDeepEqual(draw(new SeededRandom(2 ** 40), 20), draw(new SeededRandom(2 ** 40 + 1), 20));
  });

  it('spreads numbers evenly over [0, 1)', () => {
    const random = new SeededRandom(11);
    const buckets = new Array(10).fill(0);
    for (let count = 0; count < 100_000; count++) buckets[Math.floor(random.next() * 10)]++;
    for (const bucket of buckets) assert.ok(bucket > 9_500 && bucket < 10_500, String(bucket));
  });

  it('draws weighted items in proportion, the first most often by rank', () => {
    const random = new SeededRandom(12);
    const list = new WeightedList(['a', 'b', 'c'], [1, 2, 7]);
    const counts = new Map<string, number>();
    for (let count = 0; count < 50_000; count++) {
      const item = list.draw(random);
      counts.set(item, (counts.get(item) ?? 0) + 1);
    }
    assert.ok(Math.abs((counts.get('c') ?? 0) / 50_000 - 0.7) < 0.01);
    const ranked = WeightedList.byRank(['first', 'second', 'third']);
    const firsts = Array.from({ length: 10_000 }, () => ranked.draw(random)).filter(
      (item) => item === 'first',
    ).length;
    assert.ok(firsts > 4_000);
  });
});
