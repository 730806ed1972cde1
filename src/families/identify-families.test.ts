import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { shippedFramework } from '../criteria/index.ts';
import { generateCounty, readWrittenCounty } from '../synth/index.ts';
import { identificationAgreement } from './identification-agreement.ts';
import { assessFamilies, identifyFamilies } from './identify-families.ts';

const directory = mkdtempSync(join(tmpdir(), 'kindred-identify-county-'));
after(() => rmSync(directory, { recursive: true, force: true }));

test('on a synthetic county, identification agrees with the truth wherever linkage got the people right', async () => {
  await generateCounty({ people: 4000, seed: 11, asOf: '2025-11-01', outDir: directory });
  const county = await readWrittenCounty(directory);
  const options = { framework: shippedFramework('tf-2015'), asOf: county.summary.asOf };
  const truth = assessFamilies(
    county.extracts,
    (source, recordId) => county.truePerson.get(`${source}\u0000${recordId}`)!,
    options,
  );
  const found = identifyFamilies(county.extracts, options);
  const agreement = identificationAgreement(truth, found);

  assert.ok(
    agreement.trueEligible >= 10,
    `a county of 4,000 has eligible families (${agreement.trueEligible})`,
  );
  assert.ok(
    agreement.familiesLinkedRight >= 0.95 * agreement.trueFamilies,
    `families linked right: ${agreement.familiesLinkedRight} of ${agreement.trueFamilies}`,
  );
  assert.ok(
    agreement.eligibleFamiliesLinkedRight >= 0.85 * agreement.trueEligible,
    `eligible families linked right: ${agreement.eligibleFamiliesLinkedRight} of ${agreement.trueEligible}`,
  );
  assert.equal(agreement.eligibilityAgrees, agreement.familiesLinkedRight, 'eligibility');
  assert.deepEqual(agreement.disagreements, [], 'problem sets');
  assert.equal(agreement.problemsAgree, agreement.familiesLinkedRight);

  const records = county.extracts.reduce(
    (sum, extract) => sum + new Set(extract.rows.map((row) => row.record_id)).size,
    0,
  );
  assert.equal(found.records.length, records, 'every record is in a family');
});
