import { recordAudit } from '../audit/index.ts';
import type { FrameworkDefinition } from '../criteria/index.ts';
import type { Sql } from '../db/index.ts';
import {
  councilFrameworkSource,
  councilLibrary,
  isShippedFrameworkId,
  storedDefinition,
} from './council-frameworks.ts';
import { checkDefinition, type FrameworkProblem } from './framework-check.ts';
import { applyFrameworkEdits, type FrameworkEdits } from './framework-edits.ts';
import { sameRules } from './framework-text.ts';
import { insertVersion, storedVersion } from './local-framework-versions.ts';

/** What saving a framework came to: a new version, nothing to save, or the problems that stopped it. */
export type SaveOutcome =
  | { kind: 'saved'; id: string; version: number }
  | { kind: 'unchanged'; id: string; version: number }
  | { kind: 'refused'; problems: FrameworkProblem[] };

/** A local framework's id: lower-case letters and digits, in words joined by hyphens. */
export const localFrameworkIdPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export interface FrameworkCopy {
  /** The framework copied: a shipped one or a local one, at a version (its newest when none is given). */
  from: { id: string; version?: number };
  /** The new framework's id, chosen by the coordinator. */
  id: string;
  title: string;
  changeNote?: string;
}

const refused = (path: string, message: string): SaveOutcome => ({
  kind: 'refused',
  problems: [{ path, message }],
});

/** A coordinator copies a shipped (or local) framework into a new local framework, at version 1. */
export async function copyFramework(sql: Sql, copy: FrameworkCopy): Promise<SaveOutcome> {
  const id = copy.id.trim();
  const problems: FrameworkProblem[] = [];
  if (!localFrameworkIdPattern.test(id) || id.length > 60) {
    problems.push({
      path: 'id',
      message: 'Enter an id of lower-case letters, digits and hyphens (at most 60), like northshire-2026',
    });
  } else if (isShippedFrameworkId(id)) {
    problems.push({ path: 'id', message: `${id} is a framework shipped with Kindred: choose another id` });
  } else if (await storedVersion(sql, id)) {
    problems.push({ path: 'id', message: `Your council already has a framework ${id}: choose another id` });
  }
  const title = copy.title.trim();
  if (title === '') problems.push({ path: 'title', message: 'Enter a title for the framework' });
  const source = await councilFrameworkSource(sql, copy.from.id, copy.from.version);
  if (!source) problems.push({ path: '', message: `There is no framework ${copy.from.id} to copy` });
  if (problems.length > 0 || !source) return { kind: 'refused', problems };

  const from = source.definition;
  const basedOn = { id: from.id, version: from.version };
  const candidate: FrameworkDefinition = {
    ...from,
    id,
    version: 1,
    title,
    description: `Local outcomes plan, copied from ${from.id} version ${from.version} (${from.title}).`,
    basedOn,
  };
  const checked = checkDefinition(candidate, { id, version: 1, basedOn }, source.library);
  if (!checked.ok) return { kind: 'refused', problems: checked.problems };
  const changeNote = copy.changeNote?.trim() || `Copied from ${from.id} version ${from.version}`;
  const saved = await insertVersion(sql, checked.definition, changeNote);
  if (!saved) return refused('id', `Your council already has a framework ${id}: choose another id`);
  await recordAudit(sql, {
    action: 'CREATE_FRAMEWORK',
    subjectType: 'framework',
    subjectIds: [id],
    subjectOrganisationId: saved.councilId,
    details: { version: 1, basedOn: from.id, basedOnVersion: from.version },
  });
  return { kind: 'saved', id, version: 1 };
}

export interface FrameworkSave {
  id: string;
  /** The version the coordinator started from: saving is refused if someone saved a newer one meanwhile. */
  fromVersion: number;
  changeNote: string;
}

/**
 * Saves an edited definition as the next version of a local framework, after the engine's checks; nothing is
 * stored when it fails them. `json` is the edited file, parsed or as text.
 */
export async function saveFrameworkVersion(
  sql: Sql,
  save: FrameworkSave & { json: unknown },
): Promise<SaveOutcome> {
  let json = save.json;
  if (typeof json === 'string') {
    try {
      json = JSON.parse(json);
    } catch (error) {
      return refused('', `The text is not valid JSON: ${(error as Error).message}`);
    }
  }
  return saveNextVersion(sql, save, () => ({ ok: true, json }));
}

/** Saves the edit page's changes (title, eligibility, descriptions, thresholds, removals) as the next version. */
export async function editFramework(
  sql: Sql,
  save: FrameworkSave & { edits: FrameworkEdits },
): Promise<SaveOutcome> {
  return saveNextVersion(sql, save, (current) => {
    const edited = applyFrameworkEdits(current, save.edits);
    return edited.ok ? { ok: true, json: edited.definition } : edited;
  });
}

async function saveNextVersion(
  sql: Sql,
  save: FrameworkSave,
  edit: (
    current: FrameworkDefinition,
  ) => { ok: true; json: unknown } | { ok: false; problems: FrameworkProblem[] },
): Promise<SaveOutcome> {
  const latest = await storedVersion(sql, save.id);
  if (!latest) return refused('', `Your council has no local framework ${save.id}`);
  if (latest.version !== save.fromVersion) {
    return refused(
      '',
      `Version ${latest.version} was saved (by ${latest.savedBy ?? 'a colleague'}) after the version ${save.fromVersion} you changed. Open version ${latest.version} and make your change there.`,
    );
  }
  const current = storedDefinition(latest);
  const problems: FrameworkProblem[] = [];
  const changeNote = save.changeNote.trim();
  if (changeNote === '') problems.push({ path: 'changeNote', message: 'Say what changed and why' });
  const edited = edit(current);
  if (!edited.ok) return { kind: 'refused', problems: [...edited.problems, ...problems] };
  const version = latest.version + 1;
  const checked = checkDefinition(
    edited.json,
    { id: save.id, version, basedOn: latest.basedOn },
    await councilLibrary(sql),
  );
  if (!checked.ok) return { kind: 'refused', problems: [...checked.problems, ...problems] };
  if (sameRules(checked.definition, current))
    return { kind: 'unchanged', id: save.id, version: latest.version };
  if (problems.length > 0) return { kind: 'refused', problems };
  const saved = await insertVersion(sql, checked.definition, changeNote);
  if (!saved) {
    return refused(
      '',
      `Another version of ${save.id} was saved while you were editing. Open it and make your change there.`,
    );
  }
  await recordAudit(sql, {
    action: 'UPDATE_FRAMEWORK',
    subjectType: 'framework',
    subjectIds: [save.id],
    subjectOrganisationId: saved.councilId,
    details: { version, previousVersion: latest.version },
  });
  return { kind: 'saved', id: save.id, version };
}
