import { once } from 'node:events';
import { createWriteStream, existsSync } from 'node:fs';
import type { CsvEncoding } from '../../csv/index.ts';
import { type Actor, type Database, systemUserId } from '../../db/index.ts';
import {
  describeIssue,
  discardOrphanedUploads,
  issueCsvHeader,
  issueCsvLine,
  type UploadOutcome,
  uploadExtract,
  uploadIssuePages,
} from '../../ingest/index.ts';
import { type Command, dateOption, requiredOption, stringOption, UsageError } from '../command.ts';
import { openCommandDatabase } from '../open-database.ts';
import { type Progress, startProgress } from '../progress.ts';

const usage = `Usage: kindred import FILE --flow SOURCE [--as EMAIL] [--issues FILE.csv] [--encoding latin1] [--data-dir DIR]

Uploads a partner extract in the standard format (or the data flow's saved column mapping) into the
data flow SOURCE, on behalf of one of the flow's partner data officers, exactly as an upload through
the web: checked against the flow's sharing agreement (refused, with nothing stored, when the agreement
does not cover the partner, a column or a fact code), validated row by row, loaded atomically. The
same file again is recognised and not loaded twice; a newer file replaces the previous one for current
use, which is kept for audit.

  --flow SOURCE      the data flow, by its source name (for example police)
  --as EMAIL         the partner data officer the upload is made by; may be left out when the flow's
                     partner has exactly one
  --issues FILE.csv  write every rejected row and warning (line, record_id, column, reason) to this file
  --encoding NAME    utf-8 or latin1 (Windows-1252), when the file is not in the flow's saved encoding
  --today DATE       the upload day, YYYY-MM-DD (default today)
  --data-dir DIR     the embedded database's directory (default ./data, or KINDRED_DATA_DIR)

Exit codes: 0 loaded (or already loaded); 1 refused or failed; 2 usage.`;

const platform = (correlationId: string): Actor => ({
  userId: systemUserId,
  organisationId: systemUserId,
  purpose: 'data-sharing',
  correlationId,
});

interface Flow {
  id: string;
  organisation_id: string;
  organisation: string;
}

async function findFlow(db: Database, correlationId: string, source: string): Promise<Flow> {
  const [flow] = await db.asActor(platform(correlationId), (sql) =>
    sql.query<Flow>(
      `select f.id, f.organisation_id, o.name as organisation
       from data_flow f join organisation o on o.id = f.organisation_id where f.source = $1`,
      [source],
    ),
  );
  if (flow) return flow;
  const known = await db.asActor(platform(correlationId), (sql) =>
    sql.query<{ source: string }>('select source from data_flow order by source'),
  );
  throw new UsageError(
    `There is no data flow "${source}".${known.length > 0 ? ` The data flows are: ${known.map((row) => row.source).join(', ')}.` : ''}`,
    1,
  );
}

/** The account the upload is made by: the one named, or the flow partner's only data officer. */
async function findUploader(db: Database, correlationId: string, flow: Flow, email?: string): Promise<Actor> {
  const accounts = await db.asActor(platform(correlationId), (sql) =>
    email === undefined
      ? sql.query<{ id: string; organisation_id: string; email: string }>(
          `select id, organisation_id, email from app_user
           where organisation_id = $1 and active and 'partner_data_officer' = any (roles) order by email`,
          [flow.organisation_id],
        )
      : sql.query<{ id: string; organisation_id: string; email: string }>(
          'select id, organisation_id, email from app_user where lower(email) = lower($1) and active',
          [email],
        ),
  );
  if (email !== undefined && accounts.length === 0)
    throw new UsageError(`There is no active account ${email}.`, 1);
  if (accounts.length !== 1) {
    throw new UsageError(
      accounts.length === 0
        ? `${flow.organisation} has no active partner data officer to upload as. Create one with kindred user add.`
        : `${flow.organisation} has ${accounts.length} partner data officers: say which one uploads with --as (${accounts.map((row) => row.email).join(', ')}).`,
    );
  }
  return {
    userId: accounts[0]!.id,
    organisationId: accounts[0]!.organisation_id,
    purpose: 'data-sharing',
    correlationId,
  };
}

async function writeIssues(db: Database, actor: Actor, uploadId: string, path: string): Promise<number> {
  const out = createWriteStream(path);
  let written = 0;
  out.write(issueCsvHeader);
  for await (const page of uploadIssuePages((work) => db.asActor(actor, work), uploadId)) {
    for (const issue of page) {
      written++;
      if (!out.write(issueCsvLine(issue))) await once(out, 'drain');
    }
  }
  out.end();
  await once(out, 'finish');
  return written;
}

const count = (value: number): string => value.toLocaleString('en-GB');
const megabytes = (bytes: number): string =>
  (bytes / 1e6).toLocaleString('en-GB', { maximumFractionDigits: 1 });

function report(outcome: Exclude<UploadOutcome, { kind: 'already-loaded' }>, issuesPath?: string): void {
  const print = outcome.kind === 'loaded' ? console.log : console.error;
  for (const issue of outcome.issues.slice(0, 20)) {
    print(`  ${issue.severity === 'error' ? 'rejected' : 'warning'}: ${describeIssue(issue)}`);
  }
  const total = outcome.kind === 'loaded' ? outcome.issueCount : outcome.issues.length;
  if (total > 20) {
    print(
      `  … and ${count(total - 20)} more${issuesPath ? `, all in ${issuesPath}` : ' (use --issues FILE.csv to save them all)'}.`,
    );
  }
}

export const importCommand: Command = {
  usage,
  allowPositionals: true,
  options: {
    flow: { type: 'string' },
    as: { type: 'string' },
    issues: { type: 'string' },
    encoding: { type: 'string' },
    today: { type: 'string' },
    'data-dir': { type: 'string' },
  },
  async run(parsed) {
    if (parsed.positionals.length !== 1) throw new UsageError(`Give exactly one FILE to import.\n\n${usage}`);
    const path = parsed.positionals[0]!;
    if (!existsSync(path)) throw new UsageError(`There is no file ${path}.`, 1);
    const source = requiredOption(parsed, 'flow', usage);
    const issuesPath = stringOption(parsed, 'issues');
    const encodingName = stringOption(parsed, 'encoding')?.toLowerCase();
    if (encodingName !== undefined && encodingName !== 'utf-8' && encodingName !== 'latin1') {
      throw new UsageError(`--encoding must be utf-8 or latin1, not "${encodingName}".`);
    }
    const today = stringOption(parsed, 'today') === undefined ? undefined : dateOption(parsed, 'today');
    const correlationId = `cli-import-${process.pid}`;
    const db = await openCommandDatabase(stringOption(parsed, 'data-dir'));
    let progress: Progress | undefined;
    try {
      await discardOrphanedUploads(db);
      const flow = await findFlow(db, correlationId, source);
      const actor = await findUploader(db, correlationId, flow, stringOption(parsed, 'as'));
      let phase = '';
      let last = 0;
      // Both passes count megabytes of the file read.
      const finishPhase = () => {
        if (phase !== '')
          progress?.finish(`${phase === 'checking' ? 'Checked' : 'Loaded'} ${path}: ${megabytes(last)} MB.`);
        progress = undefined;
      };
      const outcome = await uploadExtract(db, actor, {
        dataFlowId: flow.id,
        path,
        today,
        channel: 'cli',
        encoding: encodingName as CsvEncoding | undefined,
        onProgress: (step) => {
          if (step.phase !== phase) {
            finishPhase();
            phase = step.phase;
            const doing = step.phase === 'checking' ? 'Checking' : 'Loading';
            progress = startProgress(`${doing} ${path} (MB)`, Math.ceil(step.total / 1e6));
          }
          last = step.done;
          progress!.set(Math.floor(step.done / 1e6));
        },
      });
      finishPhase();
      if (outcome.kind === 'already-loaded') {
        console.log(
          `${path} was already loaded into ${source} (upload ${outcome.uploadId}); nothing was loaded again.`,
        );
        return 0;
      }
      if (issuesPath && outcome.uploadId !== null) {
        await writeIssues(db, actor, outcome.uploadId, issuesPath);
      }
      if (outcome.kind === 'refused' || outcome.kind === 'failed') {
        console.error(
          outcome.reason.startsWith('Refused') ? outcome.reason : `Not loaded: ${outcome.reason}`,
        );
        report(outcome, issuesPath);
        return 1;
      }
      console.log(
        `Loaded upload ${outcome.uploadId} into ${source} under agreement ${outcome.agreement.reference} version ` +
          `${outcome.agreement.version}: ${count(outcome.rowsAccepted)} rows accepted, ${count(outcome.rowsRejected)} rejected, ` +
          `${count(outcome.warnings)} warnings, ${count(outcome.records)} people records.`,
      );
      report(outcome, issuesPath);
      return 0;
    } finally {
      progress?.finish();
      await db.close();
    }
  },
};
