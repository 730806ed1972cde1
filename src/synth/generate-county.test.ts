import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { extractColumns } from '../ingest/extract-columns.ts';
import { fixtureAsOf, smallCounty, temporaryDirectory } from './county-fixture.test-support.ts';
import {
  CountyOptionsError,
  generateCounty,
  truthPeopleColumns,
  truthRecordColumns,
} from './generate-county.ts';
import { sourceNames } from './sources.ts';

const countyFiles = [
  ...sourceNames.map((source) => `${source}.csv`),
  'truth_records.csv',
  'truth_people.csv',
  'manifest.json',
];

async function filesOf(directory: string): Promise<Map<string, Buffer>> {
  const contents = new Map<string, Buffer>();
  for (const name of countyFiles) contents.set(name, await readFile(join(directory, name)));
  return contents;
}

describe('generateCounty', () => {
  it('writes every extract with exactly the standard columns, and the truth files with theirs', async () => {
    const county = await smallCounty();
    assert.deepEqual((await readdir(county.directory)).sort(), [...countyFiles].sort());
    for (const source of sourceNames)
      assert.deepEqual(county.headers.get(`${source}.csv`), [...extractColumns], source);
    assert.equal(
      extractColumns.join(','),
      'record_id,nhs_number,given_name,family_name,date_of_birth,sex,address_line_1,address_line_2,town,postcode,uprn,household_ref,lead_worker,lead_worker_contact,fact,fact_start,fact_end,fact_value',
    );
    assert.deepEqual(county.headers.get('truth_records.csv'), [
      'source',
      'record_id',
      'person_id',
      'household_id',
    ]);
    assert.deepEqual(county.headers.get('truth_people.csv'), [...truthPeopleColumns]);
    assert.deepEqual([...truthRecordColumns], ['source', 'record_id', 'person_id', 'household_id']);
  });

  it('makes exactly the people asked for, and a manifest that counts what the files hold', async () => {
    const county = await smallCounty();
    const manifest = JSON.parse(await readFile(join(county.directory, 'manifest.json'), 'utf8'));
    assert.deepEqual(manifest, county.summary);
    assert.equal(manifest.people, 2_000);
    assert.equal(manifest.seed, 7);
    assert.equal(manifest.asOf, fixtureAsOf);
    assert.equal(county.truthPeople.length, 2_000);
    assert.equal(new Set(county.truthPeople.map((person) => person.household_id)).size, manifest.households);
    for (const source of sourceNames) {
      const rows = county.extracts.get(source) ?? [];
      assert.ok(rows.length > 0, `${source} has rows`);
      assert.equal(manifest.sources[source].rows, rows.length, source);
      assert.equal(manifest.sources[source].records, new Set(rows.map((row) => row.record_id)).size, source);
    }
    assert.equal(manifest.truth.records, county.truthRecords.length);
  });

  it('gives the same bytes for the same seed and a different county for another seed', async () => {
    const options = { people: 1_500, asOf: fixtureAsOf };
    const first = await temporaryDirectory();
    const second = await temporaryDirectory();
    const other = await temporaryDirectory();
    await generateCounty({ ...options, seed: 42, outDir: first });
    await generateCounty({ ...options, seed: 42, outDir: second });
    await generateCounty({ ...options, seed: 43, outDir: other });
    const [a, b, c] = await Promise.all([filesOf(first), filesOf(second), filesOf(other)]);
    for (const name of countyFiles)
      assert.ok(a.get(name)?.equals(b.get(name) as Buffer), `${name} is the same for the same seed`);
    assert.ok(
      !a.get('police.csv')?.equals(c.get('police.csv') as Buffer),
      'another seed gives another county',
    );
    assert.ok(!a.get('truth_people.csv')?.equals(c.get('truth_people.csv') as Buffer));
  });

  it('holds every record of every extract in the truth, once, and nothing else', async () => {
    const county = await smallCounty();
    const truth = new Map<string, string>();
    for (const row of county.truthRecords) {
      const key = `${row.source}|${row.record_id}`;
      assert.ok(!truth.has(key), `${key} is in the truth once`);
      truth.set(key, row.person_id as string);
    }
    const seen = new Set<string>();
    for (const source of sourceNames) {
      for (const row of county.extracts.get(source) ?? []) {
        const key = `${source}|${row.record_id}`;
        assert.ok(truth.has(key), `${key} is in the truth`);
        seen.add(key);
      }
    }
    assert.equal(seen.size, truth.size);
    const people = new Map(county.truthPeople.map((person) => [person.person_id, person.household_id]));
    for (const row of county.truthRecords) {
      assert.equal(
        people.get(row.person_id as string),
        row.household_id,
        `${row.person_id} lives in ${row.household_id}`,
      );
    }
  });

  it('refuses options it cannot honour, naming them', async () => {
    const outDir = await temporaryDirectory();
    await assert.rejects(
      generateCounty({ people: 0, seed: 1, asOf: fixtureAsOf, outDir }),
      CountyOptionsError,
    );
    await assert.rejects(generateCounty({ people: 10, seed: -1, asOf: fixtureAsOf, outDir }), /seed/);
    await assert.rejects(generateCounty({ people: 10, seed: 1, asOf: '2025-02-29', outDir }), /asOf/);
  });

  it('fails with the system error when the directory cannot be made', async () => {
    const directory = await temporaryDirectory();
    const blocker = join(directory, 'a-file');
    await writeFile(blocker, 'not a directory');
    await assert.rejects(
      generateCounty({ people: 10, seed: 1, asOf: fixtureAsOf, outDir: join(blocker, 'county') }),
      { code: 'ENOTDIR' },
    );
  });
});
