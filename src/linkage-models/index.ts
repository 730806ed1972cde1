/**
 * The linkage models a council keeps: imported from a file (`kindred model import`), each a new version that
 * never changes; exported again as the file it was (`kindred model export`). Identification runs link with
 * the newest. Row-level security lets the council's coordinators and analysts keep and read them.
 */
import { recordAudit } from '../audit/index.ts';
import type { Sql } from '../db/index.ts';
import { isTrainedModel, type LinkageModel, modelProblem } from '../linkage/index.ts';

export interface StoredLinkageModel {
  version: number;
  model: LinkageModel;
  note: string;
  importedBy: string;
  importedAt: Date;
}

/** Why a model cannot be kept, in words for the person importing it; undefined when it can. */
export function linkageModelProblem(model: unknown): string | undefined {
  const problem = modelProblem(model);
  if (problem) return `it ${problem}`;
  if (!isTrainedModel(model as LinkageModel))
    return 'it is not trained (a level other than a null level has no m probability): train it with kindred model train';
  return undefined;
}

/** Keeps a model as the council's next version; returns the version. The import is audited. */
export async function importLinkageModel(sql: Sql, model: LinkageModel, note = ''): Promise<number> {
  const problem = linkageModelProblem(model);
  if (problem) throw new Error(`The model cannot be imported: ${problem}.`);
  const [row] = await sql.query<{ version: number }>(
    `insert into linkage_model (council_id, version, settings, note, imported_by)
     select kindred_user_organisation(), coalesce(max(version), 0) + 1, $1, $2, kindred_user_id()
     from linkage_model where council_id = kindred_user_organisation()
     returning version`,
    [JSON.stringify(model), note],
  );
  await recordAudit(sql, {
    action: 'CREATE_LINKAGE_MODEL',
    subjectType: 'linkage_model',
    subjectIds: [String(row!.version)],
    details: { version: row!.version, comparisons: model.comparisons.length },
  });
  return row!.version;
}

/** One version of the council's models (the newest when none is given), or undefined. */
export async function findLinkageModel(sql: Sql, version?: number): Promise<StoredLinkageModel | undefined> {
  const [row] = await sql.query<StoredLinkageModel>(
    `select version, settings as model, note, kindred_colleague_name(imported_by) as "importedBy",
            imported_at as "importedAt"
     from linkage_model where council_id = kindred_user_organisation() and ($1::int is null or version = $1)
     order by version desc limit 1`,
    [version ?? null],
  );
  return row;
}

/** A version as its file, for `kindred model export`; the export is audited. */
export async function exportLinkageModel(
  sql: Sql,
  version?: number,
): Promise<StoredLinkageModel | undefined> {
  const found = await findLinkageModel(sql, version);
  if (found) {
    await recordAudit(sql, {
      action: 'EXPORT_LINKAGE_MODEL',
      subjectType: 'linkage_model',
      subjectIds: [String(found.version)],
      details: { version: found.version },
    });
  }
  return found;
}
