import { access, constants, mkdir, stat } from 'node:fs/promises';
import { localToday } from '../../ingest/index.ts';
import { CountyOptionsError, generateCounty, sourceNames } from '../../synth/index.ts';
import { type Command, dateOption, integerOption, requiredOption, UsageError } from '../command.ts';
import { startProgress } from '../progress.ts';

const usage = `Usage: kindred synth --out DIR [--people N] [--seed S] [--as-of YYYY-MM-DD]

Writes a synthetic county as partner extracts in the standard format (${sourceNames.length} files:
${sourceNames.map((source) => `${source}.csv`).join(', ')}),
the truth of every record (truth_records.csv: source,record_id,person_id,household_id) and of every
person (truth_people.csv), and manifest.json (seed, size, rows and records per extract). The same
seed, size and date always give the same files, byte for byte.

  --out DIR         where to write; created if missing, and files of the same names in it are replaced
  --people N        how many people live in the county (default 20000)
  --seed S          the random seed, a whole number (default 1)
  --as-of DATE      the assessment date: nothing is dated after it but planned ends (default today)

Exit codes: 0 written; 1 the directory could not be written; 2 usage.`;

/** The directory exists (or is made) and can be written, before any work starts. */
async function writableDirectory(path: string): Promise<void> {
  try {
    const existing = await stat(path).catch(() => undefined);
    if (existing && !existing.isDirectory())
      throw new UsageError(`--out ${path} is a file, not a directory.`, 1);
    if (!existing) await mkdir(path, { recursive: true });
    await access(path, constants.W_OK);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      `Cannot write to ${path}: ${(error as Error).message}. Choose a directory you can write to.`,
      1,
    );
  }
}

export const synthCommand: Command = {
  name: 'synth',
  usage,
  options: {
    out: { type: 'string' },
    people: { type: 'string' },
    seed: { type: 'string' },
    'as-of': { type: 'string' },
  },
  async run(parsed) {
    const outDir = requiredOption(parsed, 'out', usage);
    const people = integerOption(parsed, 'people', 20_000);
    if (people < 1) throw new UsageError('--people must be 1 or more.');
    const seed = integerOption(parsed, 'seed', 1);
    if (!Number.isSafeInteger(seed))
      throw new UsageError(`--seed must be at most ${Number.MAX_SAFE_INTEGER}.`);
    const asOf = dateOption(parsed, 'as-of', localToday());
    await writableDirectory(outDir);

    const progress = startProgress('Generating the county', people);
    const started = Date.now();
    let summary: Awaited<ReturnType<typeof generateCounty>>;
    try {
      summary = await generateCounty({
        people,
        seed,
        asOf,
        outDir,
        onProgress: (done) => progress.set(done),
      });
    } catch (error) {
      progress.finish('Stopped.');
      if (error instanceof CountyOptionsError) throw new UsageError(error.message);
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== undefined)
        throw new UsageError(`Cannot write the county to ${outDir}: ${(error as Error).message}.`, 1);
      throw error;
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    progress.finish(
      `Generated ${summary.people.toLocaleString('en-GB')} people in ${summary.households.toLocaleString('en-GB')} households in ${seconds} s.`,
    );
    const lines = sourceNames.map((source) => {
      const counts = summary.sources[source];
      return `  ${`${source}.csv`.padEnd(24)} ${counts.rows.toLocaleString('en-GB').padStart(11)} rows ${counts.records.toLocaleString('en-GB').padStart(11)} records`;
    });
    console.log(
      [
        `Wrote to ${outDir} (seed ${seed}, as of ${asOf}):`,
        ...lines,
        `  ${'truth_records.csv'.padEnd(24)} ${summary.truth.records.toLocaleString('en-GB').padStart(11)} records`,
        `  ${'truth_people.csv'.padEnd(24)} ${summary.truth.people.toLocaleString('en-GB').padStart(11)} people`,
      ].join('\n'),
    );
    return 0;
  },
};
