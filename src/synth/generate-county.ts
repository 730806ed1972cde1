/**
 * Generates a synthetic county household by household and writes it as partner extracts in the
 * standard format, with truth files (the true person and household of every record) and a manifest.
 * Memory stays flat: each household is written and forgotten before the next is made.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { extractColumns } from '../ingest/extract-columns.ts';
import { dayOf, isoOf } from './calendar.ts';
import { CountyContext, type HardCases } from './county-context.ts';
import { DwellingBook } from './dwellings.ts';
import { CsvFileWriter, csvField } from './extract-writer.ts';
import { buildHouseholds } from './households.ts';
import { Background } from './needs/background.ts';
import { NeedsPlanner } from './needs/plan-needs.ts';
import { Timeline } from './needs/timeline.ts';
import { NhsNumberIssuer } from './nhs-numbers.ts';
import { PartnerRecorder, type SourceCounts } from './partner-records.ts';
import type { Household } from './population.ts';
import { SeededRandom } from './random.ts';
import { type SourceName, sourceNames } from './sources.ts';
import { WorkerRoster } from './workers.ts';

/** Bump when the same seed would give a different county. */
export const generatorVersion = 1;

export interface CountyOptions {
  /** How many people live in the county. */
  people: number;
  seed: number;
  /** The assessment date, YYYY-MM-DD: nothing is dated after it except planned ends. */
  asOf: string;
  outDir: string;
  /** Called now and then with the number of people written so far. */
  onProgress?: (peopleWritten: number) => void;
}

export interface CountySummary {
  generator: 'kindred synth';
  version: number;
  seed: number;
  people: number;
  households: number;
  asOf: string;
  /** Rows and records of each extract, and the identity values written invalid on purpose. */
  sources: Record<SourceName, SourceCounts>;
  truth: { people: number; records: number };
  /** Twins, sons named after their fathers at the same address, namesakes born the same day elsewhere. */
  hardCases: HardCases;
  /** How many households each fact scenario (including each near miss at a threshold) was applied to. */
  scenarios: Record<string, number>;
  files: string[];
}

export const truthRecordColumns = ['source', 'record_id', 'person_id', 'household_id'] as const;
export const truthPeopleColumns = [
  'person_id',
  'household_id',
  'given_name',
  'family_name',
  'date_of_birth',
  'sex',
  'uprn',
  'postcode',
] as const;

const householdsPerBatch = 256;

export class CountyOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CountyOptionsError';
  }
}

function checkOptions(options: CountyOptions): number {
  if (!Number.isSafeInteger(options.people) || options.people < 1)
    throw new CountyOptionsError(`people must be a whole number of 1 or more, got ${options.people}.`);
  if (!Number.isSafeInteger(options.seed) || options.seed < 0)
    throw new CountyOptionsError(`seed must be a whole number of 0 or more, got ${options.seed}.`);
  const match = /^\d{4}-\d{2}-\d{2}$/.test(options.asOf);
  const asOf = match ? dayOf(options.asOf) : Number.NaN;
  if (Number.isNaN(asOf) || isoOf(asOf) !== options.asOf)
    throw new CountyOptionsError(`asOf must be a real date written YYYY-MM-DD, got "${options.asOf}".`);
  if (options.asOf < '1950-01-01')
    throw new CountyOptionsError(`asOf must be 1950 or later, got ${options.asOf}.`);
  return asOf;
}

export async function generateCounty(options: CountyOptions): Promise<CountySummary> {
  const asOf = checkOptions(options);
  await mkdir(options.outDir, { recursive: true });
  const manifestPath = join(options.outDir, 'manifest.json');
  // The manifest is written last, so a directory with one holds a finished county.
  await rm(manifestPath, { force: true });

  const header = extractColumns.join(',');
  const extracts = Object.fromEntries(
    sourceNames.map((source) => [source, new CsvFileWriter(join(options.outDir, `${source}.csv`), header)]),
  ) as Record<SourceName, CsvFileWriter>;
  const truthRecords = new CsvFileWriter(
    join(options.outDir, 'truth_records.csv'),
    truthRecordColumns.join(','),
  );
  const truthPeople = new CsvFileWriter(
    join(options.outDir, 'truth_people.csv'),
    truthPeopleColumns.join(','),
  );
  const writers = [...Object.values(extracts), truthRecords, truthPeople];

  try {
    const populationRandom = new SeededRandom(options.seed, 0);
    const context = new CountyContext(
      populationRandom,
      asOf,
      new DwellingBook(populationRandom),
      new NhsNumberIssuer(populationRandom),
    );
    const timeline = new Timeline(new SeededRandom(options.seed, 1), asOf);
    const background = new Background(timeline);
    const planner = new NeedsPlanner(timeline);
    const recordsRandom = new SeededRandom(options.seed, 2);
    const recorder = new PartnerRecorder(
      recordsRandom,
      asOf,
      new WorkerRoster(recordsRandom, options.people),
      extracts,
      truthRecords,
    );

    let written = 0;
    let households = 0;
    while (written < options.people) {
      for (let batch = 0; batch < householdsPerBatch && written < options.people; batch++) {
        const built = buildHouseholds(context);
        const kept: Household[] = [];
        for (const household of built) {
          const room = options.people - written;
          if (room <= 0) break;
          if (household.members.length > room) household.members.length = room;
          written += household.members.length;
          kept.push(household);
        }
        // Plant every household of the group before recording any: a problem may involve a parent living elsewhere.
        for (const household of kept) background.plant(household);
        for (const household of kept) planner.plan(household);
        for (const household of kept) {
          background.cover(household);
          recorder.recordHousehold(household);
          writeTruePeople(truthPeople, household);
          households++;
        }
      }
      options.onProgress?.(written);
      for (const writer of writers) await writer.ready();
    }
    for (const writer of writers) await writer.close();

    const summary: CountySummary = {
      generator: 'kindred synth',
      version: generatorVersion,
      seed: options.seed,
      people: written,
      households,
      asOf: options.asOf,
      sources: recorder.counts,
      truth: { people: truthPeople.rows, records: truthRecords.rows },
      hardCases: { ...context.made },
      scenarios: Object.fromEntries(planner.uses),
      files: [...sourceNames.map((source) => `${source}.csv`), 'truth_records.csv', 'truth_people.csv'],
    };
    await writeFile(manifestPath, `${JSON.stringify(summary, null, 2)}\n`);
    return summary;
  } catch (error) {
    for (const writer of writers) writer.abort();
    throw error;
  }
}

function writeTruePeople(truth: CsvFileWriter, household: Household): void {
  const { address } = household;
  for (const person of household.members) {
    truth.line(
      `${person.id},${household.id},${csvField(person.given)},${csvField(person.family)},${isoOf(person.born)},${person.sex},${address.uprn},${address.postcode}`,
    );
  }
}
