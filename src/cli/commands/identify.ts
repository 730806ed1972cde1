import { once } from 'node:events';
import { createWriteStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import {
  type CriteriaFramework,
  compileFramework,
  FrameworkError,
  parseFrameworkText,
  type ShippedFrameworkId,
  shippedFramework,
  shippedFrameworkDefinitions,
  shippedFrameworkIds,
} from '../../criteria/index.ts';
import { csvField } from '../../csv/index.ts';
import { identifyFamilies } from '../../families/index.ts';
import { localToday } from '../../ingest/index.ts';
import { recordsFromRows } from '../../linkage/index.ts';
import { type Command, dateOption, stringOption, UsageError } from '../command.ts';
import { parseSources, readExtractFiles } from '../extract-files.ts';
import { printLinkStages, readModel, thresholdOption } from '../linkage-options.ts';

const usage = `Usage: kindred identify --framework tf-2015 --as-of YYYY-MM-DD SOURCE=FILE.csv [SOURCE=FILE.csv ...] --out families.csv

Finds the families, with no server and no setup: reads extracts in the standard format (in the order
given, as uploads would be), links their records into people, forms households by the reference rule,
and assesses every household against a criteria framework at the assessment date. Writes one row per
record: family_id,source,record_id,person_id,eligible,problems (problem codes sorted, joined with ;).
Every household appears, eligible or not.

  SOURCE=FILE.csv     an extract and the name of its source (a bare FILE.csv is named after the file)
  --framework F       ${shippedFrameworkIds.join(', ')}, or the path of a local framework file (JSON)
  --as-of D           the assessment date (YYYY-MM-DD); facts dated after it are not seen
  --out FILE          where to write the families
  --evidence FILE     also write every family's assessment as JSON: problems, and per problem the
                      member, indicator and facts (source, record, line, code, dates) that met it
  --model FILE        a trained linkage model (JSON, as kindred link --save-model writes)
  --threshold P       match probability at or above which two records are one person (default 0.95)

Rows are checked as an upload checks them, with dates allowed up to the later of today and D.
Exit codes: 0 done; 1 a file could not be read; 2 usage or a framework file with a mistake.`;

/** A shipped framework by id, or a local one from its file (it may include the shipped ones). */
function loadFramework(name: string): CriteriaFramework {
  if ((shippedFrameworkIds as readonly string[]).includes(name))
    return shippedFramework(name as ShippedFrameworkId);
  if (!existsSync(name)) {
    throw new UsageError(
      `--framework: "${name}" is neither a reference framework (${shippedFrameworkIds.join(', ')}) nor a file.`,
    );
  }
  try {
    const definition = parseFrameworkText(readFileSync(name, 'utf8'), basename(name));
    return compileFramework(definition, { file: basename(name), library: shippedFrameworkDefinitions() });
  } catch (error) {
    if (error instanceof FrameworkError) throw new UsageError(`The framework file ${error.message}`);
    throw error;
  }
}

const plain = { neutraliseFormulas: false } as const;

export const identifyCommand: Command = {
  usage,
  allowPositionals: true,
  options: {
    framework: { type: 'string' },
    'as-of': { type: 'string' },
    out: { type: 'string' },
    evidence: { type: 'string' },
    model: { type: 'string' },
    threshold: { type: 'string' },
  },
  async run(parsed) {
    const out = stringOption(parsed, 'out');
    if (!out) throw new UsageError(`--out is required.\n\n${usage}`);
    const frameworkName = stringOption(parsed, 'framework');
    if (!frameworkName) throw new UsageError(`--framework is required.\n\n${usage}`);
    const asOf = dateOption(parsed, 'as-of');
    const framework = loadFramework(frameworkName);
    const sources = parseSources(parsed.positionals, usage);
    const threshold = thresholdOption(stringOption(parsed, 'threshold'));
    const modelPath = stringOption(parsed, 'model');
    const model = modelPath ? readModel(modelPath) : undefined;
    const today = localToday();

    const files = await readExtractFiles(
      sources,
      [asOf, today].sort()[1]!,
      (source, rows) => recordsFromRows(source, rows).length,
    );
    const identification = identifyFamilies(files, {
      framework,
      asOf,
      linkage: {
        ...(model ? { model } : {}),
        ...(threshold !== undefined ? { threshold } : {}),
        onStage: printLinkStages(),
      },
    });

    const byFamily = new Map<string, typeof identification.records>();
    for (const record of identification.records) {
      const list = byFamily.get(record.familyId);
      if (list) list.push(record);
      else byFamily.set(record.familyId, [record]);
    }
    const stream = createWriteStream(out);
    stream.write('family_id,source,record_id,person_id,eligible,problems\n');
    for (const [familyId, records] of byFamily) {
      const { assessment } = identification.families.get(familyId)!;
      const ending = `${assessment.eligible},${assessment.problems.join(';')}\n`;
      for (const record of records) {
        // Ids are written exactly as given: they are keys to join on, not text for a spreadsheet.
        const line = `${familyId},${csvField(record.source, plain)},${csvField(record.recordId, plain)},${record.personId},${ending}`;
        if (!stream.write(line)) await once(stream, 'drain');
      }
    }
    stream.end();
    await once(stream, 'finish');

    const evidencePath = stringOption(parsed, 'evidence');
    if (evidencePath) {
      const families = [...identification.families.values()].map(({ household, assessment }) => ({
        ...(assessment.toJSON() as object),
        members: household.members.map((member) => ({
          personId: member.personId,
          dateOfBirth: member.dateOfBirth,
        })),
      }));
      writeFileSync(
        evidencePath,
        `${JSON.stringify({ framework: framework.definition, families }, null, 2)}\n`,
      );
    }

    const assessments = [...identification.families.values()].map((family) => family.assessment);
    const eligible = assessments.filter((assessment) => assessment.eligible);
    const problemCounts = framework.problems.map(
      (problem) =>
        `${problem.code} ${assessments.filter((assessment) => assessment.problems.includes(problem.code)).length.toLocaleString('en-GB')}`,
    );
    console.error(
      `${framework.id} version ${framework.version} at ${asOf}: ${eligible.length.toLocaleString('en-GB')} of ` +
        `${assessments.length.toLocaleString('en-GB')} families eligible; ` +
        `${identification.linkage.figures.people.toLocaleString('en-GB')} people from ` +
        `${identification.records.length.toLocaleString('en-GB')} records. Families with each problem: ${problemCounts.join(', ')}.`,
    );
    return 0;
  },
};
