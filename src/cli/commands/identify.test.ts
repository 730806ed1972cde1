import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runKindred } from '../../../test/cli/run-kindred.ts';
import { handTrainedModel } from '../../linkage/linkage-fixtures.test-support.ts';

const header =
  'record_id,nhs_number,given_name,family_name,date_of_birth,sex,address_line_1,address_line_2,town,postcode,uprn,household_ref,fact,fact_start,fact_end,fact_value';

interface FamilyRow {
  familyId: string;
  personId: string;
  eligible: string;
  problems: string;
}

function familiesOf(path: string): Map<string, FamilyRow> {
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  assert.equal(lines[0], 'family_id,source,record_id,person_id,eligible,problems');
  return new Map(
    lines.slice(1).map((line) => {
      const [familyId, source, recordId, personId, eligible, problems] = line.split(',');
      return [
        `${source}/${recordId}`,
        { familyId: familyId!, personId: personId!, eligible: eligible!, problems: problems! },
      ];
    }),
  );
}

describe('kindred identify', () => {
  const directory = mkdtempSync(join(tmpdir(), 'kindred-identify-'));
  const file = (name: string, lines: string[]): string => {
    const path = join(directory, name);
    writeFileSync(path, `${[header, ...lines].join('\n')}\n`);
    return path;
  };
  // At D = 2025-11-01. The Smiths: a child with ASB and absence, a father under sentence and out of work.
  // The Joneses: two problems but no child. Tom Brown: one household with Lily by a household reference,
  // his offence dated after D. Zed: no address, a household alone.
  const police = file('police.csv', [
    'N1,,Dean,Smith,1985-03-02,M,5 Oak Road,,Leeds,LS1 1AA,1001,,crime.community_sentence,2025-06-01,,',
    'N2,,Kai,Smith,2012-04-04,M,5 Oak Road,,Leeds,LS1 1AA,1001,,crime.asb_intervention,2025-08-01,,',
    'N3,,Amy,Jones,1990-01-01,F,7 Elm Street,,Leeds,LS2 2BB,2002,,dv.victim,2025-03-01,,',
    'N4,,Zed,Null,1970-07-07,M,,,,,,,,,,',
  ]);
  const schools = file('schools.csv', [
    'S1,,Kai,Smith,2012-04-04,M,5 Oak Rd,,Leeds,ls1 1aa,,,education.absence,2025-01-06,2025-07-20,14',
  ]);
  const dwp = file('dwp.csv', [
    'D1,,Dean,Smith,1985-03-02,M,5 Oak Road,,Leeds,LS1 1AA,1001,,work.out_of_work_benefit,2025-02-01,,',
    'D2,,Amy,Jones,1990-01-01,F,7 Elm Street,,Leeds,LS2 2BB,2002,,work.financial_exclusion,2025-05-01,,350',
  ]);
  const children = file('childrens_services.csv', [
    'C1,,Lily,Brown,2015-01-01,F,9 Ash Close,,Leeds,LS3 3CC,,HR1,children.child_in_need,2025-09-01,,',
    'C2,,Tom,Brown,1980-05-05,M,2 Birch Lane,,Leeds,LS4 4DD,,HR1,dv.perpetrator,2025-12-01,,',
  ]);
  const model = join(directory, 'model.json');
  writeFileSync(model, JSON.stringify(handTrainedModel()));
  const inputs = [`police=${police}`, `schools=${schools}`, `dwp=${dwp}`, `childrens_services=${children}`];

  it('writes every record with its family, eligibility and problems', async () => {
    const out = join(directory, 'families.csv');
    const evidence = join(directory, 'evidence.json');
    const result = await runKindred([
      'identify',
      '--framework',
      'tf-2015',
      '--as-of',
      '2025-11-01',
      ...inputs,
      '--model',
      model,
      '--out',
      out,
      '--evidence',
      evidence,
    ]);
    assert.equal(result.code, 0, result.stderr);
    const families = familiesOf(out);
    assert.equal(families.size, 9, 'one row per record');

    const smith = families.get('police/N1')!;
    for (const record of ['police/N2', 'schools/S1', 'dwp/D1'])
      assert.equal(families.get(record)!.familyId, smith.familyId, `${record} is a Smith`);
    assert.equal(families.get('police/N1')!.personId, families.get('dwp/D1')!.personId);
    assert.equal(families.get('police/N2')!.personId, families.get('schools/S1')!.personId);
    assert.deepEqual([smith.eligible, smith.problems], ['true', 'crime;education;work']);

    const jones = families.get('police/N3')!;
    assert.equal(families.get('dwp/D2')!.familyId, jones.familyId);
    assert.notEqual(jones.familyId, smith.familyId);
    assert.deepEqual([jones.eligible, jones.problems], ['false', 'dv;work'], 'no child: not eligible');

    const brown = families.get('childrens_services/C1')!;
    assert.equal(families.get('childrens_services/C2')!.familyId, brown.familyId, 'one household_ref');
    assert.deepEqual([brown.eligible, brown.problems], ['false', 'children'], 'a fact after D is not seen');

    const zed = families.get('police/N4')!;
    assert.deepEqual([zed.eligible, zed.problems], ['false', '']);
    assert.equal(new Set([...families.values()].map((row) => row.familyId)).size, 4);

    const report = JSON.parse(readFileSync(evidence, 'utf8')) as {
      families: {
        householdId: string;
        evidence: Record<string, { indicator: string; facts: { source: string; line: number }[] }[]>;
      }[];
    };
    const smithEvidence = report.families.find((family) => family.householdId === smith.familyId)!;
    assert.deepEqual(
      smithEvidence.evidence.education!.map((met) => met.facts.map((fact) => `${fact.source}:${fact.line}`)),
      [['schools:2']],
    );
  });

  it('takes a local framework file, and names the mistake in one that is wrong', async () => {
    const framework = JSON.parse(
      readFileSync(new URL('../../criteria/frameworks/tf-2015.json', import.meta.url), 'utf8'),
    );
    const local = join(directory, 'local.json');
    writeFileSync(
      local,
      JSON.stringify({
        ...framework,
        id: 'leeds-2025',
        eligibility: { ...framework.eligibility, minimumProblems: 1 },
      }),
    );
    const out = join(directory, 'local-families.csv');
    const args = ['--as-of', '2025-11-01', ...inputs, '--model', model, '--out', out];
    const result = await runKindred(['identify', '--framework', local, ...args]);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(
      [familiesOf(out).get('childrens_services/C1')!.eligible, familiesOf(out).get('police/N3')!.eligible],
      ['true', 'false'],
      'one problem is enough locally; the Joneses still have no child',
    );

    writeFileSync(local, JSON.stringify({ ...framework, eligibility: { minimumProblems: 'two' } }));
    const wrong = await runKindred(['identify', '--framework', local, ...args]);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /local\.json: eligibility/);

    const unknown = await runKindred(['identify', '--framework', 'tf-2099', ...args]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /tf-2099.*neither a reference framework/);
  });

  it('names the file, line and column of bad input, and refuses a file it cannot read', async () => {
    const out = join(directory, 'bad-families.csv');
    const bad = file('bad.csv', [
      'B1,,Ann,Lee,1999-02-30,F,1 Yew Road,,Leeds,LS5 5EE,,,,,,',
      'B2,,Bob,Lee,1998-01-01,M,1 Yew Road,,Leeds,LS5 5EE,,,crime.not_a_code,2025-01-01,,',
    ]);
    const result = await runKindred([
      'identify',
      '--framework',
      'tf-2015',
      '--as-of',
      '2025-11-01',
      `bad=${bad}`,
      '--out',
      out,
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /bad\.csv, line 2, date_of_birth/);
    assert.match(result.stderr, /bad\.csv, line 3, fact/);
    assert.ok(familiesOf(out).has('bad/B1'), 'a row with a dropped value is kept');

    const broken = join(directory, 'broken.csv');
    writeFileSync(broken, 'record_id,given_name\n"R1,Ann\n');
    const failed = await runKindred([
      'identify',
      '--framework',
      'tf-2015',
      '--as-of',
      '2025-11-01',
      `broken=${broken}`,
      '--out',
      out,
    ]);
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /broken\.csv/);

    const noDate = await runKindred(['identify', '--framework', 'tf-2015', `bad=${bad}`, '--out', out]);
    assert.equal(noDate.code, 2);
    assert.match(noDate.stderr, /--as-of is required/);
  });
});
