import { recordAudit } from '../audit/index.ts';
import {
  type CriteriaFramework,
  compileFramework,
  type FrameworkDefinition,
  FrameworkError,
  parseFramework,
  shippedFrameworkDefinitions,
  shippedFrameworkIds,
} from '../criteria/index.ts';
import type { Sql } from '../db/index.ts';
import { orderedDefinition } from './framework-text.ts';
import {
  type LocalFrameworkVersion,
  latestLocalVersions,
  localVersions,
  type StoredFrameworkVersion,
  storedDefinitions,
  storedVersion,
} from './local-framework-versions.ts';

/** A framework a council can identify families with: a shipped one, or the newest version of a local one. */
export interface FrameworkChoice {
  id: string;
  version: number;
  title: string;
  local: boolean;
}

export interface FrameworkSummary extends FrameworkChoice {
  basedOn?: { id: string; version: number };
  savedBy?: string | null;
  savedAt?: Date;
}

export const isShippedFrameworkId = (id: string): boolean =>
  (shippedFrameworkIds as readonly string[]).includes(id);

/** A stored definition read back through the engine's own checks, fields in file order. */
export const storedDefinition = (stored: { id: string; definition: unknown }): FrameworkDefinition =>
  orderedDefinition(parseFramework(stored.definition, `${stored.id}.json`));

/**
 * What `include` may name for this council: the shipped frameworks, then every version it has saved (newest
 * first, so an include without a version finds the newest). A stored file the engine no longer accepts is
 * left out here; loading it on its own says why.
 */
export async function councilLibrary(sql: Sql): Promise<FrameworkDefinition[]> {
  const local = (await storedDefinitions(sql)).flatMap((stored) => {
    try {
      return [storedDefinition(stored)];
    } catch (error) {
      if (error instanceof FrameworkError) return [];
      throw error;
    }
  });
  return [...shippedFrameworkDefinitions(), ...local];
}

/** The three shipped frameworks, then the newest version of each of the council's local ones. */
export async function listFrameworks(sql: Sql): Promise<FrameworkSummary[]> {
  const shipped = shippedFrameworkDefinitions().map((definition) => ({
    id: definition.id,
    version: definition.version,
    title: definition.title,
    local: false,
  }));
  const local = (await latestLocalVersions(sql)).map((version) => ({
    id: version.id,
    version: version.version,
    title: version.title,
    local: true,
    basedOn: version.basedOn,
    savedBy: version.savedBy,
    savedAt: version.savedAt,
  }));
  return [...shipped, ...local];
}

/** For choosing the framework of an identification run: `{ id, version, title, local }` of each. */
export async function frameworkChoices(sql: Sql): Promise<FrameworkChoice[]> {
  return (await listFrameworks(sql)).map(({ id, version, title, local }) => ({ id, version, title, local }));
}

/**
 * A framework's definition and the library its includes resolve against (plain data, so it can be handed to
 * a worker thread and compiled there), or undefined when the council has no such framework or version.
 */
export async function councilFrameworkSource(
  sql: Sql,
  id: string,
  version?: number,
): Promise<{ definition: FrameworkDefinition; library: FrameworkDefinition[] } | undefined> {
  if (isShippedFrameworkId(id)) {
    const definition = shippedFrameworkDefinitions().find((candidate) => candidate.id === id)!;
    if (version !== undefined && version !== definition.version) return undefined;
    return { definition, library: [...shippedFrameworkDefinitions()] };
  }
  const stored = await storedVersion(sql, id, version);
  if (!stored) return undefined;
  return { definition: storedDefinition(stored), library: await councilLibrary(sql) };
}

/**
 * Any version of a framework the council can use (the newest when no version is given), compiled and ready
 * to assess households with; undefined when there is no such framework or version. A stored definition the
 * engine no longer accepts throws its FrameworkError.
 */
export async function loadCouncilFramework(
  sql: Sql,
  id: string,
  version?: number,
): Promise<CriteriaFramework | undefined> {
  const source = await councilFrameworkSource(sql, id, version);
  if (!source) return undefined;
  return compileFramework(source.definition, { file: `${id}.json`, library: source.library });
}

/** One version of a framework as its page shows it: the rules, where it came from and its other versions. */
export interface FrameworkDetail {
  framework: CriteriaFramework;
  definition: FrameworkDefinition;
  local: boolean;
  /** The version shown, for a local framework: who saved it, when and why. */
  saved?: LocalFrameworkVersion;
  /** Every version of a local framework, newest first (a shipped framework has one). */
  versions: LocalFrameworkVersion[];
  latestVersion: number;
}

/** A framework version as a reader sees it; the read is audited. */
export async function viewFramework(
  sql: Sql,
  id: string,
  version?: number,
): Promise<FrameworkDetail | undefined> {
  let detail: FrameworkDetail;
  if (isShippedFrameworkId(id)) {
    const source = await councilFrameworkSource(sql, id, version);
    if (!source) return undefined;
    detail = {
      framework: compileFramework(source.definition, { file: `${id}.json`, library: source.library }),
      definition: source.definition,
      local: false,
      versions: [],
      latestVersion: source.definition.version,
    };
  } else {
    const versions = await localVersions(sql, id);
    const wanted = version ?? versions[0]?.version;
    const stored: StoredFrameworkVersion | undefined =
      wanted === undefined ? undefined : await storedVersion(sql, id, wanted);
    if (!stored) return undefined;
    const definition = storedDefinition(stored);
    detail = {
      framework: compileFramework(definition, { file: `${id}.json`, library: await councilLibrary(sql) }),
      definition,
      local: true,
      saved: stored,
      versions,
      latestVersion: versions[0]!.version,
    };
  }
  await recordAudit(sql, {
    action: 'VIEW_FRAMEWORK',
    subjectType: 'framework',
    subjectIds: [id],
    ...(detail.saved ? { subjectOrganisationId: detail.saved.councilId } : {}),
    details: { version: detail.definition.version, local: detail.local },
  });
  return detail;
}

/** A framework version's file, for download; the export is audited. */
export async function exportFramework(
  sql: Sql,
  id: string,
  version?: number,
): Promise<FrameworkDefinition | undefined> {
  let definition: FrameworkDefinition;
  let councilId: string | undefined;
  if (isShippedFrameworkId(id)) {
    const source = await councilFrameworkSource(sql, id, version);
    if (!source) return undefined;
    definition = orderedDefinition(source.definition);
  } else {
    const stored = await storedVersion(sql, id, version);
    if (!stored) return undefined;
    definition = storedDefinition(stored);
    councilId = stored.councilId;
  }
  await recordAudit(sql, {
    action: 'EXPORT_FRAMEWORK',
    subjectType: 'framework',
    subjectIds: [id],
    ...(councilId ? { subjectOrganisationId: councilId } : {}),
    details: { version: definition.version, local: councilId !== undefined },
  });
  return definition;
}
