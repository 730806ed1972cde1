import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { csvLine } from '../../csv/index.ts';
import { type Actor, systemUserId } from '../../db/index.ts';
import { uploadExtract } from '../../ingest/upload.ts';
import { type Command, requiredOption, stringOption, UsageError } from '../command.ts';
import { openCommandDatabase } from '../open-database.ts';
import { startProgress } from '../progress.ts';

const usage = `Usage: kindred import FILE --flow SOURCE --as EMAIL [--issues FILE.csv] [--data-dir DIR]

Uploads a partner extract in the standard format (or the data flow's saved column mapping) into the
data flow SOURCE, on behalf of the partner data officer EMAIL, exactly as an upload through the web:
checked against the flow's active sharing agreement, validated row by row, loaded atomically. The
same file again is recognised and not loaded twice.

  --flow SOURCE      the data flow, by its source name (for example police)
  --as EMAIL         the account the upload is made by (a data officer of the flow's partner)
  --issues FILE.csv  write every rejected row and warning to this CSV file
  --data-dir DIR     the embedded database's directory (default ./data, or KINDRED_DATA_DIR)

Exit codes: 0 loaded (or already loaded); 1 refused or failed; 2 usage.`;

export const importCommand: Command = {
  usage,
  allowPositionals: true,
  options: {
    flow: { type: 'string' },
    as: { type: 'string' },
    issues: { type: 'string' },
    'data-dir': { type: 'string' },
  },
  async run(parsed) {
    if (parsed.positionals.length !== 1) throw new UsageError(`Give exactly one FILE to import.\n\n${usage}`);
    const path = parsed.positionals[0]!;
    const source = requiredOption(parsed, 'flow', usage);
    const email = requiredOption(parsed, 'as', usage);
    const issuesPath = stringOption(parsed, 'issues');
    const db = await openCommandDatabase(stringOption(parsed, 'data-dir'));
    try {
      const platform = {
        userId: systemUserId,
        organisationId: systemUserId,
        purpose: 'data-sharing',
        correlationId: `cli-import-${process.pid}`,
      };
      const who = await db.asActor(platform, (sql) =>
        sql.query<{ id: string; organisation_id: string }>(
          'select id, organisation_id from app_user where lower(email) = lower($1) and active',
          [email],
        ),
      );
      if (!who[0]) throw new UsageError(`There is no active account ${email}.`, 1);
      const actor: Actor = {
        userId: who[0].id,
        organisationId: who[0].organisation_id,
        purpose: 'data-sharing',
        correlationId: `cli-import-${process.pid}`,
      };
      const [flow] = await db.asActor(actor, (sql) =>
        sql.query<{ id: string }>('select id from data_flow where source = $1', [source]),
      );
      if (!flow) throw new UsageError(`There is no data flow "${source}".`, 1);
      const progress = startProgress(`Importing ${path}`, undefined);
      const outcome = await uploadExtract(db, actor, {
        dataFlowId: flow.id,
        path,
        onProgress: (rows) => progress.set(rows),
      });
      progress.finish();
      if (outcome.kind === 'already-loaded') {
        console.log(
          `${path} was already loaded into ${source} (upload ${outcome.uploadId}); nothing was loaded again.`,
        );
        return 0;
      }
      if (issuesPath && outcome.issues.length > 0) {
        const out = createWriteStream(issuesPath);
        out.write(csvLine(['file', 'line', 'column', 'severity', 'message']));
        for (const issue of outcome.issues) {
          if (
            !out.write(
              csvLine([issue.file, String(issue.line), issue.column ?? '', issue.severity, issue.message]),
            )
          ) {
            await once(out, 'drain');
          }
        }
        out.end();
        await once(out, 'finish');
      }
      if (outcome.kind === 'refused') {
        console.error(`Refused: ${outcome.reason}`);
        for (const issue of outcome.issues.slice(0, 20))
          console.error(`  ${issue.file}, line ${issue.line}: ${issue.message}`);
        return 1;
      }
      console.log(
        `Loaded upload ${outcome.uploadId} into ${source}: ${outcome.rowsAccepted.toLocaleString('en-GB')} rows accepted, ` +
          `${outcome.rowsRejected.toLocaleString('en-GB')} rejected, ${outcome.warnings.toLocaleString('en-GB')} warnings, ` +
          `${outcome.records.toLocaleString('en-GB')} people records.`,
      );
      for (const issue of outcome.issues.slice(0, 20)) {
        console.log(
          `  ${issue.severity === 'error' ? 'rejected' : 'warning'}: ${issue.file}, line ${issue.line}${issue.column ? `, ${issue.column}` : ''}: ${issue.message}`,
        );
      }
      if (outcome.issues.length > 20) {
        console.log(
          `  … and ${outcome.issues.length - 20} more${issuesPath ? `, all in ${issuesPath}` : ' (use --issues FILE.csv to save them all)'}.`,
        );
      }
      return 0;
    } finally {
      await db.close();
    }
  },
};
