import { readFileSync } from 'node:fs';

/**
 * Given-name aliases (Bill ↔ William, Kasia ↔ Katarzyna). Aliases are not transitive: Rob ↔ Robert
 * and Rob ↔ Robin do not make Robert ↔ Robin, so only pairs written in a table count.
 */
export interface AliasTable {
  /** True when the two standardised names are written as aliases of each other (either way). */
  areAliases(a: string, b: string): boolean;
  /** The formal names a name may stand for, itself included: a blocking key that finds aliases. */
  formalNames(name: string): readonly string[];
  readonly pairs: number;
}

/** Parses `name1,relationship,name2` lines (the carltonnorthern/nicknames layout). */
export function parseAliasCsv(text: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const line of text.split(/\r?\n/)) {
    const [formal, relationship, nickname] = line.split(',').map((cell) => cell.trim().toLowerCase());
    if (!formal || !nickname || relationship !== 'has_nickname') continue;
    pairs.push([formal, nickname]);
  }
  return pairs;
}

export function buildAliasTable(pairs: Iterable<readonly [string, string]>): AliasTable {
  const linked = new Map<string, Set<string>>();
  const formal = new Map<string, string[]>();
  let count = 0;
  const link = (a: string, b: string): void => {
    let set = linked.get(a);
    if (!set) {
      set = new Set();
      linked.set(a, set);
    }
    set.add(b);
  };
  for (const [name, nickname] of pairs) {
    if (name === nickname || linked.get(name)?.has(nickname)) continue;
    link(name, nickname);
    link(nickname, name);
    count++;
    const roots = formal.get(nickname) ?? [nickname];
    if (!roots.includes(name)) roots.push(name);
    formal.set(nickname, roots);
  }
  return {
    pairs: count,
    areAliases: (a, b) => linked.get(a)?.has(b) ?? false,
    formalNames: (name) => formal.get(name) ?? [name],
  };
}

let shipped: AliasTable | undefined;

/** The table shipped with Kindred: the nicknames list (Apache-2.0) and our UK additions. */
export function shippedAliasTable(): AliasTable {
  if (!shipped) {
    const read = (file: string): string =>
      readFileSync(new URL(`../aliases/${file}`, import.meta.url), 'utf8');
    shipped = buildAliasTable([
      ...parseAliasCsv(read('names.csv')),
      ...parseAliasCsv(read('uk-additions.csv')),
    ]);
  }
  return shipped;
}
