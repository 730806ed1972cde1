import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clusterRecords } from './clustering.ts';
import { CompiledComparison } from './compare/compiled-comparison.ts';
import { defaultModel, homeComparison } from './default-model.ts';
import { explainPair } from './explain.ts';
import { linkRecords } from './link.ts';
import { handTrainedModel, record } from './linkage-fixtures.test-support.ts';
import { buildRecordTable } from './record-table.ts';
import type { LinkageRecord } from './records.ts';
import { PairScorer } from './scoring.ts';
import { sourceAgeGaps } from './source-ages.ts';
import { countPatterns } from './training/expectation-maximisation.ts';
import { seededRandom } from './training/random.ts';
import { estimateSameHomeU } from './training/same-home.ts';
import { correctU, uFromCounts } from './training/u-probabilities.ts';

const home = { address_line_1: '3 Hanover Road', town: 'Elmsworth', postcode: 'NS32 3QF' };

/** Council-tax records of adults with dates of birth and school records of children, at addresses of their own. */
function rolls(): LinkageRecord[] {
  const records: LinkageRecord[] = [];
  for (let n = 0; n < 120; n++) {
    records.push(
      record('council_tax', {
        given_name: `Adult${n}`,
        family_name: `Family${n}`,
        date_of_birth: `${1950 + (n % 40)}-0${1 + (n % 9)}-1${n % 9}`,
        address_line_1: `${n + 10} Mill Lane`,
        town: 'Northam',
        postcode: `NS1 ${n % 9}AB`,
      }),
    );
  }
  for (let n = 0; n < 40; n++) {
    records.push(
      record('schools', {
        given_name: `Pupil${n}`,
        family_name: `Family${n + 200}`,
        date_of_birth: `${2009 + (n % 6)}-0${1 + (n % 9)}-1${n % 9}`,
        address_line_1: `${n + 10} Park Road`,
        town: 'Northam',
        postcode: `NS2 ${n % 9}CD`,
      }),
    );
  }
  return records;
}

describe('source ages', () => {
  it('learns that a council-tax roll holds no children, so its record without a date of birth is not a child', () => {
    const child = record('schools', {
      given_name: 'James',
      family_name: 'Deweley',
      date_of_birth: '2011-11-07',
      sex: 'M',
      ...home,
    });
    const councilTax = record('council_tax', { given_name: 'James', family_name: 'Deweley', ...home });
    const records = [...rolls(), child, councilTax];
    const table = buildRecordTable(records);
    const outside = sourceAgeGaps(table);
    assert.ok(outside, 'the roll has an age gap');
    assert.ok(outside(records.length - 1, records.length - 2));
    assert.ok(!outside(records.length - 1, 0), 'an adult of the roll fits');

    const result = linkRecords(records, { model: handTrainedModel(), train: false });
    const ids = result.personIds;
    assert.notEqual(
      ids[records.length - 1],
      ids[records.length - 2],
      'the father’s council-tax record is not the son',
    );

    const father = record('police', {
      given_name: 'James',
      family_name: 'Deweley',
      date_of_birth: '1979-02-03',
      sex: 'M',
      ...home,
    });
    const withFather = linkRecords([...records, father], { model: handTrainedModel(), train: false });
    const last = withFather.personIds.length - 1;
    assert.equal(withFather.personIds[last - 1], withFather.personIds[last], 'it joins the father');
    assert.notEqual(withFather.personIds[last - 2], withFather.personIds[last], 'and the son stays apart');
  });

  it('finds no gap in one source, or in sources of the same ages', () => {
    const records = rolls().map((entry) => ({ ...entry, source: 'one' }));
    assert.equal(sourceAgeGaps(buildRecordTable(records)), undefined);
  });
});

describe('u among people who share a home', () => {
  it('is recovered by EM with m fixed, from pairs of one person and pairs of one household mixed', () => {
    // Comparisons: 0 family name (exact, else), 1 first name (exact, else), 2 home (the context).
    const m = [
      [0, 0.95, 0.05],
      [0, 0.9, 0.1],
      [0, 1, 0],
    ];
    const randomU = [
      [0, 0.005, 0.995],
      [0, 0.01, 0.99],
      [0, 0.0001, 0.9999],
    ];
    const householdU = [
      [0, 0.7, 0.3],
      [0, 0.002, 0.998],
    ];
    const random = seededRandom(3);
    const patterns = countPatterns();
    for (let n = 0; n < 20_000; n++) {
      const isMatch = random() < 0.25;
      const draw = (probabilities: number[]): number => (random() < probabilities[1]! ? 1 : 2);
      const levels = Int32Array.of(
        draw(isMatch ? m[0]! : householdU[0]!),
        draw(isMatch ? m[1]! : householdU[1]!),
        1,
      );
      patterns.add(levels);
    }
    const estimate = estimateSameHomeU(patterns.result(), m, randomU, 2);
    assert.ok(Math.abs(estimate.lambda - 0.25) < 0.02, `λ at home ${estimate.lambda}`);
    assert.ok(Math.abs(estimate.u[0]![1]! - 0.7) < 0.03, `surname shared at home ${estimate.u[0]![1]}`);
    assert.ok(estimate.u[1]![1]! < 0.01, `first name shared at home ${estimate.u[1]![1]}`);
    assert.deepEqual(estimate.u[2], randomU[2], 'the home comparison keeps its own u');
  });

  it('weighs a shared surname at a shared home by how often a household shares one', () => {
    const model = handTrainedModel();
    model.kindred_same_home = { comparison: 'postcode', levels: ['Same address, postcode and town'] };
    for (const level of model.comparisons.find(
      (comparison) => comparison.output_column_name === 'family_name',
    )!.comparison_levels) {
      if (level.label_for_charts === 'Exact match') level.kindred_u_probability_same_home = 0.7;
    }
    const result = linkRecords(
      [
        record('police', { given_name: 'Oliver', family_name: 'Lynch', ...home }),
        record('council_tax', { given_name: 'Olivia', family_name: 'Lynch', ...home }),
        record('schools', { given_name: 'Oliver', family_name: 'Lynch', postcode: 'NS1 1AA' }),
        record('health', { given_name: 'Olivia', family_name: 'Lynch', postcode: 'NS9 9ZZ' }),
      ],
      { model, train: false },
    );
    const atHome = explainPair(result.scorer, 0, 1);
    const apart = explainPair(result.scorer, 2, 3);
    assert.ok(atHome.same_home);
    assert.ok(!apart.same_home);
    const surname = (explanation: typeof atHome): number =>
      explanation.bars.find((bar) => bar.column_name === 'family_name')!.log2_bayes_factor;
    assert.ok(surname(atHome) < 1, `a shared surname at one home says little: ${surname(atHome)}`);
    assert.ok(surname(apart) > 3, `elsewhere it says more: ${surname(apart)}`);
    const total = atHome.bars.reduce(
      (sum, bar) => sum + bar.log2_bayes_factor,
      atHome.prior.log2_bayes_factor,
    );
    assert.ok(Math.abs(total - atHome.match_weight) < 1e-9);
    assert.ok(Math.abs(atHome.match_weight - result.scorer.weight(0, 1)) < 1e-9);
  });
});

describe('one comparison for where someone lives', () => {
  it('counts a shared home once: UPRN, address, postcode and town in one level', () => {
    const table = buildRecordTable([
      record('a', { address_line_1: '12 High Street', town: 'Leeds', postcode: 'LS6 2AB', uprn: '100' }),
      record('b', { address_line_1: '12 High St', town: 'Leeds', postcode: 'LS62AB' }),
      record('c', { address_line_1: '14 High Street', town: 'Leeds', postcode: 'LS6 2AB' }),
      record('d', { address_line_1: '1 Low Road', town: 'York', postcode: 'YO1 7HH' }),
      record('e', { address_line_1: '5 Mill Lane', town: 'Leeds', postcode: 'LS6 2QQ', uprn: '100' }),
    ]);
    const location = homeComparison();
    const compiled = new CompiledComparison(location, table);
    const label = (i: number, j: number): string =>
      location.comparison_levels[compiled.compare(i, j)]!.label_for_charts;
    assert.equal(label(0, 1), 'Same address, postcode and town');
    assert.equal(label(0, 2), 'Same postcode and town');
    assert.equal(label(0, 3), 'All other comparisons');
    assert.equal(label(0, 4), 'Same UPRN');
  });

  it('puts u of a combined level no random pair reached at what independent parts would give', () => {
    // Level 2 was never seen in 100,000 pairs; its parts held for 0.1 % and 0.2 % of pairs.
    const u = uFromCounts([0, 500, 0, 99_500], 100_000, [undefined, undefined, 0.001 * 0.002, undefined]);
    assert.ok(Math.abs(u[2]! - 2e-6) < 1e-15, `${u[2]}`);
    assert.equal(u[1], 0.005);
    const common = uFromCounts([0, 500, 0, 99_500], 100_000, [undefined, undefined, 0.01, undefined]);
    assert.equal(common[2], 0.5 / 100_000, 'never above what the sample allows');
  });

  it('counts u without the random pairs that are matches', () => {
    const sample = {
      counts: Float64Array.of(0, 10, 990),
      observed: 1000,
      rare: Int32Array.of(0, 1, 1, 2, 3, 1, 4, 5, 1),
      independent: [],
    };
    // Two of the three kept pairs are surely one person each.
    const [u] = correctU([sample], [[1, 1, 0]]);
    assert.ok(Math.abs(u![1]! - 8 / 998) < 1e-12);
  });
});

describe('first names that are two names, not a slip', () => {
  it('tells Nicola and Nicholas (both common) from Rboert and Robert (a typing slip)', () => {
    const names = (given: string, count: number): LinkageRecord[] =>
      Array.from({ length: count }, () => record('a', { given_name: given, family_name: 'X' }));
    const records = [
      ...names('Nicola', 5),
      ...names('Nicholas', 4),
      ...names('Robert', 6),
      ...names('Rboert', 1),
    ];
    const table = buildRecordTable(records);
    const given = defaultModel().comparisons.find(
      (comparison) => comparison.output_column_name === 'given_name',
    )!;
    const compiled = new CompiledComparison(given, table);
    const label = (i: number, j: number): string =>
      given.comparison_levels[compiled.compare(i, j)]!.label_for_charts;
    assert.equal(label(0, 5), 'Similar but two names in common use');
    assert.equal(label(9, 15), 'Jaro-Winkler similarity >= 0.92');
  });
});

describe('surnames that run in communities', () => {
  it('weighs a shared surname by how often records of that first name share one', () => {
    const records: LinkageRecord[] = [];
    // Every Wei is a Ma or a Li; Alexanders have surnames of their own.
    for (let n = 0; n < 12; n++)
      records.push(record('a', { given_name: 'Wei', family_name: n % 2 ? 'Ma' : 'Li' }));
    for (let n = 0; n < 12; n++)
      records.push(record('a', { given_name: 'Alexander', family_name: `Surname${n}` }));
    records.push(record('a', { given_name: 'Alexander', family_name: 'Ma' }));
    records.push(record('a', { given_name: 'Alexander', family_name: 'Ma' }));
    const model = handTrainedModel();
    const family = model.comparisons.find((comparison) => comparison.output_column_name === 'family_name')!;
    family.comparison_levels[1]!.kindred_u_within = { comparison: 'given_name', pseudo_pairs: 5 };
    const scorer = new PairScorer(model, buildRecordTable(records));
    const weis = scorer.weight(1, 3);
    const alexanders = scorer.weight(24, 25);
    assert.ok(
      weis < alexanders - 2,
      `two Wei Ma ${weis.toFixed(1)}, two Alexander Ma ${alexanders.toFixed(1)}`,
    );
  });
});

describe('two records of one source', () => {
  it('join one person only when their own pair is a match, when the source seldom holds anyone twice', () => {
    // Records 0 and 2 are of one source; 1 looks like both.
    const weights = [
      [0, 10, 2],
      [10, 0, 10],
      [2, 10, 0],
    ];
    const scorer = {
      table: { size: 3, sources: Int32Array.of(0, 1, 0) },
      comparisons: [],
      model: { comparisons: [] },
      levelWeights: [],
      weight: (i: number, j: number) => weights[i]![j]!,
      levelsOf: () => false,
    } as unknown as PairScorer;
    const edges = {
      count: 2,
      left: Int32Array.of(0, 1),
      right: Int32Array.of(1, 2),
      weight: Float32Array.of(10, 10),
    };
    const held = clusterRecords(scorer, edges, { cannotLink: [], sameSourceMinWeight: 5 });
    assert.notEqual(held.personOf[0], held.personOf[2]);
    const free = clusterRecords(scorer, edges, { cannotLink: [] });
    assert.equal(free.personOf[0], free.personOf[2]);
  });
});
