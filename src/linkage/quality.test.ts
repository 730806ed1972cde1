import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  benchmarkSets,
  benchmarksDirectory,
  benchmarksPresent,
  pairwiseQuality,
} from '../../bench/linkage-datasets.ts';
import { linkRecords } from './link.ts';

/** Pairwise F1 floors with the default model trained on each set itself (no truth used but to measure). */
const floors = { febrl3: 0.995, febrl4: 0.998, fake_1000: 0.74, historical_50k: 0.93 } as const;

describe('linkage quality on public benchmarks', {
  skip: benchmarksPresent ? false : `no ${benchmarksDirectory}`,
}, () => {
  for (const [name, floor] of Object.entries(floors)) {
    it(`${name}: pairwise F1 at least ${floor}`, async () => {
      const set = await benchmarkSets[name]!();
      const result = linkRecords(set.records);
      const quality = pairwiseQuality(result.personIds, set.truth);
      assert.ok(
        quality.f1 >= floor,
        `F1 ${quality.f1.toFixed(4)} (precision ${quality.precision.toFixed(4)}, recall ${quality.recall.toFixed(4)}) is below ${floor}`,
      );
    });
  }
});
