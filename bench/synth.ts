/**
 * Speed and memory of `kindred synth`: generates a county of N people several times, each run in
 * its own process so its peak memory (max RSS) is its own, and reports each run and the medians.
 *
 *   node_modules/.bin/node bench/synth.ts [--people 100000] [--runs 3] [--out /tmp/kindred-bench/synth]
 */
import { execFile } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { generateCounty } from '../src/synth/index.ts';

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '3' },
    out: { type: 'string', default: '/tmp/kindred-bench/synth' },
    child: { type: 'boolean', default: false },
  },
});
const people = Number(values.people);
const out = values.out as string;

interface Run {
  seconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  rows: number;
  megabytes: number;
}

if (values.child) {
  // One generation, measured from inside the process that does it.
  const started = performance.now();
  const summary = await generateCounty({ people, seed: 1, asOf: '2025-11-01', outDir: out });
  const seconds = (performance.now() - started) / 1000;
  const usage = process.resourceUsage();
  let bytes = 0;
  for (const name of await readdir(out)) bytes += (await stat(join(out, name))).size;
  const run: Run = {
    seconds,
    cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
    peakRssMb: usage.maxRSS / 1024,
    rows: Object.values(summary.sources).reduce((sum, counts) => sum + counts.rows, 0),
    megabytes: bytes / 1e6,
  };
  console.log(JSON.stringify(run));
} else {
  const median = (numbers: number[]): number => {
    const sorted = [...numbers].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  };
  const runs: Run[] = [];
  console.log(
    `kindred synth: ${people.toLocaleString('en-GB')} people, ${values.runs} runs, writing to ${out}`,
  );
  for (let index = 0; index < Number(values.runs); index++) {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [new URL(import.meta.url).pathname, '--child', '--people', String(people), '--out', out],
      {
        maxBuffer: 1 << 20,
      },
    );
    const run = JSON.parse(stdout) as Run;
    runs.push(run);
    console.log(
      `  run ${index + 1}: ${run.seconds.toFixed(1)} s wall, ${run.cpuSeconds.toFixed(1)} s CPU, peak RSS ${run.peakRssMb.toFixed(0)} MB, ` +
        `${run.rows.toLocaleString('en-GB')} extract rows, ${run.megabytes.toFixed(0)} MB written`,
    );
  }
  const seconds = median(runs.map((run) => run.seconds));
  console.log(
    `median: ${seconds.toFixed(1)} s wall (${Math.round(people / seconds).toLocaleString('en-GB')} people/s), ` +
      `${median(runs.map((run) => run.cpuSeconds)).toFixed(1)} s CPU, peak RSS ${median(runs.map((run) => run.peakRssMb)).toFixed(0)} MB`,
  );
}
