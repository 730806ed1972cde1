import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countPatterns, expectationMaximisation } from './expectation-maximisation.ts';
import { seededRandom } from './random.ts';

/** Draws comparison vectors from a known two-class model and checks EM finds m and λ again. */
describe('expectation-maximisation with u fixed', () => {
  it('recovers m and the share of matches', () => {
    const m = [
      [0, 0.9, 0.07, 0.03],
      [0, 0.8, 0.2],
      [0, 0.95, 0.05],
    ];
    const u = [
      [0, 0.01, 0.04, 0.95],
      [0, 0.05, 0.95],
      [0, 0.02, 0.98],
    ];
    const lambda = 0.2;
    const random = seededRandom(7);
    const draw = (probabilities: number[]): number => {
      let pick = random();
      for (let level = 1; level < probabilities.length; level++) {
        pick -= probabilities[level]!;
        if (pick <= 0) return level;
      }
      return probabilities.length - 1;
    };
    const patterns = countPatterns();
    const levels = new Int32Array(3);
    for (let n = 0; n < 50_000; n++) {
      const isMatch = random() < lambda;
      for (let k = 0; k < 3; k++) levels[k] = draw((isMatch ? m : u)[k]!);
      patterns.add(levels);
    }
    const start = [
      [0, 0.5, 0.3, 0.2],
      [0, 0.6, 0.4],
      [0, 0.6, 0.4],
    ];
    const result = expectationMaximisation(patterns.result(), u, start, [true, true, true], 0.5, 100);
    assert.ok(Math.abs(result.lambda - lambda) < 0.01, `λ ${result.lambda}`);
    for (let k = 0; k < 3; k++) {
      for (let l = 1; l < m[k]!.length; l++) {
        assert.ok(
          Math.abs(result.m[k]![l]! - m[k]![l]!) < 0.02,
          `m[${k}][${l}] = ${result.m[k]![l]} ≠ ${m[k]![l]}`,
        );
      }
    }
  });
  it('leaves inactive comparisons as they were', () => {
    const patterns = countPatterns();
    patterns.add(Int32Array.of(1, 1));
    patterns.add(Int32Array.of(2, 2));
    const start = [
      [0, 0.7, 0.3],
      [0, 0.6, 0.4],
    ];
    const u = [
      [0, 0.1, 0.9],
      [0, 0.1, 0.9],
    ];
    const result = expectationMaximisation(patterns.result(), u, start, [true, false], 0.5, 10);
    assert.deepEqual(result.m[1], start[1]);
  });
});
