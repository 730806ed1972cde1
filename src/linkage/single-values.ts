import { type ColumnName, columnNames, type RecordTable, sharedInt32 } from './record-table.ts';

/** Numbers per record in the single values: one per column. */
export const singleValueWidth = columnNames.length;

/** A column's place in a record's row of single values. */
export const singleValueAt = (column: ColumnName): number => columnNames.indexOf(column);

const ofTable = new WeakMap<RecordTable, Int32Array>();

/**
 * Each record's value id in every column, record by record (`singleValueWidth` a record, columns at
 * `singleValueAt`): the id when the record has one value there, 0 when none, -1 when several (then
 * its column has them). Comparing a pair reads two rows, two or three lines of the processor's
 * cache, where reading each column's offsets and ids for both records cost a miss apiece: at a
 * million records that was most of scoring's time. Made once per table, on shared memory so workers
 * read them too (a worker gives the rows it was handed).
 */
export function singleValues(table: RecordTable, rows?: Int32Array): Int32Array {
  let found = ofTable.get(table);
  if (!found) {
    found = rows ?? singleValueRows(table);
    ofTable.set(table, found);
  }
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
