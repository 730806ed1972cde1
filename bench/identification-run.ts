/**
 * An identification run as the web server does it, on the demo council: end-to-end time, the time of each
 * phase, and how long the server's event loop was held (the longest a page would have waited to be answered).
 * Loads the demo into the data directory first when it is not there (a minute or two for 20,000 people).
 *
 *   node_modules/.bin/node bench/identification-run.ts --data-dir DIR [--people 20000] [--runs 1]
 */
import { parseArgs } from 'node:util';
import { findRun, IdentificationJobs } from '../src/casework/index.ts';
import { shippedFramework } from '../src/criteria/index.ts';
import { localToday } from '../src/ingest/index.ts';
import { demoCoordinator, openDemoDatabase, seconds } from './demo-database.ts';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    people: { type: 'string', default: '20000' },
    runs: { type: 'string', default: '1' },
  },
});
if (!values['data-dir']) throw new Error('--data-dir DIR is required (an embedded database directory)');
const dataDirectory = values['data-dir'];
const db = await openDemoDatabase(dataDirectory, Number(values.people));
try {
  const actor = await demoCoordinator(db, 'bench-identification-run');

  for (let run = 0; run < Number(values.runs); run++) {
    const jobs = new IdentificationJobs(db);
    // The event loop's longest stall: what a page request arriving then would have waited.
    let lastTick = performance.now();
    let longestStall = 0;
    const stalls: string[] = [];
    const ticker = setInterval(() => {
      const now = performance.now();
      longestStall = Math.max(longestStall, now - lastTick);
      if (now - lastTick > 250) stalls.push(`${((now - lastTick) / 1000).toFixed(2)} s after ${phase}`);
      lastTick = now;
    }, 5);
    const phases: Record<string, number> = {};
    let phase = '';
    let phaseStarted = performance.now();
    const started = performance.now();
    // The machine may be shared: CPU seconds (of every thread) say what the run costs when wall-clock time is inflated.
    const cpuBefore = process.cpuUsage();
    const runId = await jobs.submit(actor, { framework: shippedFramework('tf-2015'), asOf: localToday() });
    // What a run page sees: the phase, read every 100 ms while the run works.
    const follow = setInterval(() => {
      void db
        .asActor(actor, (sql) => findRun(sql, runId))
        .then((found) => {
          const now = found?.phase ?? found?.state ?? '';
          if (now === phase) return;
          if (phase) phases[phase] = seconds(phaseStarted);
          phase = now;
          phaseStarted = performance.now();
        });
    }, 100);
    await jobs.close();
    clearInterval(follow);
    if (phase) phases[phase] = seconds(phaseStarted);
    clearInterval(ticker);
    const lastStall = performance.now() - lastTick;
    longestStall = Math.max(longestStall, lastStall);
    if (lastStall > 250) stalls.push(`${(lastStall / 1000).toFixed(2)} s after ${phase}, to the end`);
    const cpu = process.cpuUsage(cpuBefore);
    const finished = await db.asActor(actor, (sql) => findRun(sql, runId));
    console.log(
      JSON.stringify({
        step: 'identification run',
        state: finished?.state,
        rowsRead: finished?.rowsRead,
        people: finished?.people,
        families: finished?.families,
        seconds: seconds(started),
        cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
        phasesSeen: phases,
        longestEventLoopStallSeconds: Number((longestStall / 1000).toFixed(2)),
        stallsOverAQuarterSecond: stalls,
      }),
    );
  }
} finally {
  await db.close();
}
