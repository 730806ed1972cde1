import { writeFileSync } from 'node:fs';
import { describeModel, trainOnRecords } from '../../linkage/index.ts';
import { type Command, dateOption, stringOption, UsageError } from '../command.ts';
import { parseSources } from '../extract-files.ts';
import { readLinkageRecords, readModel } from '../linkage-options.ts';

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

    const started = Date.now();
    const { model } = trainOnRecords(records, {
      ...(start ? { model: start } : {}),
      onStage: (stage, detail) =>
        console.error(
          `  ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s  ${stage}${detail ? ` (${detail})` : ''}`,
        ),
    });
    writeFileSync(out, `${JSON.stringify(model, null, 2)}\n`);
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
