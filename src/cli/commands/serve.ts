import cluster, { type Worker } from 'node:cluster';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chainHead, writeAnchor } from '../../audit/index.ts';
import { type Database, defaultDataDirectory } from '../../db/index.ts';
import { demoCouncilName, hasDemoCouncil, loadDemoCouncil } from '../../demo/index.ts';
import { oidcSettingsFromEnvironment } from '../../web/routes/sign-in.ts';
import { buildWebServer } from '../../web/server.ts';
import { type Command, integerOption, stringOption, UsageError } from '../command.ts';
import { auditAnchorFile, openCommandDatabase } from '../open-database.ts';

const anchorIntervalMs = 5 * 60 * 1000;

export const serveCommand: Command = {
  name: 'serve',
  usage: `Usage: kindred serve [--port N] [--host ADDRESS] [--data-dir DIR] [--demo | --no-demo] [--processes N]

Starts Kindred on http://HOST:PORT. Without DATABASE_URL it uses the embedded database in the data
directory, creating it on first start and loading the demo council (a synthetic county with its
partners and an account for every role, printed once). With DATABASE_URL it uses that PostgreSQL
server and loads the demo only when --demo is given.

  --port N          port to listen on (default 3000, or PORT)
  --host ADDRESS    address to listen on (default 127.0.0.1, or HOST)
  --data-dir DIR    the embedded database's directory (default ./data, or KINDRED_DATA_DIR)
  --demo            load the demo council even on a PostgreSQL server
  --no-demo         do not load the demo council into a new embedded database
  --demo-people N   size of the demo county (default 20000)
  --processes N     web processes sharing the port (default 1, or KINDRED_WEB_PROCESSES); more than one
                    needs DATABASE_URL, as the embedded database serves one process. A process that stops
                    unexpectedly is replaced.

Environment: DATABASE_URL, KINDRED_APP_PASSWORD, KINDRED_SECURE_COOKIES=true behind HTTPS,
KINDRED_OIDC_ISSUER / _CLIENT_ID / _CLIENT_SECRET / _REDIRECT_URI for OpenID Connect sign-in.`,
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    'data-dir': { type: 'string' },
    demo: { type: 'boolean' },
    'no-demo': { type: 'boolean' },
    'demo-people': { type: 'string' },
    processes: { type: 'string' },
  },
  async run(parsed) {
    const port = integerOption(parsed, 'port', Number(process.env.PORT ?? 3000));
    const host = stringOption(parsed, 'host') ?? process.env.HOST ?? '127.0.0.1';
    const dataDirectory = stringOption(parsed, 'data-dir') ?? defaultDataDirectory();
    const processes = integerOption(parsed, 'processes', Number(process.env.KINDRED_WEB_PROCESSES ?? 1));
    if (parsed.values.demo && parsed.values['no-demo'])
      throw new UsageError('Choose --demo or --no-demo, not both.');
    if (processes < 1) throw new UsageError('--processes must be at least 1.');
    const embedded = !process.env.DATABASE_URL;
    if (processes > 1 && embedded) {
      throw new UsageError(
        '--processes above 1 needs a PostgreSQL server (DATABASE_URL): the embedded database serves one process.',
      );
    }
    if (cluster.isWorker) return serveWebProcess(port, host, dataDirectory);
    const firstStart = embedded && !existsSync(join(dataDirectory, 'pgdata'));
    const db = await openCommandDatabase(dataDirectory);
    const anchors = auditAnchorFile(dataDirectory);
    try {
      const wantDemo = parsed.values.demo === true || (firstStart && parsed.values['no-demo'] !== true);
      if (wantDemo && !(await hasDemoCouncil(db))) {
        await loadDemoCouncil(db, {
          people: integerOption(parsed, 'demo-people', 20000),
          workDirectory: join(dataDirectory, 'demo-extracts'),
        });
      }
      const anchorHead = async () => writeAnchor(anchors, await db.asOwner(chainHead));
      await anchorHead();
      const timer = setInterval(
        () => void anchorHead().catch((error) => console.error('audit anchor failed:', error)),
        anchorIntervalMs,
      );
      try {
        if (processes > 1) {
          // A web process that cannot start stops the others too, rather than leaving them serving unannounced.
          const address = await startWebProcesses(processes).catch(async (error: unknown) => {
            await stopWebProcesses();
            throw error;
          });
          console.log(
            `Kindred is running at ${address} (${db.kind}: ${db.location}) in ${processes} web processes`,
          );
          await stopSignal();
          console.log('Stopping Kindred…');
          await stopWebProcesses();
        } else {
          const app = await buildApp(db, dataDirectory);
          await app.listen({ port, host });
          console.log(`Kindred is running at ${addressOf(app, host)} (${db.kind}: ${db.location})`);
          await stopSignal();
          console.log('Stopping Kindred…');
          await app.close();
        }
      } finally {
        clearInterval(timer);
      }
      await anchorHead();
      return 0;
    } finally {
      await db.close();
    }
  },
};

async function buildApp(db: Database, dataDirectory: string) {
  return buildWebServer({
    db,
    councilName: (await hasDemoCouncil(db)) ? demoCouncilName : process.env.KINDRED_COUNCIL_NAME,
    secureCookies: process.env.KINDRED_SECURE_COOKIES === 'true',
    auditAnchorFile: auditAnchorFile(dataDirectory),
    oidc: oidcSettingsFromEnvironment(),
    logger: process.env.KINDRED_LOG !== 'false',
  });
}

const addressOf = (app: Awaited<ReturnType<typeof buildApp>>, host: string): string =>
  `http://${host === '0.0.0.0' ? 'localhost' : host}:${(app.server.address() as AddressInfo).port}`;

const stopSignal = (): Promise<void> =>
  new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });

/** One of several web processes: serves the port the first process shares with it, until told to stop. */
async function serveWebProcess(port: number, host: string, dataDirectory: string): Promise<number> {
  const db = await openCommandDatabase(dataDirectory);
  try {
    const app = await buildApp(db, dataDirectory);
    await app.listen({ port, host });
    await stopSignal();
    await app.close();
    return 0;
  } finally {
    await db.close();
    // The channel to the first process would keep this one alive.
    process.disconnect?.();
  }
}

let stopping = false;

/** Starts the web processes and keeps them going; the address once every one of them listens. */
function startWebProcesses(count: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let listening = 0;
    cluster.on('listening', (_worker, address) => {
      if (++listening === count) {
        const host = address.address === '0.0.0.0' || !address.address ? 'localhost' : address.address;
        resolve(`http://${host}:${address.port}`);
      }
    });
    cluster.on('exit', (worker: Worker, code, signal) => {
      if (stopping) return;
      if (listening < count) {
        reject(new Error(`A web process stopped while starting (${signal ?? `exit code ${code}`}).`));
        return;
      }
      console.error(
        `Web process ${worker.process.pid} stopped (${signal ?? `exit code ${code}`}); starting another.`,
      );
      cluster.fork();
    });
    for (let index = 0; index < count; index++) cluster.fork();
  });
}

/** Asks every web process to finish what it is doing and waits until all have gone. */
async function stopWebProcesses(): Promise<void> {
  stopping = true;
  const workers = Object.values(cluster.workers ?? {}).filter(
    (worker): worker is Worker => worker !== undefined,
  );
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((resolve) => {
          if (worker.isDead()) return resolve();
          worker.once('exit', () => resolve());
          // Ctrl-C reaches the web processes too, so one may already be on its way out.
          worker.process.once('error', () => undefined);
          worker.process.kill('SIGTERM');
        }),
    ),
  );
}
