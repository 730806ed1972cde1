import type { FrameworkDefinition } from '../criteria/index.ts';
import type { Sql } from '../db/index.ts';

/** One saved version of a council's local framework, without its rules. */
export interface LocalFrameworkVersion {
  /** The row's id, which audit events name. */
  rowId: string;
  councilId: string;
  id: string;
  version: number;
  title: string;
  basedOn: { id: string; version: number };
  changeNote: string;
  /** The coordinator who saved it, when the reader may see colleagues' names. */
  savedBy: string | null;
  savedAt: Date;
}

export interface StoredFrameworkVersion extends LocalFrameworkVersion {
  /** As stored; checked again by whoever compiles it. */
  definition: unknown;
}

interface VersionRow {
  row_id: string;
  council_id: string;
  framework_id: string;
  version: number;
  title: string;
  based_on_id: string;
  based_on_version: number;
  change_note: string;
  saved_by: string | null;
  created_at: Date | string;
  definition?: unknown;
}

const columns = `v.id as row_id, v.council_id, v.framework_id, v.version, v.title, v.based_on_id, v.based_on_version,
  v.change_note, kindred_colleague_name(v.created_by) as saved_by, v.created_at`;

const toVersion = (row: VersionRow): LocalFrameworkVersion => ({
  rowId: row.row_id,
  councilId: row.council_id,
  id: row.framework_id,
  version: row.version,
  title: row.title,
  basedOn: { id: row.based_on_id, version: row.based_on_version },
  changeNote: row.change_note,
  savedBy: row.saved_by,
  savedAt: row.created_at instanceof Date ? row.created_at : new Date(row.created_at),
});

// Each query names the acting user's council as well as relying on row-level security: a council's
// frameworks are its own, even for a reader whose policies might one day reach further.
const ownCouncil = 'v.council_id = kindred_user_organisation()';

/** The newest version of each of the council's local frameworks, by id. */
export async function latestLocalVersions(sql: Sql): Promise<LocalFrameworkVersion[]> {
  const rows = await sql.query<VersionRow>(
    `select distinct on (v.framework_id) ${columns}
     from local_framework_version v where ${ownCouncil}
     order by v.framework_id, v.version desc`,
  );
  return rows.map(toVersion);
}

/** Every version of one local framework, newest first. */
export async function localVersions(sql: Sql, id: string): Promise<LocalFrameworkVersion[]> {
  const rows = await sql.query<VersionRow>(
    `select ${columns} from local_framework_version v where ${ownCouncil} and v.framework_id = $1
     order by v.version desc`,
    [id],
  );
  return rows.map(toVersion);
}

/** One version (the newest when none is named), with its definition. */
export async function storedVersion(
  sql: Sql,
  id: string,
  version?: number,
): Promise<StoredFrameworkVersion | undefined> {
  const [row] = await sql.query<VersionRow>(
    `select ${columns}, v.definition from local_framework_version v
     where ${ownCouncil} and v.framework_id = $1 and ($2::integer is null or v.version = $2)
     order by v.version desc limit 1`,
    [id, version ?? null],
  );
  return row ? { ...toVersion(row), definition: row.definition } : undefined;
}

/** Every definition the council has saved, newest version of each framework first: what `include` may name. */
export async function storedDefinitions(
  sql: Sql,
): Promise<{ id: string; version: number; definition: unknown }[]> {
  return (
    await sql.query<{ framework_id: string; version: number; definition: unknown }>(
      `select v.framework_id, v.version, v.definition from local_framework_version v where ${ownCouncil}
       order by v.framework_id, v.version desc`,
    )
  ).map((row) => ({ id: row.framework_id, version: row.version, definition: row.definition }));
}

/**
 * Stores a checked definition as the next version; the database refuses anyone but a coordinator of the
 * council. Undefined when that version number was taken first (another coordinator saved meanwhile): the
 * transaction goes on, back at a savepoint.
 */
export async function insertVersion(
  sql: Sql,
  definition: FrameworkDefinition,
  changeNote: string,
): Promise<{ rowId: string; councilId: string } | undefined> {
  await sql.query('savepoint local_framework_version_insert');
  try {
    const [row] = await sql.query<{ id: string; council_id: string }>(
      `insert into local_framework_version
         (council_id, framework_id, version, title, definition, based_on_id, based_on_version, change_note, created_by)
       values (kindred_user_organisation(), $1, $2, $3, $4, $5, $6, $7, kindred_user_id())
       returning id, council_id`,
      [
        definition.id,
        definition.version,
        definition.title,
        JSON.stringify(definition),
        definition.basedOn!.id,
        definition.basedOn!.version,
        changeNote,
      ],
    );
    await sql.query('release savepoint local_framework_version_insert');
    return { rowId: row!.id, councilId: row!.council_id };
  } catch (error) {
    if ((error as { code?: string }).code !== '23505') throw error;
    await sql.query('rollback to savepoint local_framework_version_insert');
    return undefined;
  }
}
