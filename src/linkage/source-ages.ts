import type { RecordTable } from './record-table.ts';

export interface SourceAgeOptions {
  /** Birth years are grouped in bands of this many years. */
  bandYears?: number;
  /** A source is judged only when at least this many of its records have a date of birth. */
  minRecords?: number;
  /** A band counts as missing from a source only when an age-blind source would hold at least this many of its records there. */
  minExpected?: number;
}

/**
 * The ages a source holds, learnt from its own records that have a date of birth: a council-tax
 * roll holds nobody born in the last sixteen years, a school roll nobody born before 2005. When a
 * source has no record born in a band where a source blind to age would have many (ten, by default:
 * a chance of one in twenty thousand), its records without a date of birth are not people born
 * then. Gives a test of a pair that is true when one record has no date of birth and every date of
 * birth of the other falls in such a gap of the first one's source; undefined when no source has a
 * gap (one source, or sources with the same ages).
 */
export function sourceAgeGaps(
  table: RecordTable,
  options: SourceAgeOptions = {},
): ((i: number, j: number) => boolean) | undefined {
  const bandYears = options.bandYears ?? 5;
  const minRecords = options.minRecords ?? 100;
  const minExpected = options.minExpected ?? 10;
  const column = table.columns.date_of_birth;
  const sources = table.sourceNames.length;
  if (sources < 2) return undefined;
  // Each distinct date of birth value's band.
  const bandOfValue = Int32Array.from(column.values, (value, id) =>
    id === 0 ? -1 : Math.floor(Math.floor(Number(value) / 10000) / bandYears),
  );
  let lowest = Number.POSITIVE_INFINITY;
  let highest = Number.NEGATIVE_INFINITY;
  for (let id = 1; id < bandOfValue.length; id++) {
    lowest = Math.min(lowest, bandOfValue[id]!);
    highest = Math.max(highest, bandOfValue[id]!);
  }
  if (!Number.isFinite(lowest)) return undefined;
  const bands = highest - lowest + 1;
  const counts = new Float64Array(sources * bands);
  const withDate = new Float64Array(sources);
  for (let record = 0; record < table.size; record++) {
    const start = column.offsets[record]!;
    const end = column.offsets[record + 1]!;
    if (start === end) continue;
    const source = table.sources[record]!;
    withDate[source]!++;
    // A record with several dates counts a share in each of their bands.
    for (let p = start; p < end; p++)
      counts[source * bands + bandOfValue[column.ids[p]!]! - lowest]! += 1 / (end - start);
  }
  let allDated = 0;
  for (const count of withDate) allDated += count;
  const gap = new Uint8Array(sources * bands);
  let anyGap = false;
  for (let band = 0; band < bands; band++) {
    let inBand = 0;
    for (let source = 0; source < sources; source++) inBand += counts[source * bands + band]!;
    const share = inBand / allDated;
    for (let source = 0; source < sources; source++) {
      if (withDate[source]! < minRecords) continue;
      if (counts[source * bands + band] === 0 && withDate[source]! * share >= minExpected) {
        gap[source * bands + band] = 1;
        anyGap = true;
      }
    }
  }
  if (!anyGap) return undefined;
  const outsideAges = (undated: number, dated: number): boolean => {
    const start = column.offsets[dated]!;
    const end = column.offsets[dated + 1]!;
    if (start === end) return false;
    const row = table.sources[undated]! * bands - lowest;
    for (let p = start; p < end; p++) if (gap[row + bandOfValue[column.ids[p]!]!] !== 1) return false;
    return true;
  };
  return (i, j) => {
    const iDated = column.offsets[i + 1]! > column.offsets[i]!;
    const jDated = column.offsets[j + 1]! > column.offsets[j]!;
    if (iDated === jDated) return false;
    return iDated ? outsideAges(j, i) : outsideAges(i, j);
  };
}
