/**
 * The step after linkage on a synthetic county: households formed from linked records (the reference
 * rule), then tf-2015 assessed for every household. The population is built in memory with a seeded
 * PRNG (no files); each step runs several times and the median is reported.
 *
 *   node_modules/.bin/node bench/criteria.ts [--people 1000000] [--runs 3] [--framework tf-2015] [--only households|assess]
 */
import { parseArgs } from 'node:util';
import {
  type AssessedFact,
  assessHouseholds,
  type Household,
  type HouseholdMember,
  type ShippedFrameworkId,
  shippedFramework,
} from '../src/criteria/index.ts';
import { factCodes } from '../src/facts/vocabulary.ts';
import { formHouseholdColumns, type HouseholdRecord } from '../src/families/index.ts';

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    framework: { type: 'string', default: 'tf-2015' },
    only: { type: 'string' },
  },
});
const peopleWanted = Number(values.people);
const runs = Number(values.runs);
const frameworkId = values.framework as ShippedFrameworkId;
const assessmentDate = '2025-11-01';

let seed = 20251101;
const random = (): number => {
  // mulberry32
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const below = (count: number): number => Math.floor(random() * count);
const pick = <T>(items: readonly T[]): T => items[below(items.length)]!;

// Every day from 90 years before D to 2 years after, as ISO text, so facts share date strings.
const dayZero = Date.UTC(1935, 10, 1);
const days: string[] = [];
for (let time = dayZero; time <= Date.UTC(2027, 10, 1); time += 86_400_000)
  days.push(new Date(time).toISOString().slice(0, 10));
const dayOfD = days.indexOf(assessmentDate);
const dayAround = (offset: number): string => days[Math.max(0, Math.min(days.length - 1, dayOfD + offset))]!;

const codes = [...factCodes.map((fact) => fact.code), 'local.care_leaver'];
const eventCodes = new Set(factCodes.filter((fact) => fact.kind === 'event').map((fact) => fact.code));
const sources = ['police', 'school', 'dwp', 'social_care', 'health', 'housing'];
const streetNames = [
  'High',
  'Station',
  'Church',
  'Victoria',
  'Green',
  'Manor',
  'Oak',
  'Mill',
  'Park',
  'School',
  'Kings',
  'Queens',
];
const streetWords = [
  'Field',
  'Hill',
  'Wood',
  'Brook',
  'Farm',
  'Lodge',
  'Bridge',
  'Water',
  'Meadow',
  'Orchard',
  '',
];
// Street types as partners write them: the abbreviation or the word, for the rule to fold.
const streetTypes: [string, string][] = [
  ['Rd', 'Road'],
  ['St', 'Street'],
  ['Ln', 'Lane'],
  ['Ave', 'Avenue'],
  ['Cl', 'Close'],
  ['Gdns', 'Gardens'],
  ['Dr', 'Drive'],
  ['Cres', 'Crescent'],
];

function factFor(personIndex: number, recordId: string): AssessedFact {
  const code = pick(codes);
  const startOffset = -1100 + below(1160);
  const start = dayAround(startOffset);
  let end: string | null = null;
  if (!eventCodes.has(code) && random() < 0.5) end = dayAround(startOffset + 30 + below(700));
  let value: number | null = null;
  if (code === 'education.absence') value = Math.round(random() * 3000) / 100;
  else if (code === 'education.fixed_term_exclusion') value = random() < 0.5 ? null : 1 + below(2);
  else if (code === 'work.financial_exclusion') value = below(5000);
  return { source: sources[personIndex % sources.length]!, record_id: recordId, code, start, end, value };
}

interface County {
  households: Household[];
  records: HouseholdRecord[];
  factCount: number;
}

function buildCounty(): County {
  const households: Household[] = [];
  const records: HouseholdRecord[] = [];
  let people = 0;
  let factCount = 0;
  while (people < peopleWanted) {
    const householdIndex = households.length;
    const size = Math.min(peopleWanted - people, 1 + below(4));
    const street = `${1 + below(300)} ${pick(streetNames)}${pick(streetWords).toLowerCase()}`;
    const streetType = pick(streetTypes);
    const letters = 'ABDEFGHJLNPQRSTUWXYZ';
    const postcode = `ME${1 + below(20)} ${below(10)}${letters[below(20)]}${letters[below(20)]}`;
    const uprn = String(100000000 + householdIndex);
    const members: HouseholdMember[] = [];
    for (let index = 0; index < size; index++, people++) {
      const personId = `P${people}`;
      const recordId = `R${people}`;
      const ageRoll = random();
      const dateOfBirth =
        ageRoll < 0.05 ? null : dayAround(-(ageRoll < 0.35 ? below(18 * 365) : 18 * 365 + below(70 * 365)));
      const facts: AssessedFact[] = [];
      const factsWanted = below(7);
      for (let count = 0; count < factsWanted; count++) facts.push(factFor(people, recordId));
      factCount += facts.length;
      members.push({ personId, dateOfBirth, facts });
      // One to three linked records per person, most with the household's UPRN, some with address text only.
      const recordCount = 1 + (random() < 0.6 ? 1 : 0) + (random() < 0.2 ? 1 : 0);
      for (let count = 0; count < recordCount; count++) {
        const withUprn = random() < 0.7;
        const spelledOut = random() < 0.5;
        records.push({
          source: sources[(people + count) % sources.length]!,
          record_id: `${recordId}-${count}`,
          person_id: personId,
          household_ref: random() < 0.3 ? `C${householdIndex}` : null,
          uprn: withUprn ? uprn : null,
          address_line_1: `${street} ${spelledOut ? streetType[1] : streetType[0]}`,
          postcode: spelledOut ? postcode.toLowerCase() : postcode,
        });
      }
    }
    households.push({ id: `H${householdIndex}`, members });
  }
  return { households, records, factCount };
}

const median = (samples: number[]): number =>
  samples.length === 0 ? Number.NaN : [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;

const built = performance.now();
const county = buildCounty();
console.log(
  JSON.stringify({
    people: peopleWanted,
    households: county.households.length,
    linked_records: county.records.length,
    facts: county.factCount,
    build_seconds: Number(((performance.now() - built) / 1000).toFixed(2)),
    heap_used_mb: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
  }),
);

interface StepTimes {
  wall: number[];
  cpu: number[];
}

/** Runs a step `runs` times, printing wall-clock and CPU seconds of each (other work shares the machine). */
function timeStep<T>(
  step: string,
  skip: boolean,
  work: () => T,
): { times: StepTimes; result: T | undefined } {
  const times: StepTimes = { wall: [], cpu: [] };
  let result: T | undefined;
  for (let run = 0; run < (skip ? 0 : runs); run++) {
    result = undefined;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    result = work();
    times.wall.push((performance.now() - started) / 1000);
    const cpu = process.cpuUsage(cpuBefore);
    times.cpu.push((cpu.user + cpu.system) / 1e6);
    const seconds = Number(times.wall.at(-1)!.toFixed(2));
    console.log(
      JSON.stringify({ step, run: run + 1, seconds, cpu_seconds: Number(times.cpu.at(-1)!.toFixed(2)) }),
    );
  }
  return { times, result };
}

const households = timeStep('form households', values.only === 'assess', () =>
  formHouseholdColumns(county.records),
);
const framework = shippedFramework(frameworkId);
const assessed = timeStep(`assess ${frameworkId}`, values.only === 'households', () =>
  assessHouseholds(framework, county.households, assessmentDate),
);

const seconds = (samples: number[]): number => Number(median(samples).toFixed(2));
console.log(
  JSON.stringify({
    households_formed: households.result ? new Set(households.result.householdIds).size : null,
    households_with_problems:
      assessed.result?.filter((assessment) => assessment.problems.length > 0).length ?? null,
    eligible_households: assessed.result?.filter((assessment) => assessment.eligible).length ?? null,
    form_households_median_seconds: seconds(households.times.wall),
    form_households_median_cpu_seconds: seconds(households.times.cpu),
    assess_median_seconds: seconds(assessed.times.wall),
    assess_median_cpu_seconds: seconds(assessed.times.cpu),
    runs,
  }),
);
