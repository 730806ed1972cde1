import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createOrganisation, createUser, generatePassword, hashPassword } from '../access/index.ts';
import {
  type AgreementTerms,
  addDays,
  draftAgreement,
  emptyTerms,
  signAgreement,
  submitAgreement,
} from '../agreements/index.ts';
import { runIdentification } from '../casework/index.ts';
import { startProgress } from '../cli/progress.ts';
import { shippedFramework } from '../criteria/index.ts';
import { type Actor, type Database, systemUserId } from '../db/index.ts';
import { identityColumns } from '../ingest/extract-columns.ts';
import { uploadExtract } from '../ingest/upload.ts';
import { type HeadlineProblem, headlineProblems, planDataFlow } from '../roadmap/index.ts';
import { type CountySummary, generateCounty, type SourceName } from '../synth/index.ts';
import {
  type DemoPartner,
  demoAccounts,
  demoCouncilName,
  demoGateways,
  demoPartners,
  partnerEmail,
} from './partnership.ts';

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
    const ids = new Map<string, string>([
      [demoCouncilName, await createOrganisation(sql, demoCouncilName, 'council')],
    ]);
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
  const generating = startProgress('Generating the demo county', options.people);
  const manifestPath = join(options.workDirectory, 'manifest.json');
  const county: CountySummary = existsSync(manifestPath)
    ? JSON.parse(await readFile(manifestPath, 'utf8'))
    : await generateCounty({
        people: options.people,
        seed: options.seed ?? 1,
        asOf,
        outDir: options.workDirectory,
        onProgress: (done: number) => generating.set(done),
      });
  generating.finish(`Generated a county of ${options.people.toLocaleString('en-GB')} people.`);

  const account = (email: string): Actor => {
    const found = accounts.get(email);
    if (!found) throw new Error(`The demo has no account ${email}.`);
    return found;
  };
  const councilId = organisations.get(demoCouncilName)!;
  const flows = new Map<string, string>();
  for (const partner of demoPartners) {
    const codes = Object.keys(county.sources[partner.source as SourceName]?.factCodes ?? {}).sort();
    const terms = demoAgreementTerms(partner, codes, organisations.get(partner.name)!, councilId, asOf);
    const coordinator = account('coordinator@northshire.example');
    const drafted = await db.asActor(coordinator, (sql) => draftAgreement(sql, terms));
    await db.asActor(coordinator, (sql) => submitAgreement(sql, drafted.agreementId));
    await db.asActor(account(partnerEmail('ig', partner)), (sql) =>
      signAgreement(sql, drafted.agreementId, 'Information governance lead'),
    );
    await db.asActor(account('ig@northshire.example'), (sql) =>
      signAgreement(sql, drafted.agreementId, 'Senior information risk owner'),
    );
    const flowId = await db.asActor(coordinator, (sql) =>
      planDataFlow(
        sql,
        {
          organisationId: organisations.get(partner.name)!,
          source: partner.source,
          title: partner.flowTitle,
          description: '',
          problems: headlineProblemsOf(codes),
          agreementId: drafted.agreementId,
        },
        { stage: 'live', on: asOf },
      ),
    );
    flows.set(partner.source, flowId);
  }

  const uploading = startProgress('Uploading partner extracts', demoPartners.length);
  for (const partner of demoPartners) {
    const outcome = await uploadExtract(db, account(partnerEmail('data', partner)), {
      dataFlowId: flows.get(partner.source)!,
      path: join(options.workDirectory, `${partner.source}.csv`),
      today: asOf,
    });
    if (outcome.kind === 'refused' || outcome.kind === 'failed')
      throw new Error(`The demo ${partner.source} extract was not loaded: ${outcome.reason}`);
    uploading.advance();
  }
  uploading.finish();

  const identifying = startProgress('Finding the families (tf-2015)', 1);
  const run = await runIdentification(db, account('coordinator@northshire.example'), {
    framework: shippedFramework('tf-2015'),
    asOf,
  });
  identifying.finish(
    `Found ${(run.families ?? 0).toLocaleString('en-GB')} families, ${(run.eligibleFamilies ?? 0).toLocaleString('en-GB')} of them eligible.`,
  );

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

/**
 * Each partner shares every identity column and the codes its extract holds with the council, for a year. Schools
 * also receive: their practitioners see the families they work with, and who else is involved.
 */
function demoAgreementTerms(
  partner: DemoPartner,
  factCodes: string[],
  partnerId: string,
  councilId: string,
  asOf: string,
): AgreementTerms {
  const law = demoGateways[partner.source]!;
  return {
    ...emptyTerms(),
    title: `${partner.flowTitle} for Supporting Families`,
    parties: [
      {
        organisationId: partnerId,
        role: 'controller',
        provides: true,
        receives: partner.source === 'schools',
      },
      { organisationId: councilId, role: 'controller', provides: false, receives: true },
    ],
    purposes: ['Identifying families eligible for the Supporting Families programme and working with them'],
    art6Basis: 'e',
    art9Condition: law.art9Condition ?? null,
    gateway: law.gateway,
    identityColumns: [...identityColumns],
    factCodes,
    recipientsSeeFamilies: partner.source === 'schools',
    frequency: 'monthly',
    transferMethod: 'kindred_upload',
    retentionMonths: 24,
    deletion: 'Superseded extracts are deleted at the end of the retention period.',
    securityMeasures: 'Encrypted in transit and at rest; role-based access; every view audited.',
    dpiaReference: `DPIA-DEMO-${partner.source.toUpperCase()}`,
    startDate: addDays(asOf, -90),
    reviewDate: addDays(asOf, 275),
    endDate: addDays(asOf, 640),
  };
}

/** The headline problems a flow evidences, by the domains of its fact codes. */
const headlineProblemsOf = (codes: readonly string[]): HeadlineProblem[] =>
  headlineProblems.filter((problem) => codes.some((code) => code.startsWith(`${problem}.`)));
