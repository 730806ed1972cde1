import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { countyFromDirectory } from '../../bench/linkage-datasets.ts';
import { generateCounty } from '../synth/index.ts';
import { blockPairs } from './blocking.ts';
import { defaultModel } from './default-model.ts';
import { handTrainedModel } from './linkage-fixtures.test-support.ts';
import { buildRecordTable } from './record-table.ts';
import { pairLevels, scoreCandidates } from './score-pairs.ts';
import { PairScorer, probabilityToWeight } from './scoring.ts';

describe('scoring candidate pairs', () => {
  it('keeps the same edges, in the same order, and finds the same levels, on one thread and on three', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'kindred-score-pairs-'));
    try {
      await generateCounty({ people: 1_500, seed: 5, asOf: '2025-11-01', outDir: directory });
      const { records } = await countyFromDirectory(directory);
      const table = buildRecordTable(records);
      const model = handTrainedModel();
      const { pairs } = blockPairs(table, defaultModel().blocking_rules_to_generate_predictions);
      const threshold = probabilityToWeight(0.5);
      const alone = scoreCandidates(new PairScorer(model, table), pairs, threshold, { threads: 1 });
      const shared = scoreCandidates(new PairScorer(model, table), pairs, threshold, {
        threads: 3,
        minPairsForWorkers: 0,
        chunkSize: 256,
        firstChunkByWorker: true,
      });
      assert.ok(shared.workerChunks > 0, 'no worker scored a chunk');
      assert.ok(alone.count > 100, `only ${alone.count} edges`);
      assert.equal(shared.count, alone.count);
      assert.deepEqual(shared.left, alone.left);
      assert.deepEqual(shared.right, alone.right);
      assert.deepEqual(shared.weight, alone.weight);

      // Levels for u: each pair's level in its own comparison, the same on one thread and on three, caches left empty.
      const comparisonOf = Uint8Array.from(pairs.left.subarray(0, pairs.count), (_, p) => p % 6);
      const levelsAlone = pairLevels(new PairScorer(model, table), pairs.left, pairs.right, comparisonOf, {
        threads: 1,
      });
      const scorer = new PairScorer(model, table);
      const levelsShared = pairLevels(scorer, pairs.left, pairs.right, comparisonOf, {
        threads: 3,
        minPairsForWorkers: 0,
        chunkSize: 256,
      });
      assert.deepEqual(levelsShared, levelsAlone);
      const fresh = new PairScorer(model, table);
      for (let p = 0; p < pairs.count; p += 97)
        assert.equal(levelsAlone[p], fresh.comparisons[p % 6]!.compare(pairs.left[p]!, pairs.right[p]!));
      assert.ok(scorer.comparisons.every((comparison) => comparison.caching));
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
