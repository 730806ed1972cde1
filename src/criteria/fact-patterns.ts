import { factCodes, localCodePattern, lookupFactCode } from '../facts/vocabulary.ts';

/** The areas of the fact vocabulary (`crime`, `children`, ...) and `local`. */
export const factAreas: ReadonlySet<string> = new Set([
  ...factCodes.map((fact) => fact.code.split('.')[0]!),
  'local',
]);

const areaPattern = /^([a-z0-9_]+)\.\*$/;

/** The area a pattern such as `children.*` names, or undefined for a single code. */
export function patternArea(pattern: string): string | undefined {
  return areaPattern.exec(pattern)?.[1];
}

/** Why a code or pattern cannot be used in a framework, or undefined when it can. */
export function factPatternProblem(pattern: string): string | undefined {
  const area = patternArea(pattern);
  if (area !== undefined) {
    return factAreas.has(area)
      ? undefined
      : `"${pattern}" names no area of the fact vocabulary (${[...factAreas].join(', ')})`;
  }
  if (lookupFactCode(pattern)) return undefined;
  if (pattern.startsWith('local.') && !localCodePattern.test(pattern)) {
    return `"${pattern}" is not a local code: use local.<name> with lower-case letters, digits and _`;
  }
  return `"${pattern}" is not a code of the fact vocabulary (or local.<name>, or an area as children.*)`;
}

/** The known codes a pattern covers (a local code stands for itself). */
export function codesCovered(pattern: string): string[] {
  const area = patternArea(pattern);
  if (area === undefined) return [pattern];
  return factCodes.filter((fact) => fact.code.startsWith(`${area}.`)).map((fact) => fact.code);
}

export function patternMatches(pattern: string, code: string): boolean {
  const area = patternArea(pattern);
  return area === undefined ? pattern === code : code.startsWith(`${area}.`) && code.length > area.length + 1;
}
