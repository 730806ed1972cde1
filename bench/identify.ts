/**
 * `kindred identify` on a synthetic county, against its truth. Reads the extracts as identify does, then:
 * families from the county's true people (truth_records.csv) and from linked people, each assessed with the
 * framework; reports the time of each step and how far the two agree — for every true family whose people
 * linkage got right (the same records, split into the same people), whether eligibility and the problem
 * set agree. With --no-link only the true-people step runs (the time after linkage, at any size).
 *
 *   node_modules/.bin/node bench/identify.ts --county DIR [--framework tf-2015] [--no-link] [--runs 3]
 */
import { parseArgs } from 'node:util';
import { type ShippedFrameworkId, shippedFramework } from '../src/criteria/index.ts';
import { assessFamilies, identificationAgreement, identifyFamilies } from '../src/families/index.ts';
import { readWrittenCounty } from '../src/synth/index.ts';

const { values } = parseArgs({
  options: {
    county: { type: 'string' },
    framework: { type: 'string', default: 'tf-2015' },
    'no-link': { type: 'boolean', default: false },
    runs: { type: 'string', default: '1' },
  },
});
if (!values.county) throw new Error('--county DIR is required (a directory written by kindred synth)');
const framework = shippedFramework(values.framework as ShippedFrameworkId);
const runs = Number(values.runs);
const seconds = (since: number): number => Number(((performance.now() - since) / 1000).toFixed(2));
const median = (samples: number[]): number =>
  [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;

let started = performance.now();
const county = await readWrittenCounty(values.county);
const { asOf } = county.summary;
const inputs = county.extracts;
const rowCount = inputs.reduce((sum, input) => sum + input.rows.length, 0);
console.log(
  JSON.stringify({ step: 'read', people: county.summary.people, rows: rowCount, seconds: seconds(started) }),
);
const truePerson = (source: string, recordId: string): string =>
  county.truePerson.get(`${source}\u0000${recordId}`)!;

const times: number[] = [];
const cpuTimes: number[] = [];
let truth: ReturnType<typeof assessFamilies> | undefined;
for (let run = 0; run < runs; run++) {
  truth = undefined;
  // The machine may be shared: CPU seconds say what the step costs when wall-clock time is inflated.
  const cpuBefore = process.cpuUsage();
  started = performance.now();
  truth = assessFamilies(inputs, truePerson, { framework, asOf });
  times.push(seconds(started));
  const cpu = process.cpuUsage(cpuBefore);
  cpuTimes.push(Number(((cpu.user + cpu.system) / 1e6).toFixed(2)));
}
const eligibleTrue = [...truth!.families.values()].filter((family) => family.assessment.eligible).length;
console.log(
  JSON.stringify({
    step: 'households and assessment (true people)',
    families: truth!.families.size,
    eligible: eligibleTrue,
    seconds: times,
    median_seconds: median(times),
    cpu_seconds: cpuTimes,
    median_cpu_seconds: median(cpuTimes),
  }),
);

if (!values['no-link']) {
  started = performance.now();
  const linked = identifyFamilies(inputs, { framework, asOf });
  console.log(
    JSON.stringify({
      step: 'identify (linkage, households, assessment)',
      people: linked.linkage.figures.people,
      families: linked.families.size,
      eligible: [...linked.families.values()].filter((family) => family.assessment.eligible).length,
      seconds: seconds(started),
      linkage_seconds: linked.linkage.figures.seconds,
    }),
  );

  console.log(
    JSON.stringify({ step: 'agreement with the truth', ...identificationAgreement(truth!, linked) }),
  );
}
