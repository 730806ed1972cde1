import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chainHead, writeAnchor } from '../../audit/index.ts';
import { defaultDataDirectory } from '../../db/index.ts';
import { demoCouncilName, hasDemoCouncil, loadDemoCouncil } from '../../demo/index.ts';
import { oidcSettingsFromEnvironment } from '../../web/routes/sign-in.ts';
import { buildWebServer } from '../../web/server.ts';
import { type Command, integerOption, stringOption, UsageError } from '../command.ts';
import { auditAnchorFile, openCommandDatabase } from '../open-database.ts';

const anchorIntervalMs = 5 * 60 * 1000;

export const serveCommand: Command = {
  name: 'serve',
  usage: `Usage: kindred serve [--port N] [--host ADDRESS] [--data-dir DIR] [--demo | --no-demo]

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

Environment: DATABASE_URL, KINDRED_APP_PASSWORD, KINDRED_SECURE_COOKIES=true behind HTTPS,
KINDRED_OIDC_ISSUER / _CLIENT_ID / _CLIENT_SECRET / _REDIRECT_URI for OpenID Connect sign-in.`,
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    'data-dir': { type: 'string' },
    demo: { type: 'boolean' },
    'no-demo': { type: 'boolean' },
    'demo-people': { type: 'string' },
  },
  async run(parsed) {
    const port = integerOption(parsed, 'port', Number(process.env.PORT ?? 3000));
    const host = stringOption(parsed, 'host') ?? process.env.HOST ?? '127.0.0.1';
    const dataDirectory = stringOption(parsed, 'data-dir') ?? defaultDataDirectory();
    if (parsed.values.demo && parsed.values['no-demo'])
      throw new UsageError('Choose --demo or --no-demo, not both.');
    const embedded = !process.env.DATABASE_URL;
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
      const councilName = (await hasDemoCouncil(db)) ? demoCouncilName : process.env.KINDRED_COUNCIL_NAME;
      const app = await buildWebServer({
        db,
        councilName,
        secureCookies: process.env.KINDRED_SECURE_COOKIES === 'true',
        auditAnchorFile: anchors,
        oidc: oidcSettingsFromEnvironment(),
        logger: process.env.KINDRED_LOG !== 'false',
      });
      const anchorHead = async () => writeAnchor(anchors, await db.asOwner(chainHead));
      await anchorHead();
      const timer = setInterval(
        () => void anchorHead().catch((error) => console.error('audit anchor failed:', error)),
        anchorIntervalMs,
      );
      await app.listen({ port, host });
      const listening = (app.server.address() as AddressInfo).port;
      console.log(
        `Kindred is running at http://${host === '0.0.0.0' ? 'localhost' : host}:${listening} (${db.kind}: ${db.location})`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      console.log('Stopping Kindred…');
      clearInterval(timer);
      await app.close();
      await anchorHead();
      return 0;
    } finally {
      await db.close();
    }
  },
};
