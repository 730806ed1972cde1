/**
 * Governed ingestion speed: one extract of fact rows uploaded through `uploadExtract` (fingerprint, agreement
 * check, validation pass, loading pass, visibility) into PGlite on disk and into the PostgreSQL server.
 * Generates the extract into /tmp once, then uploads it several times (each time into a new data flow, as the
 * same file into the same flow would be recognised and not loaded again). Reports each run, the median, the
 * phases of the last run and the process's peak memory.
 *
 *   node_modules/.bin/node bench/ingest.ts [--rows 1000000] [--runs 3] [--database pglite|postgres|both]
 *
 * The server is TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres); a scratch database
 * is created on it and dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { type Database, openPglite, openPostgres } from '../src/db/index.ts';
import { type UploadProgress, uploadExtract } from '../src/ingest/index.ts';
import { everythingShared, writeSyntheticExtract } from '../src/ingest/synthetic-extract.test-support.ts';
import { buildDataFlow, signPoliceAgreement } from '../src/ingest/upload.test-support.ts';
import { buildOrganisation, buildUser } from '../test/support/factories.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    database: { type: 'string', default: 'both' },
  },
});
const rowCount = Number(values.rows);
const runs = Number(values.runs);
const today = '2026-11-25';
const path = `/tmp/kindred-bench/ingest-${rowCount}.csv`;
const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const median = (numbers: number[]): number => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const rate = (value: number): string => Math.round(value).toLocaleString('en-GB');

async function benchmark(kind: 'pglite' | 'postgres'): Promise<void> {
  let db: Database;
  let scratch: string | undefined;
  const directory = mkdtempSync(join(tmpdir(), 'kindred-bench-ingest-'));
  if (kind === 'pglite') db = await openPglite({ dataDirectory: directory });
  else {
    scratch = `kindred_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${scratch}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${scratch}`;
    db = await openPostgres({ adminUrl: url.toString() });
  }
  try {
    const councilId = await buildOrganisation(db, 'council');
    const policeId = await buildOrganisation(db, 'police');
    const scene = {
      councilId,
      policeId,
      coordinator: await buildUser(db, councilId, ['coordinator']),
      councilIg: await buildUser(db, councilId, ['ig_officer']),
      policeIg: await buildUser(db, policeId, ['ig_officer']),
    };
    const officer = await buildUser(db, policeId, ['partner_data_officer']);
    const { agreementId } = await signPoliceAgreement(db, scene, everythingShared);
    const results: number[] = [];
    const peaks: number[] = [];
    const cpuRates: number[] = [];
    let phases = '';
    for (let run = 1; run <= runs; run++) {
      const flowId = await buildDataFlow(db, policeId, `bench_${run}`, agreementId);
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      let peak = process.memoryUsage.rss();
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage.rss());
      }, 50);
      const marks = new Map<string, number>();
      const outcome = await uploadExtract(db, officer.actor, {
        dataFlowId: flowId,
        path,
        today,
        onProgress: (progress: UploadProgress) => {
          if (!marks.has(progress.phase)) marks.set(progress.phase, performance.now());
        },
      });
      const seconds = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpuBefore);
      clearInterval(sampler);
      peaks.push(peak);
      cpuRates.push(rowCount / ((cpu.user + cpu.system) / 1e6));
      if (outcome.kind !== 'loaded') throw new Error(`run ${run}: ${JSON.stringify(outcome).slice(0, 500)}`);
      results.push(outcome.rowsAccepted / seconds);
      const checking = marks.get('checking') ?? started;
      const loading = marks.get('loading') ?? checking;
      phases =
        `fingerprint and agreement ${((checking - started) / 1000).toFixed(1)} s, validation pass ${((loading - checking) / 1000).toFixed(1)} s, ` +
        `loading pass and visibility ${((started + seconds * 1000 - loading) / 1000).toFixed(1)} s`;
      console.log(
        `${kind} run ${run}: ${outcome.rowsAccepted.toLocaleString('en-GB')} rows in ${seconds.toFixed(1)} s = ${rate(outcome.rowsAccepted / seconds)} rows/s ` +
          `(${rate(cpuRates[cpuRates.length - 1]!)} per CPU-second of this process; peak RSS ${(peak / 1e6).toFixed(0)} MB)`,
      );
    }
    console.log(
      `${kind}: median ${rate(median(results))} rows/s over ${runs} runs (${rate(median(cpuRates))} per CPU-second of this ` +
        `process); last run: ${phases}; peak RSS during the uploads ${(Math.max(...peaks) / 1e6).toFixed(0)} MB`,
    );
  } finally {
    await db.close();
    rmSync(directory, { recursive: true, force: true });
    if (scratch) {
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${scratch} with (force)`);
      await admin.end();
    }
  }
}

if (!existsSync(path)) {
  console.log(`Generating ${rowCount.toLocaleString('en-GB')} fact rows into ${path} …`);
  mkdirSync('/tmp/kindred-bench', { recursive: true });
  await writeSyntheticExtract(path, rowCount);
}
console.log(
  `${path}: ${(statSync(path).size / 1e6).toFixed(0)} MB, ${rowCount.toLocaleString('en-GB')} rows of 18 columns`,
);
if (values.database !== 'postgres') await benchmark('pglite');
if (values.database !== 'pglite') await benchmark('postgres');
