import { randomUUID } from 'node:crypto';
import { type Actor, type Database, systemUserId } from '../../db/index.ts';
import { describeModel, trainOnRecords } from '../../linkage/index.ts';
import { exportLinkageModel, importLinkageModel, linkageModelProblem } from '../../linkage-models/index.ts';
import { type Command, dateOption, integerOption, stringOption, UsageError } from '../command.ts';
import { parseSources } from '../extract-files.ts';
import { printLinkStages, readLinkageRecords, readModel, writeModel } from '../linkage-options.ts';
import { openCommandDatabase } from '../open-database.ts';

const trainUsage = `Usage: kindred model train [--model FILE] SOURCE=FILE.csv [SOURCE=FILE.csv ...] --out model.json

Trains a linkage model on extract files (the standard format), unsupervised, as kindred link does
before it links: u from random pairs, m by expectation-maximisation, λ from the candidate pairs. No
truth is used. The model is written as JSON settings (Splink's layout, Kindred's additions prefixed
kindred_), ready for kindred link --model and kindred identify --model.

  --model FILE   start from this model's comparisons and rules instead of the default model
  --out FILE     where to write the trained model (required)
  --today D      the date ages and future dates are judged by (YYYY-MM-DD, default today)`;

export const modelTrainCommand: Command = {
  usage: trainUsage,
  allowPositionals: true,
  options: { out: { type: 'string' }, model: { type: 'string' }, today: { type: 'string' } },
  async run(parsed) {
    const out = stringOption(parsed, 'out');
    if (!out) throw new UsageError(`--out is required.\n\n${trainUsage}`);
    const sources = parseSources(parsed.positionals, trainUsage);
    const modelPath = stringOption(parsed, 'model');
    const start = modelPath ? readModel(modelPath) : undefined;
    const today = dateOption(parsed, 'today', new Date().toISOString().slice(0, 10));

    const records = await readLinkageRecords(sources, today);
    if (records.length < 2) throw new UsageError('Training needs at least two records.', 1);

    const model = trainOnRecords(records, { ...(start ? { model: start } : {}), onStage: printLinkStages() });
    writeModel(out, model);
    console.error(`Trained on ${records.length.toLocaleString('en-GB')} records; the model is in ${out}.`);
    return 0;
  },
};

const showUsage = `Usage: kindred model show FILE

Prints a model as a person reads it: what it was trained on, the probability that two random records
match (λ), the threshold, the blocking rules, and every comparison's levels with m, u and the weight in
bits each adds to a pair (log2 m/u).`;

export const modelShowCommand: Command = {
  usage: showUsage,
  allowPositionals: true,
  options: {},
  async run(parsed) {
    const [path, ...extra] = parsed.positionals;
    if (!path || extra.length > 0) throw new UsageError(`Give one model file.\n\n${showUsage}`);
    console.log(describeModel(readModel(path)));
    return 0;
  },
};

/** The council coordinator or analyst a model command acts as, found by email through the platform identity. */
async function councilAnalyst(db: Database, email: string | undefined, usage: string): Promise<Actor> {
  if (!email) throw new UsageError(`--as EMAIL is required: the coordinator or analyst acting.\n\n${usage}`);
  const correlationId = randomUUID();
  const platform: Actor = {
    userId: systemUserId,
    organisationId: systemUserId,
    purpose: 'linkage',
    correlationId,
  };
  const [account] = await db.asActor(platform, (sql) =>
    sql.query<{ id: string; organisation_id: string; kind: string; roles: string[] }>(
      `select u.id, u.organisation_id, o.kind, u.roles from app_user u join organisation o on o.id = u.organisation_id
       where lower(u.email) = lower($1) and u.active`,
      [email],
    ),
  );
  if (!account) throw new UsageError(`There is no active account ${email}.`, 1);
  if (
    account.kind !== 'council' ||
    !account.roles.some((role) => role === 'coordinator' || role === 'analyst')
  ) {
    throw new UsageError(`${email} is not a council coordinator or analyst, who keep the linkage models.`, 1);
  }
  return { userId: account.id, organisationId: account.organisation_id, purpose: 'linkage', correlationId };
}

const importUsage = `Usage: kindred model import FILE --as EMAIL [--note TEXT] [--data-dir DIR]

Keeps a trained model (as written by kindred model train) as the council's next version of its linkage
model. Identification runs then link with the newest version instead of training on the extracts, and
each run records the version it used. A version never changes: import again to replace it.

  --as EMAIL      the council coordinator or analyst importing it
  --note TEXT     why, kept with the version
  --data-dir DIR  the embedded database's directory (default ./data, or KINDRED_DATA_DIR)`;

export const modelImportCommand: Command = {
  usage: importUsage,
  allowPositionals: true,
  options: { as: { type: 'string' }, note: { type: 'string' }, 'data-dir': { type: 'string' } },
  async run(parsed) {
    const [path, ...extra] = parsed.positionals;
    if (!path || extra.length > 0) throw new UsageError(`Give one model file.\n\n${importUsage}`);
    const model = readModel(path);
    const problem = linkageModelProblem(model);
    if (problem) throw new UsageError(`The model ${path} cannot be imported: ${problem}.`, 1);
    const db = await openCommandDatabase(stringOption(parsed, 'data-dir'));
    try {
      const actor = await councilAnalyst(db, stringOption(parsed, 'as'), importUsage);
      const version = await db.asActor(actor, (sql) =>
        importLinkageModel(sql, model, stringOption(parsed, 'note') ?? ''),
      );
      console.log(`Imported ${path} as version ${version} of the council's linkage model.`);
      return 0;
    } finally {
      await db.close();
    }
  },
};

const exportUsage = `Usage: kindred model export --as EMAIL --out FILE [--version N] [--data-dir DIR]

Writes one version of the council's linkage model (the newest unless --version says which) as the JSON
file it was imported from, for kindred model show, kindred link --model or another installation.

  --as EMAIL      the council coordinator or analyst exporting it
  --out FILE      where to write it
  --version N     which version (default the newest)
  --data-dir DIR  the embedded database's directory (default ./data, or KINDRED_DATA_DIR)`;

export const modelExportCommand: Command = {
  usage: exportUsage,
  options: {
    as: { type: 'string' },
    out: { type: 'string' },
    version: { type: 'string' },
    'data-dir': { type: 'string' },
  },
  async run(parsed) {
    const out = stringOption(parsed, 'out');
    if (!out) throw new UsageError(`--out is required.\n\n${exportUsage}`);
    const version =
      stringOption(parsed, 'version') === undefined ? undefined : integerOption(parsed, 'version', 0);
    const db = await openCommandDatabase(stringOption(parsed, 'data-dir'));
    try {
      const actor = await councilAnalyst(db, stringOption(parsed, 'as'), exportUsage);
      const found = await db.asActor(actor, (sql) => exportLinkageModel(sql, version));
      if (!found) {
        throw new UsageError(
          version === undefined
            ? 'The council has no linkage model yet: import one with kindred model import.'
            : `The council has no version ${version} of its linkage model.`,
          1,
        );
      }
      writeModel(out, found.model);
      console.log(`Wrote version ${found.version} of the council's linkage model to ${out}.`);
      return 0;
    } finally {
      await db.close();
    }
  },
};
