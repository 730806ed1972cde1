import type { Comparison, LevelTest } from '../model.ts';
import { PairValueCache } from '../pair-index.ts';
import type { Column, ColumnName, RecordTable } from '../record-table.ts';
import { singleValueAt, singleValues, singleValueWidth } from '../single-values.ts';
import { jaroWinkler } from './string-similarity.ts';
import { type IdPairTest, idPairTest, type ValueTest, valueTest } from './value-tests.ts';

/** Look-ups of value pairs after which a comparison's cache is kept only if half of them found their pair. */
const cacheTrial = 1 << 16;

/**
 * A comparison bound to a record table: gives the level of any record pair (0 = the null level,
 * then the model's levels in order). Values of multi-variant records are all tried; the best level wins.
 */
export class CompiledComparison {
  readonly name: string;
  readonly levelCount: number;
  readonly column: Column;
  /** The column compared on the right when given and family names are entered the other way round. */
  readonly swapColumn: Column | undefined;
  /** The value id that agreed at the level last returned: the term-frequency adjustment reads it. */
  agreedValue = 0;
  /** Off while sampling random pairs: they rarely repeat, and would only fill the cache. */
  caching = true;
  private readonly exactLevel: number;
  private readonly elseLevel: number;
  private readonly valueTests: { level: number; test: ValueTest }[] = [];
  private readonly recordTests: RecordTest[] = [];
  private readonly cache = new PairValueCache();
  /** Whether levels of value pairs are remembered: until the first `cacheTrial` look-ups find fewer than half. */
  private remembering = true;
  private lookups = 0;
  private hits = 0;
  /** Levels on several columns (an address, a postcode, a town): each level tried in turn. */
  private readonly multiColumn: MultiColumnLevel[] | undefined;
  private readonly nullColumns: Column[];
  /** Each record's single value ids (see single-values.ts), and where this comparison's columns are in a row. */
  private readonly rows: Int32Array;
  private readonly columnAt: number;
  private readonly swapAt: number;
  private readonly nullColumnsAt: Int32Array;

  constructor(comparison: Comparison, table: RecordTable) {
    this.rows = singleValues(table);
    this.name = comparison.output_column_name;
    const levels = comparison.comparison_levels;
    this.levelCount = levels.length;
    const nullLevel = levels.findIndex((level) => level.kindred_test.test === 'null');
    if (nullLevel !== 0) throw new Error(`Comparison ${this.name}: the first level must be the null level.`);
    const mainColumn = (levels[0]!.kindred_test as { column: ColumnName }).column;
    this.column = table.columns[mainColumn];
    if (comparison.kindred_name_order === 'either') {
      this.swapColumn = mainColumn === 'given_name' ? table.columns.family_name : table.columns.given_name;
    }
    this.exactLevel = levels.findIndex((level) => level.kindred_test.test === 'exact');
    this.elseLevel = levels.findIndex((level) => level.kindred_test.test === 'else');
    if (this.elseLevel !== levels.length - 1) {
      throw new Error(`Comparison ${this.name}: the last level must be the else level.`);
    }
    const nullTest = levels[0]!.kindred_test as { columns?: ColumnName[] };
    this.nullColumns = (nullTest.columns ?? [mainColumn]).map((name) => table.columns[name]);
    this.columnAt = singleValueAt(mainColumn);
    this.swapAt = this.swapColumn
      ? singleValueAt(mainColumn === 'given_name' ? 'family_name' : 'given_name')
      : this.columnAt;
    this.nullColumnsAt = Int32Array.from(nullTest.columns ?? [mainColumn], singleValueAt);
    const onOtherColumn = levels.some((level) => {
      const test = level.kindred_test;
      if (test.test === 'all') return true;
      return (
        'column' in test &&
        test.test !== 'other_token' &&
        test.test !== 'token_overlap' &&
        test.column !== mainColumn
      );
    });
    if (onOtherColumn) {
      // A test that several levels share (the same address, in four of them) is one part, tried at
      // most once per pair.
      const byKey = new Map<string, ColumnTest>();
      const part = (test: LevelTest): ColumnTest => {
        const key = JSON.stringify(test);
        let found = byKey.get(key);
        if (!found) {
          const name = 'column' in test ? test.column : mainColumn;
          found = {
            test,
            index: this.parts.length,
            column: table.columns[name],
            at: singleValueAt(name),
            onIds:
              'column' in test
                ? idPairTest(
                    test,
                    table.columns[test.column].values,
                    table.aliases,
                    table.columns[test.column].counts,
                  )
                : null,
          };
          byKey.set(key, found);
          this.parts.push(found);
        }
        return found;
      };
      this.multiColumn = levels.slice(1).map((level, index) => {
        const test = level.kindred_test;
        const parts = test.test === 'all' ? test.tests.map(part) : [part(test)];
        // The value a term-frequency adjustment reads: the one its column's exact part agreed on.
        const tfPart = level.tf_adjustment_column
          ? parts.find(
              (candidate) =>
                candidate.test.test === 'exact' && candidate.test.column === level.tf_adjustment_column,
            )
          : undefined;
        return { level: index + 1, parts, ...(tfPart ? { tfPart } : {}) };
      });
      this.partState = new Int8Array(this.parts.length);
      this.partAgreed = new Int32Array(this.parts.length);
      return;
    }
    levels.forEach((level, index) => {
      const test = level.kindred_test;
      if (test.test === 'null' || test.test === 'else' || test.test === 'exact') return;
      const onValues = valueTest(test, table.aliases, this.column.counts);
      if (onValues) this.valueTests.push({ level: index, test: onValues });
      else if (test.test === 'other_token' || test.test === 'token_overlap') {
        const main = test.test === 'other_token' ? test.column : test.tokens_column;
        this.recordTests.push({
          level: index,
          crosswise: test.test === 'other_token',
          main: table.columns[main],
          tokens: table.columns[test.tokens_column],
          mainAt: singleValueAt(main),
          tokensAt: singleValueAt(test.tokens_column),
        });
      }
    });
  }

  /**
   * The distinct single-column tests inside levels made of several (an address and a postcode), and
   * for each level the tests it is made of: u of a combined level that random pairs never reach can
   * then be put at what it would be if its parts were independent.
   */
  combinedParts(): { parts: number; levelParts: (number[] | undefined)[] } {
    const levelParts: (number[] | undefined)[] = new Array(this.levelCount).fill(undefined);
    for (const candidate of this.multiColumn ?? []) {
      if (candidate.parts.length >= 2)
        levelParts[candidate.level] = candidate.parts.map((part) => part.index);
    }
    return { parts: this.parts.length, levelParts };
  }

  /** Whether one of `combinedParts`' tests holds for the pair last compared (tried now if comparing did not need it). */
  partHoldsFor(part: number, i: number, j: number): boolean {
    const known = this.partState[part]!;
    return known === -1 ? this.partHolds(this.parts[part]!, i, j) : known === 1;
  }

  /** The distinct tests of a comparison on several columns, and each one's result for the pair being compared. */
  private readonly parts: ColumnTest[] = [];
  private partState = new Int8Array(0);
  private partAgreed = new Int32Array(0);

  /** True when the record has a value this comparison reads. */
  hasValue(record: number): boolean {
    for (const column of this.nullColumns)
      if (column.offsets[record + 1]! > column.offsets[record]!) return true;
    return false;
  }

  private compareOnColumns(levels: MultiColumnLevel[], i: number, j: number, lastLevel: number): number {
    const rows = this.rows;
    const rowI = i * singleValueWidth;
    const rowJ = j * singleValueWidth;
    let comparable = false;
    for (const at of this.nullColumnsAt)
      if (rows[rowI + at] !== 0 && rows[rowJ + at] !== 0) comparable = true;
    if (!comparable) return 0;
    const state = this.partState;
    state.fill(-1);
    for (const candidate of levels) {
      if (candidate.level > lastLevel) return -1;
      let holds = true;
      for (const part of candidate.parts) {
        let known = state[part.index]!;
        if (known === -1) {
          known = this.partHolds(part, i, j) ? 1 : 0;
          state[part.index] = known;
        }
        if (known === 0) {
          holds = false;
          break;
        }
      }
      if (holds) {
        if (candidate.tfPart) this.agreedValue = this.partAgreed[candidate.tfPart.index]!;
        return candidate.level;
      }
    }
    return this.elseLevel;
  }

  /** One test on one column: true when any value pair of the two records passes (equal values pass). */
  private partHolds(part: ColumnTest, i: number, j: number): boolean {
    const { test, column } = part;
    if (test.test === 'else') return true;
    const a = this.rows[i * singleValueWidth + part.at]!;
    const b = this.rows[j * singleValueWidth + part.at]!;
    if (a === 0 || b === 0) return false;
    if (a > 0 && b > 0) {
      const holds = a === b || part.onIds?.(a, b, this.caching) === true;
      if (holds && test.test === 'exact') {
        this.agreedValue = a;
        this.partAgreed[part.index] = a;
      }
      return holds;
    }
    const ids = column.ids;
    for (let p = column.offsets[i]!; p < column.offsets[i + 1]!; p++) {
      const a = ids[p]!;
      for (let q = column.offsets[j]!; q < column.offsets[j + 1]!; q++) {
        const b = ids[q]!;
        const holds = a === b || part.onIds?.(a, b, this.caching) === true;
        if (holds) {
          if (test.test === 'exact') {
            this.agreedValue = a;
            this.partAgreed[part.index] = a;
          }
          return true;
        }
      }
    }
    return false;
  }

  private levelOfValues(a: number, b: number): number {
    const low = Math.min(a, b);
    const high = Math.max(a, b);
    const remembering = this.caching && this.remembering;
    let level = remembering ? this.cache.get(low, high) : -1;
    if (remembering && ++this.lookups === cacheTrial) {
      // Values that seldom meet twice (dates of birth) are quicker to test again than to look up.
      this.remembering = this.hits * 2 >= cacheTrial;
    }
    if (level !== -1) this.hits++;
    else {
      level = this.elseLevel;
      // Tested lower id first, so the level never depends on which record came first.
      const values = this.column.values;
      const left = values[low]!;
      const right = values[high]!;
      for (const { level: candidate, test } of this.valueTests) {
        if (test(left, right, low, high)) {
          level = candidate;
          break;
        }
      }
      if (remembering) this.cache.set(low, high, level);
    }
    return level;
  }

  /**
   * The level of a pair. A comparison on several columns may be told the last level the caller
   * still cares about: when the pair is at none of the levels up to it, -1, without trying the rest.
   */
  compare(i: number, j: number, swap = false, lastLevel = this.levelCount): number {
    if (this.multiColumn) {
      this.agreedValue = 0;
      return this.compareOnColumns(this.multiColumn, i, j, lastLevel);
    }
    const single = this.rows[i * singleValueWidth + this.columnAt]!;
    const other = this.rows[j * singleValueWidth + (swap ? this.swapAt : this.columnAt)]!;
    this.agreedValue = 0;
    if (single === 0 || other === 0) return 0;
    if (single > 0 && other > 0) {
      const level =
        single === other && this.exactLevel > 0 ? this.exactLevel : this.levelOfValues(single, other);
      if (level === this.elseLevel) return this.recordLevel(i, j, level);
      this.agreedValue = single;
      return level === 1 ? 1 : this.recordLevel(i, j, level);
    }
    const left = this.column;
    const right = swap && this.swapColumn ? this.swapColumn : left;
    const leftStart = left.offsets[i]!;
    const leftEnd = left.offsets[i + 1]!;
    const rightStart = right.offsets[j]!;
    const rightEnd = right.offsets[j + 1]!;
    this.agreedValue = 0;
    if (leftStart === leftEnd || rightStart === rightEnd) return 0;
    let best = this.elseLevel;
    const leftIds = left.ids;
    const rightIds = right.ids;
    for (let p = leftStart; p < leftEnd; p++) {
      const a = leftIds[p]!;
      for (let q = rightStart; q < rightEnd; q++) {
        const b = rightIds[q]!;
        const level = a === b && this.exactLevel > 0 ? this.exactLevel : this.levelOfValues(a, b);
        if (level < best) {
          best = level;
          this.agreedValue = a;
          if (level === 1) return 1;
        }
      }
    }
    return this.recordLevel(i, j, best);
  }

  /** The level of a pair whose values are at `best`: a better level on whole records when one holds. */
  private recordLevel(i: number, j: number, best: number): number {
    for (const test of this.recordTests) {
      if (test.level >= best) break;
      if (this.recordTest(test, i, j)) {
        this.agreedValue = 0;
        return test.level;
      }
    }
    return best;
  }

  /** A main value of one record among the other's tokens (either way round, `crosswise`), or a token in common. */
  private recordTest(test: RecordTest, i: number, j: number): boolean {
    if (this.sharesValue(test, i, j)) return true;
    return test.crosswise && this.sharesValue(test, j, i);
  }

  /** True when a value of record i in the test's main column is among record j's tokens. */
  private sharesValue(test: RecordTest, i: number, j: number): boolean {
    const value = this.rows[i * singleValueWidth + test.mainAt]!;
    const token = this.rows[j * singleValueWidth + test.tokensAt]!;
    if (value === 0 || token === 0) return false;
    if (value > 0 && token > 0) return value === token;
    return containsAny(test.main, i, test.tokens, j);
  }
}

/** A level tested on whole records: a name among the other's middle names, or a part of a double-barrelled name in common. */
interface RecordTest {
  level: number;
  crosswise: boolean;
  main: Column;
  tokens: Column;
  mainAt: number;
  tokensAt: number;
}

interface ColumnTest {
  test: LevelTest;
  /** Its place among the comparison's distinct tests. */
  index: number;
  column: Column;
  /** The column's place in a row of single values. */
  at: number;
  onIds: IdPairTest | null;
}

/** A level of a comparison on several columns: all its parts must hold. */
interface MultiColumnLevel {
  level: number;
  parts: ColumnTest[];
  /** The exact part whose agreed value the level's term-frequency adjustment reads. */
  tfPart?: ColumnTest;
}

/** True when any value of record i in column a is among record j's values in column b (shared ids). */
function containsAny(a: Column, i: number, b: Column, j: number): boolean {
  for (let p = a.offsets[i]!; p < a.offsets[i + 1]!; p++) {
    const id = a.ids[p]!;
    for (let q = b.offsets[j]!; q < b.offsets[j + 1]!; q++) if (b.ids[q] === id) return true;
  }
  return false;
}

/** Where the given and family names are in a row of single values. */
const givenAt = singleValueAt('given_name');
const familyAt = singleValueAt('family_name');

/**
 * True when the given and family names of two records agree only the other way round (one or
 * both entered in the other's field), so they are compared crosswise.
 */
export function namesSwapped(table: RecordTable, i: number, j: number, rows = singleValues(table)): boolean {
  const given = table.columns.given_name;
  const family = table.columns.family_name;
  const givenI = rows[i * singleValueWidth + givenAt]!;
  const givenJ = rows[j * singleValueWidth + givenAt]!;
  const familyI = rows[i * singleValueWidth + familyAt]!;
  const familyJ = rows[j * singleValueWidth + familyAt]!;
  if (givenI >= 0 && givenJ >= 0 && familyI >= 0 && familyJ >= 0) {
    // One name or none in each field, as most records have: the same steps as below, on the ids.
    const same = (x: number, y: number): boolean => x !== 0 && x === y;
    if (same(givenI, givenJ) || same(familyI, familyJ)) return false;
    const similar = (a: Column, x: number, b: Column, y: number): boolean =>
      jaroWinkler(a.values[x]!, b.values[y]!) >= 0.88;
    const crossGivenFamily = same(givenI, familyJ);
    const crossFamilyGiven = same(familyI, givenJ);
    if (crossGivenFamily && crossFamilyGiven) return true;
    if (crossGivenFamily) return familyI === 0 || givenJ === 0 || similar(family, familyI, given, givenJ);
    if (crossFamilyGiven) return givenI === 0 || familyJ === 0 || similar(given, givenI, family, familyJ);
    return false;
  }
  if (containsAny(given, i, given, j) || containsAny(family, i, family, j)) return false;
  const empty = (column: Column, record: number): boolean =>
    column.offsets[record] === column.offsets[record + 1];
  // Both names crosswise, or one crosswise and the other missing (a family name entered as the only name);
  // one name crosswise with the other disagreeing is a relative's name (a patronymic), not a swap.
  const givenFamily = containsAny(given, i, family, j);
  const familyGiven = containsAny(family, i, given, j);
  if (givenFamily && familyGiven) return true;
  if (givenFamily) return empty(family, i) || empty(given, j) || similarAny(family, i, given, j);
  if (familyGiven) return empty(given, i) || empty(family, j) || similarAny(given, i, family, j);
  return false;
}

/** True when some value of record i in column a is close to one of record j's in column b (a typo). */
function similarAny(a: Column, i: number, b: Column, j: number): boolean {
  for (let p = a.offsets[i]!; p < a.offsets[i + 1]!; p++) {
    for (let q = b.offsets[j]!; q < b.offsets[j + 1]!; q++) {
      if (jaroWinkler(a.values[a.ids[p]!]!, b.values[b.ids[q]!]!) >= 0.88) return true;
    }
  }
  return false;
}
