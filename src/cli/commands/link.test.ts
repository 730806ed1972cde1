import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runKindred } from '../../../test/cli/run-kindred.ts';
import { handTrainedModel } from '../../linkage/linkage-fixtures.test-support.ts';

const header =
  'record_id,nhs_number,given_name,family_name,date_of_birth,sex,address_line_1,address_line_2,town,postcode,uprn,household_ref,fact,fact_start,fact_end,fact_value';

function peopleOf(path: string): Map<string, string> {
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  assert.equal(lines[0], 'source,record_id,person_id');
  return new Map(
    lines.slice(1).map((line) => {
      const [source, recordId, personId] = line.split(',');
      return [`${source}/${recordId}`, personId!];
    }),
  );
}

describe('kindred link', () => {
  const directory = mkdtempSync(join(tmpdir(), 'kindred-link-'));
  const police = join(directory, 'police.csv');
  const school = join(directory, 'school.csv');
  writeFileSync(
    police,
    [
      header,
      'N1,,William,Jones,1980-02-07,M,12 High Street,,Leeds,LS6 2AB,,,crime.proven_offence,2024-01-05,,',
      'N1,,Bill,Jones,1980-02-07,M,3 Park Road,,Leeds,LS6 3CD,,,,,,',
      'N2,,Amelia,Khan,2012-05-01,F,4 Mill Lane,,Leeds,LS7 1AA,,,,,,',
      'N3,,,,,,,,,,,,,,,',
    ].join('\n'),
  );
  writeFileSync(
    school,
    [
      header,
      'S1,,Will,Jones,1980-02-07,M,3 Park Rd,,Leeds,LS6 3CD,,,,,,',
      'S2,,Amelia,Khan,2012-05-01,F,4 Mill Lane,,Leeds,LS7 1AA,,,education.absence,2024-09-01,2024-12-20,12',
      'S3,,Olivia,Khan,2012-05-01,F,4 Mill Lane,,Leeds,LS7 1AA,,,,,,',
    ].join('\n'),
  );

  const handModel = join(directory, 'hand-model.json');
  writeFileSync(handModel, JSON.stringify(handTrainedModel()));

  it('writes a person for every record, linking across and within sources', async () => {
    const out = join(directory, 'people.csv');
    const result = await runKindred([
      'link',
      `police=${police}`,
      `school=${school}`,
      '--model',
      handModel,
      '--out',
      out,
      '--today',
      '2025-01-01',
    ]);
    assert.equal(result.code, 0, result.stderr);
    const people = peopleOf(out);
    assert.deepEqual([...people.keys()].sort(), [
      'police/N1',
      'police/N2',
      'police/N3',
      'school/S1',
      'school/S2',
      'school/S3',
    ]);
    assert.equal(people.get('police/N1'), people.get('school/S1'));
    assert.equal(people.get('police/N2'), people.get('school/S2'));
    assert.notEqual(people.get('school/S2'), people.get('school/S3'));
    assert.notEqual(people.get('police/N3'), people.get('police/N1'));
  });

  it('trains a model on the files when none is given, keeps person ids from a previous run', async () => {
    const first = join(directory, 'first.csv');
    const model = join(directory, 'model.json');
    const firstRun = await runKindred([
      'link',
      `police=${police}`,
      `school=${school}`,
      '--out',
      first,
      '--save-model',
      model,
    ]);
    assert.equal(firstRun.code, 0, firstRun.stderr);
    const second = join(directory, 'second.csv');
    const secondRun = await runKindred([
      'link',
      `police=${police}`,
      `school=${school}`,
      '--model',
      model,
      '--previous',
      first,
      '--out',
      second,
    ]);
    assert.equal(secondRun.code, 0, secondRun.stderr);
    assert.deepEqual(peopleOf(second), peopleOf(first));
    assert.equal(JSON.parse(readFileSync(model, 'utf8')).kindred_model_version, 1);
  });

  it('says what is wrong with the command line', async () => {
    const noOut = await runKindred(['link', `police=${police}`]);
    assert.equal(noOut.code, 2);
    assert.match(noOut.stderr, /--out is required/);
    const badThreshold = await runKindred([
      'link',
      `police=${police}`,
      '--out',
      join(directory, 'x.csv'),
      '--threshold',
      '2',
    ]);
    assert.equal(badThreshold.code, 2);
    assert.match(badThreshold.stderr, /--threshold must be a probability/);
    const missing = await runKindred([
      'link',
      `police=${join(directory, 'none.csv')}`,
      '--out',
      join(directory, 'x.csv'),
    ]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /There is no file/);
  });
});
