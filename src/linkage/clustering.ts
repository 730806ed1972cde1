import type { PairScorer } from './scoring.ts';

/** Scored pairs at or above the clustering threshold. */
export interface MatchEdges {
  count: number;
  left: Int32Array;
  right: Int32Array;
  weight: Float32Array;
}

/**
 * Levels that together say "two people" whatever else agrees (a father and son of one name at one
 * address: same names, dates of birth far apart). Each comparison named must be at one of its levels.
 */
export interface CannotLinkRule {
  levels: Record<string, string[]>;
}

export interface ClusteringOptions {
  cannotLink: readonly CannotLinkRule[];
  /** Records already assigned to people (incremental linking): they start grouped. */
  initialGroups?: Int32Array;
  /** Largest number of record pairs checked when two groups meet (both groups' first members). */
  maxChecks?: number;
  /**
   * Two groups join only when their record pairs weigh at least this on average (bits): a chain of
   * good pairs does not join people whose records mostly disagree.
   */
  minMeanWeight?: number;
  /**
   * Per comparison, a weight (bits) of its else level at or below which a pair is two people: the data says such
   * a disagreement almost never happens within one person (a different NHS number, say). Only
   * identity that does not change belongs here: not an address, not a family name.
   */
  veto?: Readonly<Record<string, number>>;
  /**
   * Two records of one source may share a person only when their own pair weighs at least this:
   * for sources that seldom hold one person twice (a council-tax roll), two of its records that
   * look alike are more likely two people of one family than one person twice.
   */
  sameSourceMinWeight?: number;
  /** Further pairs that cannot be one person (a council-tax record without a date of birth and a child). */
  cannotBeOne?: (a: number, b: number) => boolean;
}

/** For each record, the index of the first record of its person. */
export interface Clusters {
  personOf: Int32Array;
  /** Joins refused because some record pair across the two groups could not be one person. */
  refusedJoins: number;
}

/**
 * Groups records into people: pairs are taken strongest first (as single linkage would), but two
 * groups are joined only when no record pair across them hits a cannot-link level, so one vague
 * record (a council-tax entry without a date of birth) cannot chain two different people together.
 */
export function clusterRecords(scorer: PairScorer, edges: MatchEdges, options: ClusteringOptions): Clusters {
  const size = scorer.table.size;
  const checks = options.cannotLink.map((rule) =>
    Object.entries(rule.levels).map(([name, labels]) => {
      const k = scorer.comparisons.findIndex((comparison) => comparison.name === name);
      if (k < 0) throw new Error(`Cannot-link rule: there is no comparison "${name}".`);
      const levels = scorer.model.comparisons[k]!.comparison_levels;
      const wanted = labels.map((label) => {
        const level = levels.findIndex((candidate) => candidate.label_for_charts === label);
        if (level < 0) throw new Error(`Cannot-link rule: comparison "${name}" has no level "${label}".`);
        return level;
      });
      return { comparison: scorer.comparisons[k]!, levels: new Set(wanted) };
    }),
  );
  const vetoAt = Float64Array.from(
    scorer.comparisons,
    (comparison) => options.veto?.[comparison.name] ?? Number.NEGATIVE_INFINITY,
  );
  const elseLevels = scorer.comparisons.map((comparison) => comparison.levelCount - 1);
  const vetoes = vetoAt.some((weight) => weight > Number.NEGATIVE_INFINITY);
  const levels = new Int32Array(scorer.comparisons.length);
  const conflict = (a: number, b: number): boolean => {
    const swapped = scorer.levelsOf(a, b, levels);
    for (let k = 0; k < levels.length; k++) {
      const level = levels[k]!;
      if (level === elseLevels[k] && scorer.levelWeights[k]![level]! <= vetoAt[k]!) return true;
    }
    for (const conditions of checks) {
      if (conditions.every((condition) => condition.levels.has(condition.comparison.compare(a, b, swapped))))
        return true;
    }
    return false;
  };

  const parent = new Int32Array(size);
  const members: number[][] = [];
  for (let record = 0; record < size; record++) {
    parent[record] = record;
    members.push([record]);
  }
  const find = (record: number): number => {
    let root = record;
    while (parent[root] !== root) root = parent[root]!;
    while (parent[record] !== root) {
      const next = parent[record]!;
      parent[record] = root;
      record = next;
    }
    return root;
  };
  const join = (a: number, b: number): void => {
    const [big, small] = members[a]!.length >= members[b]!.length ? [a, b] : [b, a];
    parent[small] = big;
    for (const member of members[small]!) members[big]!.push(member);
    members[small] = [];
  };
  if (options.initialGroups) {
    const firstOf = new Map<number, number>();
    for (let record = 0; record < size; record++) {
      const group = options.initialGroups[record]!;
      if (group < 0) continue;
      const first = firstOf.get(group);
      if (first === undefined) firstOf.set(group, record);
      else {
        const a = find(first);
        const b = find(record);
        if (a !== b) join(a, b);
      }
    }
  }

  const order = Array.from({ length: edges.count }, (_, index) => index);
  order.sort((x, y) => edges.weight[y]! - edges.weight[x]!);
  const maxChecks = options.maxChecks ?? 10000;
  const minMeanWeight = options.minMeanWeight;
  let refusedJoins = 0;
  for (const edge of order) {
    const a = find(edges.left[edge]!);
    const b = find(edges.right[edge]!);
    if (a === b) continue;
    let refused = false;
    if (minMeanWeight !== undefined && members[a]!.length + members[b]!.length > 2) {
      let total = 0;
      let count = 0;
      outer: for (const x of members[a]!) {
        for (const y of members[b]!) {
          total += scorer.weight(x, y);
          if (++count >= maxChecks) break outer;
        }
      }
      refused = total / count < minMeanWeight;
    }
    const sources = scorer.table.sources;
    const sameSourceMin = sources ? options.sameSourceMinWeight : undefined;
    const cannotBeOne = options.cannotBeOne;
    if (!refused && (checks.length > 0 || vetoes || sameSourceMin !== undefined || cannotBeOne)) {
      const left = members[a]!;
      const right = members[b]!;
      let checked = 0;
      outer: for (const x of left) {
        for (const y of right) {
          if (
            conflict(x, y) ||
            cannotBeOne?.(x, y) ||
            (sameSourceMin !== undefined &&
              sources![x] === sources![y] &&
              scorer.weight(x, y) < sameSourceMin)
          ) {
            refused = true;
            break outer;
          }
          if (++checked >= maxChecks) break outer;
        }
      }
    }
    if (refused) refusedJoins++;
    else join(a, b);
  }
  const personOf = new Int32Array(size);
  const firstMember = new Int32Array(size).fill(-1);
  for (let record = 0; record < size; record++) {
    const root = find(record);
    if (firstMember[root] === -1) firstMember[root] = record;
    personOf[record] = firstMember[root]!;
  }
  return { personOf, refusedJoins };
}
