/**
 * Shows true pairs that were missed and false pairs that were made, with their explanations:
 *   node_modules/.bin/node bench/linkage-misses.ts SET [how-many]
 */
import { explainPair, linkRecords } from '../src/linkage/index.ts';
import { benchmarkSets } from './linkage-datasets.ts';

const [name = 'febrl4', howMany = '10'] = process.argv.slice(2);
const set = await benchmarkSets[name]!();
const result = linkRecords(set.records);
const byEntity = new Map<string, number[]>();
set.truth.forEach((entity, record) => {
  const list = byEntity.get(entity) ?? [];
  list.push(record);
  byEntity.set(entity, list);
});
const describe = (record: number): string => JSON.stringify(set.records[record]!.variants);
const show = (i: number, j: number, kind: string): void => {
  const explanation = explainPair(result.scorer, i, j);
  console.log(`${kind} w=${explanation.match_weight.toFixed(1)}\n  ${describe(i)}\n  ${describe(j)}`);
  console.log(
    `  ${explanation.bars
      .filter((bar) => bar.comparison_vector_value !== -1)
      .map((bar) => `${bar.column_name}:${bar.label_for_charts}=${bar.log2_bayes_factor.toFixed(1)}`)
      .join(', ')}`,
  );
};
let missed = 0;
for (const members of byEntity.values()) {
  for (let a = 0; a < members.length && missed < Number(howMany); a++) {
    for (let b = a + 1; b < members.length && missed < Number(howMany); b++) {
      const i = members[a]!;
      const j = members[b]!;
      if (result.personIds[i] !== result.personIds[j]) {
        missed++;
        show(i, j, 'MISSED');
      }
    }
  }
}
const byPerson = new Map<string, number[]>();
result.personIds.forEach((person, record) => {
  const list = byPerson.get(person) ?? [];
  list.push(record);
  byPerson.set(person, list);
});
let wrong = 0;
for (const members of byPerson.values()) {
  for (let a = 0; a < members.length && wrong < Number(howMany); a++) {
    for (let b = a + 1; b < members.length && wrong < Number(howMany); b++) {
      if (set.truth[members[a]!] !== set.truth[members[b]!]) {
        wrong++;
        show(members[a]!, members[b]!, 'FALSE');
      }
    }
  }
}
