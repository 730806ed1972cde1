import { type Column, columnNames, type RecordTable, sharedInt32 } from './record-table.ts';

/** Numbers per record in `SingleValues.rows`: one per column. */
export const singleValueWidth = columnNames.length;

/**
 * Each record's value id in every column, record by record: the id when the record has one value
 * there, 0 when none, -1 when several (then its column has them). Comparing a pair reads two rows,
 * two or three lines of the processor's cache, where reading each column's offsets and ids for both
 * records cost a miss apiece: at a million records that was most of scoring's time.
 */
export interface SingleValues {
  rows: Int32Array;
  /** Each column's place in a row. */
  at: Map<Column, number>;
}

const ofTable = new WeakMap<RecordTable, SingleValues>();

/** The table's single values, made once per table (on shared memory, so workers read them too). */
export function singleValues(table: RecordTable, rows?: Int32Array): SingleValues {
  let found = ofTable.get(table);
  if (found) return found;
  const at = new Map<Column, number>(columnNames.map((name, index) => [table.columns[name], index]));
  found = { rows: rows ?? singleValueRows(table), at };
  ofTable.set(table, found);
  return found;
}

function singleValueRows(table: RecordTable): Int32Array {
  const rows = sharedInt32(table.size * singleValueWidth);
  columnNames.forEach((name, index) => {
    const { offsets, ids } = table.columns[name];
    for (let record = 0; record < table.size; record++) {
      const count = offsets[record + 1]! - offsets[record]!;
      rows[record * singleValueWidth + index] = count === 1 ? ids[offsets[record]!]! : count === 0 ? 0 : -1;
    }
  });
  return rows;
}
