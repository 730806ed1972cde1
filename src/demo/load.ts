import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createOrganisation, createUser, generatePassword, hashPassword } from '../access/index.ts';
import { startProgress } from '../cli/progress.ts';
import { type Actor, type Database, systemUserId } from '../db/index.ts';
import { uploadExtract } from '../ingest/upload.ts';
import { generateCounty } from '../synth/index.ts';
import { demoAccounts, demoCouncilName, demoPartners } from './partnership.ts';

export interface DemoOptions {
  people: number;
  /** Where the synthetic extracts are written before they are uploaded. */
  workDirectory: string;
  seed?: number;
  asOf?: string;
  /** Prints the demo accounts; off in tests. */
  announce?: boolean;
}

const platform: Actor = {
  userId: systemUserId,
  organisationId: systemUserId,
  purpose: 'demo-setup',
  correlationId: 'demo',
};

export async function hasDemoCouncil(db: Database): Promise<boolean> {
  const rows = await db.asActor(platform, (sql) =>
    sql.query('select 1 from organisation where name = $1', [demoCouncilName]),
  );
  return rows.length > 0;
}

/**
 * Creates the demo partnership, its accounts (one password for all, printed once) and data flows,
 * then uploads a synthetic county through the same path partners use.
 */
export async function loadDemoCouncil(db: Database, options: DemoOptions): Promise<{ password: string }> {
  const asOf = options.asOf ?? new Date().toISOString().slice(0, 10);
  const password = generatePassword();
  const passwordHash = await hashPassword(password);

  const organisations = await db.asActor(platform, async (sql) => {
    const ids = new Map<string, string>();
    for (const partner of demoPartners) {
      if (!ids.has(partner.name))
        ids.set(partner.name, await createOrganisation(sql, partner.name, partner.kind));
    }
    return ids;
  });
  const accounts = await db.asActor(platform, async (sql) => {
    const ids = new Map<string, Actor>();
    for (const account of demoAccounts) {
      const organisationId = organisations.get(account.organisation)!;
      const id = await createUser(sql, { ...account, organisationId, passwordHash });
      ids.set(account.email, { userId: id, organisationId, purpose: 'demo-setup', correlationId: 'demo' });
    }
    return ids;
  });
  const flows = await db.asActor(platform, async (sql) => {
    const ids = new Map<string, string>();
    for (const partner of demoPartners) {
      const [row] = await sql.query<{ id: string }>(
        'insert into data_flow (organisation_id, source, title) values ($1, $2, $3) returning id',
        [organisations.get(partner.name), partner.source, partner.flowTitle],
      );
      ids.set(partner.source, row!.id);
    }
    return ids;
  });

  const generating = startProgress('Generating the demo county', options.people);
  if (!existsSync(join(options.workDirectory, 'manifest.json'))) {
    await generateCounty({
      people: options.people,
      seed: options.seed ?? 1,
      asOf,
      outDir: options.workDirectory,
      onProgress: (done: number) => generating.set(done),
    });
  }
  generating.finish(`Generated a county of ${options.people.toLocaleString('en-GB')} people.`);

  const uploading = startProgress('Uploading partner extracts', demoPartners.length);
  for (const partner of demoPartners) {
    const officer =
      partner.kind === 'council'
        ? accounts.get('data@northshire.example')!
        : accounts.get(`data@${partner.source.replace(/_/g, '-')}.example`)!;
    await uploadExtract(db, officer, {
      dataFlowId: flows.get(partner.source)!,
      path: join(options.workDirectory, `${partner.source}.csv`),
      today: asOf,
    });
    uploading.advance();
  }
  uploading.finish();

  if (options.announce !== false) {
    const lines = [
      '',
      `Demo council loaded: ${demoCouncilName}. These accounts share one password, shown only this once:`,
      '',
      `  password: ${password}`,
      '',
      ...demoAccounts.map(
        (account) => `  ${account.email.padEnd(44)} ${account.roles.join(', ')} (${account.organisation})`,
      ),
      '',
      'An administrator can set a new password for any account under Users.',
      '',
    ];
    console.log(lines.join('\n'));
  }
  return { password };
}
