import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shippedFramework } from '../criteria/index.ts';
import { type FamilyStage, type IdentificationRow, identifyFamilies } from './index.ts';

/** A row of the test extracts: identity and address, and the fact's code and date when it has one. */
function row(recordId: string, givenName: string, birth: string, fact = '', start = ''): IdentificationRow {
  return {
    record_id: recordId,
    given_name: givenName,
    family_name: 'Adams',
    date_of_birth: birth,
    sex: null,
    address_line_1: '1 High Street',
    postcode: 'NS1 4AB',
    fact: fact || null,
    fact_start: start || null,
    fact_end: null,
    fact_value: null,
  };
}

const options = { framework: shippedFramework('tf-2015'), asOf: '2026-11-25' };
const police = [
  { ...row('A1', 'Amy', '1985-03-04', 'dv.victim', '2026-05-01'), upload_id: 'u1', line: 2 },
  { ...row('A2', 'Ben', '2012-07-08', 'crime.proven_offence', '2026-02-10'), upload_id: 'u1', line: 3 },
  { ...row('A3', 'Cara', '2019-01-01'), upload_id: 'u1', line: 4 },
];

test('facts carry what provenanceOf takes of their rows, so evidence names the row itself', () => {
  const found = identifyFamilies([{ source: 'police', rows: police }], {
    ...options,
    provenanceOf: (extractRow) => ({ upload_id: extractRow.upload_id, line: extractRow.line }),
  });
  assert.equal(found.families.size, 1, 'the Adams household');
  const { household, assessment } = [...found.families.values()][0]!;
  const facts = household.members.flatMap((member) => member.facts);
  assert.deepEqual(facts.map((fact) => [fact.code, fact.upload_id, fact.line]).sort(), [
    ['crime.proven_offence', 'u1', 3],
    ['dv.victim', 'u1', 2],
  ]);
  const offence = assessment.evidence.crime![0]!.facts[0]!;
  assert.deepEqual([offence.upload_id, offence.line, offence.record_id], ['u1', 3, 'A2']);
});

test('without provenanceOf a fact keeps its row’s line, as kindred identify reports it', () => {
  const found = identifyFamilies([{ source: 'police', rows: police }], options);
  const facts = [...found.families.values()].flatMap(({ household }) =>
    household.members.flatMap((member) => member.facts),
  );
  assert.deepEqual(facts.map((fact) => fact.line).sort(), [2, 3]);
  assert.ok(
    facts.every((fact) => !('upload_id' in fact)),
    'nothing else of the row is kept',
  );
});

test('households are formed, then assessed, after linkage', () => {
  const stages: string[] = [];
  identifyFamilies([{ source: 'police', rows: police }], {
    ...options,
    linkage: { onStage: (stage) => stages.push(stage) },
    onStage: (stage: FamilyStage) => stages.push(stage),
  });
  assert.deepEqual(stages.slice(-3), ['assign', 'households', 'assess']);
});
