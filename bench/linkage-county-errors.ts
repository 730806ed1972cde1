/**
 * Where a synthetic county's linkage errors come from: false merges and missed matches, counted
 * in record pairs (the unit of pairwise precision and recall) and sorted into case types with the
 * truth people (truth_people.csv) a county carries. Truth is read only to sort the errors.
 *   node_modules/.bin/node bench/linkage-county-errors.ts DIR [examples-per-case]
 */
import { createReadStream } from 'node:fs';
import { readCsv } from '../src/csv/index.ts';
import { blockPairs, explainPair, linkRecords } from '../src/linkage/index.ts';
import { countyFromDirectory, pairwiseQuality } from './linkage-datasets.ts';

const [directory, examplesText = '2'] = process.argv.slice(2);
if (!directory) throw new Error('Usage: bench/linkage-county-errors.ts DIR [examples-per-case]');
const examples = Number(examplesText);

interface TruthPerson {
  household: string;
  given: string;
  family: string;
  born: string;
}
const people = new Map<string, TruthPerson>();
let header: string[] | undefined;
for await (const row of readCsv(createReadStream(`${directory}/truth_people.csv`), {
  file: 'truth_people.csv',
})) {
  if (!header) {
    header = row.fields;
    continue;
  }
  const cell = (name: string): string => row.fields[header!.indexOf(name)] ?? '';
  people.set(cell('person_id'), {
    household: cell('household_id'),
    given: cell('given_name'),
    family: cell('family_name'),
    born: cell('date_of_birth'),
  });
}

const set = await countyFromDirectory(directory);
const started = performance.now();
const result = linkRecords(set.records);
const seconds = (performance.now() - started) / 1000;
const quality = pairwiseQuality(result.personIds, set.truth);
console.log(
  JSON.stringify({
    set: directory,
    records: set.records.length,
    precision: Number(quality.precision.toFixed(4)),
    recall: Number(quality.recall.toFixed(4)),
    f1: Number(quality.f1.toFixed(4)),
    false_pairs: quality.predicted_pairs - quality.true_positives,
    missed_pairs: quality.true_pairs - quality.true_positives,
    seconds: Number(seconds.toFixed(2)),
  }),
);

const { pairs } = blockPairs(result.table, result.model.blocking_rules_to_generate_predictions, {
  maxBlockSize: result.model.kindred_clustering.max_block_size,
});
const candidates = new Set<number>();
for (let p = 0; p < pairs.count; p++) candidates.add(pairs.left[p]! * 16777216 + pairs.right[p]!);
const isCandidate = (i: number, j: number): boolean =>
  candidates.has(Math.min(i, j) * 16777216 + Math.max(i, j));
const threshold = probabilityWeight(result.model.kindred_clustering.threshold_match_probability);
function probabilityWeight(p: number): number {
  return Math.log2(p / (1 - p));
}

const has = (record: number, column: 'date_of_birth' | 'nhs_number'): boolean => {
  const c = result.table.columns[column];
  return c.offsets[record + 1]! > c.offsets[record]!;
};
const values = (record: number, column: keyof typeof result.table.columns): string[] => {
  const c = result.table.columns[column];
  const out: string[] = [];
  for (let p = c.offsets[record]!; p < c.offsets[record + 1]!; p++) out.push(c.values[c.ids[p]!]!);
  return out;
};
const shares = (i: number, j: number, column: keyof typeof result.table.columns): boolean => {
  const right = new Set(values(j, column));
  return values(i, column).some((value) => right.has(value));
};
const years = (a: string, b: string): number =>
  Math.abs(new Date(a).getTime() - new Date(b).getTime()) / (365.25 * 86_400_000);

function falseCase(i: number, j: number): string {
  const a = people.get(set.truth[i]!)!;
  const b = people.get(set.truth[j]!)!;
  const noDob = !has(i, 'date_of_birth') || !has(j, 'date_of_birth') ? 'no dob' : 'both dob';
  const sameName =
    a.given.toLowerCase() === b.given.toLowerCase() && a.family.toLowerCase() === b.family.toLowerCase();
  if (a.household === b.household) {
    if (a.born === b.born) return `household: twins (${noDob})`;
    if (sameName)
      return `household: same name, ${years(a.born, b.born) > 12 ? 'generations apart' : 'close ages'} (${noDob})`;
    if (a.family === b.family) return `household: same surname, different given (${noDob})`;
    return `household: other member (${noDob})`;
  }
  if (sameName && a.born === b.born) return `elsewhere: namesake born same day (${noDob})`;
  if (sameName) return `elsewhere: same name (${noDob})`;
  return `elsewhere: other (${noDob})`;
}

function missedCase(i: number, j: number): string {
  const parts: string[] = [];
  if (!has(i, 'date_of_birth') || !has(j, 'date_of_birth')) parts.push('no dob');
  else if (!shares(i, j, 'date_of_birth')) parts.push('dob differs');
  if (!shares(i, j, 'postcode') && !shares(i, j, 'uprn')) parts.push('moved/postcode differs');
  if (!shares(i, j, 'family_name')) parts.push('family differs');
  if (!shares(i, j, 'given_name')) parts.push('given differs');
  if (has(i, 'nhs_number') && has(j, 'nhs_number'))
    parts.push(shares(i, j, 'nhs_number') ? 'same nhs' : 'nhs differs');
  return parts.length > 0 ? parts.join(' + ') : 'all agree';
}

function stage(i: number, j: number): string {
  if (!isCandidate(i, j)) return 'not blocked';
  const weight = result.scorer.weight(i, j);
  return weight >= threshold ? 'scored above, clustering kept apart' : 'scored below threshold';
}

interface Tally {
  pairs: number;
  byStage: Map<string, number>;
  shown: string[];
}
const tallies = { false: new Map<string, Tally>(), missed: new Map<string, Tally>() };
const describe = (record: number): string => {
  const r = set.records[record]!;
  return `${r.source}:${r.recordId} ${JSON.stringify(r.variants[0])}${r.variants.length > 1 ? ` +${r.variants.length - 1} variants` : ''}`;
};
function count(kind: 'false' | 'missed', label: string, i: number, j: number, stageLabel: string): void {
  const map = tallies[kind];
  let tally = map.get(label);
  if (!tally) {
    tally = { pairs: 0, byStage: new Map(), shown: [] };
    map.set(label, tally);
  }
  tally.pairs++;
  tally.byStage.set(stageLabel, (tally.byStage.get(stageLabel) ?? 0) + 1);
  if (tally.shown.length < examples) {
    const explanation = explainPair(result.scorer, i, j);
    tally.shown.push(
      `    [${stageLabel}] w=${explanation.match_weight.toFixed(1)}\n      ${describe(i)}\n      ${describe(j)}\n      ${explanation.bars
        .filter((bar) => bar.comparison_vector_value !== -1)
        .map((bar) => `${bar.column_name}:${bar.label_for_charts}=${bar.log2_bayes_factor.toFixed(1)}`)
        .join(', ')}`,
    );
  }
}

const group = (keys: readonly string[]): Map<string, number[]> => {
  const map = new Map<string, number[]>();
  keys.forEach((key, record) => {
    const list = map.get(key);
    if (list) list.push(record);
    else map.set(key, [record]);
  });
  return map;
};
for (const members of group(result.personIds).values()) {
  for (let a = 0; a < members.length; a++) {
    for (let b = a + 1; b < members.length; b++) {
      const i = members[a]!;
      const j = members[b]!;
      if (set.truth[i] === set.truth[j]) continue;
      const direct = isCandidate(i, j) && result.scorer.weight(i, j) >= threshold;
      count('false', falseCase(i, j), i, j, direct ? 'direct edge' : 'chained');
    }
  }
}
for (const members of group(set.truth).values()) {
  for (let a = 0; a < members.length; a++) {
    for (let b = a + 1; b < members.length; b++) {
      const i = members[a]!;
      const j = members[b]!;
      if (result.personIds[i] === result.personIds[j]) continue;
      count('missed', missedCase(i, j), i, j, stage(i, j));
    }
  }
}
for (const kind of ['false', 'missed'] as const) {
  const sorted = [...tallies[kind].entries()].sort((x, y) => y[1].pairs - x[1].pairs);
  console.log(`\n${kind === 'false' ? 'FALSE MERGES' : 'MISSED MATCHES'} (record pairs)`);
  for (const [label, tally] of sorted) {
    console.log(
      `  ${String(tally.pairs).padStart(5)}  ${label}  {${[...tally.byStage].map(([s, n]) => `${s}: ${n}`).join(', ')}}`,
    );
    if (examples > 0) console.log(tally.shown.join('\n'));
  }
}
