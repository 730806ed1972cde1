import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildRecordTable, type ColumnName, columnNames, type RecordTable } from './record-table.ts';
import type { LinkageRecord } from './records.ts';

/** Records whose standard forms are easy to get wrong: several variants, repeats, missing parts. */
const trickyRecords: LinkageRecord[] = [
  {
    source: 'police',
    recordId: 'P1',
    variants: [
      {
        given_name: 'Mr John Paul',
        family_name: 'Smith-Jones',
        date_of_birth: '1980-03-04',
        sex: 'M',
        address_line_1: '12a Church St',
        address_line_2: 'Flat 3',
        town: 'Leeds',
        postcode: 'ls6 2ab',
        nhs_number: '943 476 5919',
        uprn: ' 000123 ',
      },
      // Duplicates of the first variant's values, and a nickname.
      {
        given_name: 'Bill',
        family_name: 'SMITH JONES',
        date_of_birth: '1980-03-04',
        sex: 'M',
        address_line_1: '12A Church Street',
        address_line_2: 'Flat 3',
        town: 'leeds',
        postcode: 'LS62AB',
      },
    ],
  },
  // A lone name, taken also as a family name for blocking; an address given in line 2 only.
  { source: 'schools', recordId: 'S1', variants: [{ given_name: 'Taylor', address_line_2: '7 Mill Lane' }] },
  // A repeated token, a one-letter family token, an invalid postcode, an unknown sex, month and day swapped.
  {
    source: 'schools',
    recordId: 'S2',
    variants: [
      {
        given_name: 'Anna Anna',
        family_name: "O'Neil",
        date_of_birth: '1980-04-03',
        sex: 'U',
        postcode: 'NOT A CODE',
        uprn: '12x',
      },
    ],
  },
  // Given and family names the wrong way round make the same name pair; a family name first met here.
  {
    source: 'police',
    recordId: 'P2',
    variants: [{ given_name: 'Smith', family_name: 'John' }, { family_name: 'Taylor' }],
  },
  { source: 'health', recordId: 'H1', variants: [{}] },
  // A value first used in a second variant, after one with nothing.
  {
    source: 'health',
    recordId: 'H2',
    variants: [{ sex: 'X' }, { given_name: 'Zoë', sex: 'F', town: 'Bradford' }],
  },
  // A given name met with a family name before it is met alone: its family-column prefix comes after Ward's.
  { source: 'police', recordId: 'P3', variants: [{ given_name: 'Robin', family_name: 'Hood' }] },
  { source: 'police', recordId: 'P4', variants: [{ family_name: 'Ward' }] },
  { source: 'schools', recordId: 'S3', variants: [{ given_name: 'Robin' }] },
];

/** What the table held for these records before standardising was made faster: it must not change. */
const expectedValuesByRecord: Record<ColumnName, string[][]> = {
  nhs_number: [['9434765919'], [], [], [], [], [], [], [], []],
  given_name: [['john', 'bill'], ['taylor'], ['anna'], ['smith'], [], ['zoe'], ['robin'], [], ['robin']],
  given_names: [
    ['john', 'paul', 'bill'],
    ['taylor'],
    ['anna'],
    ['smith'],
    [],
    ['zoe'],
    ['robin'],
    [],
    ['robin'],
  ],
  given_name_formal: [
    [
      'john',
      'ian',
      'ivan',
      'johann',
      'johannes',
      'johnathan',
      'johnathon',
      'jonathan',
      'jonathon',
      'jan',
      'sean',
      'eoin',
      'bill',
      'will',
      'willis',
    ],
    ['taylor'],
    ['anna', 'annette', 'bryanna', 'hannah', 'savannah'],
    ['smith'],
    [],
    ['zoe'],
    ['robin'],
    [],
    ['robin'],
  ],
  given_name_prefix: [['jo', 'bi'], ['ta'], ['an'], ['sm'], [], ['zo'], ['ro'], [], ['ro']],
  given_name_start: [['joh', 'bil'], ['tay'], ['ann'], ['smi'], [], ['zoe'], ['rob'], [], ['rob']],
  family_name: [['smith jones'], [], ['oneil'], ['john', 'taylor'], [], [], ['hood'], ['ward'], []],
  family_names: [['smith', 'jones'], [], ['oneil'], ['john', 'taylor'], [], [], ['hood'], ['ward'], []],
  family_name_prefix: [['sm'], ['ta'], ['on'], ['jo', 'ta'], [], ['zo'], ['ho'], ['wa'], ['ro']],
  family_name_start: [
    ['smit'],
    ['tayl'],
    ['onei'],
    ['john', 'tayl'],
    [],
    ['zoe'],
    ['hood'],
    ['ward'],
    ['robi'],
  ],
  name_pair: [
    ['john smith jones', 'bill smith jones'],
    [],
    ['anna oneil'],
    ['john smith'],
    [],
    [],
    ['hood robin'],
    [],
    [],
  ],
  date_of_birth: [['19800304'], [], ['19800403'], [], [], [], [], [], []],
  birth_year: [['1980'], [], ['1980'], [], [], [], [], [], []],
  birth_date_unordered: [['19800304'], [], ['19800304'], [], [], [], [], [], []],
  sex: [['M'], [], [], [], [], ['X', 'F'], [], [], []],
  postcode: [['LS62AB'], [], ['NOTACODE'], [], [], [], [], [], []],
  postcode_sector: [['LS6 2'], [], [], [], [], [], [], [], []],
  postcode_district: [['LS6'], [], [], [], [], [], [], [], []],
  address: [['12a church street flat 3'], ['7 mill lane'], [], [], [], [], [], [], []],
  address_numbers: [['12a 3'], ['7'], [], [], [], [], [], [], []],
  address_street: [['church street'], ['mill lane'], [], [], [], [], [], [], []],
  address_key: [['12a 3 church'], ['7 mill'], [], [], [], [], [], [], []],
  town: [['leeds'], [], [], [], [], ['bradford'], [], [], []],
  uprn: [['123'], [], [], [], [], [], [], [], []],
};

/** Each column's values by id. */
const expectedValuesById: Record<ColumnName, string[]> = {
  nhs_number: ['', '9434765919'],
  given_name: [
    '',
    'john',
    'paul',
    'smith jones',
    'smith',
    'jones',
    'bill',
    'taylor',
    'anna',
    'oneil',
    'zoe',
    'robin',
    'hood',
    'ward',
  ],
  given_names: [
    '',
    'john',
    'paul',
    'smith jones',
    'smith',
    'jones',
    'bill',
    'taylor',
    'anna',
    'oneil',
    'zoe',
    'robin',
    'hood',
    'ward',
  ],
  given_name_formal: [
    '',
    'john',
    'ian',
    'ivan',
    'johann',
    'johannes',
    'johnathan',
    'johnathon',
    'jonathan',
    'jonathon',
    'jan',
    'sean',
    'eoin',
    'bill',
    'will',
    'willis',
    'taylor',
    'anna',
    'annette',
    'bryanna',
    'hannah',
    'savannah',
    'smith',
    'zoe',
    'robin',
  ],
  given_name_prefix: ['', 'jo', 'bi', 'ta', 'an', 'sm', 'zo', 'ro'],
  given_name_start: ['', 'joh', 'bil', 'tay', 'ann', 'smi', 'zoe', 'rob'],
  family_name: [
    '',
    'john',
    'paul',
    'smith jones',
    'smith',
    'jones',
    'bill',
    'taylor',
    'anna',
    'oneil',
    'zoe',
    'robin',
    'hood',
    'ward',
  ],
  family_names: [
    '',
    'john',
    'paul',
    'smith jones',
    'smith',
    'jones',
    'bill',
    'taylor',
    'anna',
    'oneil',
    'zoe',
    'robin',
    'hood',
    'ward',
  ],
  family_name_prefix: ['', 'sm', 'ta', 'on', 'jo', 'zo', 'ho', 'wa', 'ro'],
  family_name_start: ['', 'smit', 'tayl', 'onei', 'john', 'zoe', 'hood', 'ward', 'robi'],
  name_pair: ['', 'john smith jones', 'bill smith jones', 'anna oneil', 'john smith', 'hood robin'],
  date_of_birth: ['', '19800304', '19800403'],
  birth_year: ['', '1980'],
  birth_date_unordered: ['', '19800304'],
  sex: ['', 'M', 'X', 'F'],
  postcode: ['', 'LS62AB', 'NOTACODE'],
  postcode_sector: ['', 'LS6 2'],
  postcode_district: ['', 'LS6'],
  address: ['', '12a church street flat 3', '7 mill lane'],
  address_numbers: ['', '12a 3', '7'],
  address_street: ['', 'church street', 'mill lane'],
  address_key: ['', '12a 3 church', '7 mill'],
  town: ['', 'leeds', 'bradford'],
  uprn: ['', '123'],
};

/** Each record's values in a column, as text. */
function valuesByRecord(table: RecordTable, column: ColumnName): string[][] {
  const { offsets, ids, values } = table.columns[column];
  return Array.from({ length: table.size }, (_, r) =>
    Array.from(ids.subarray(offsets[r]!, offsets[r + 1]!), (id) => values[id]!),
  );
}

describe('the record table', () => {
  const table = buildRecordTable(trickyRecords);

  it('keeps each record’s distinct standard values, in the order first met', () => {
    for (const column of columnNames)
      assert.deepEqual(valuesByRecord(table, column), expectedValuesByRecord[column], column);
  });

  it('gives ids in order of first use, names sharing one vocabulary', () => {
    for (const column of columnNames)
      assert.deepEqual(table.columns[column].values, expectedValuesById[column], column);
  });

  it('counts the records carrying each id', () => {
    for (const column of columnNames) {
      const { ids, values, counts } = table.columns[column];
      const expected = new Array<number>(values.length).fill(0);
      for (const id of ids) expected[id]!++;
      assert.deepEqual([...counts], expected, column);
    }
    const familyStart = table.columns.family_name_start;
    assert.equal(familyStart.counts[familyStart.values.indexOf('tayl')], 2);
  });

  it('numbers the sources in order of first appearance', () => {
    assert.equal(table.size, trickyRecords.length);
    assert.deepEqual(table.sourceNames, ['police', 'schools', 'health']);
    assert.deepEqual([...table.sources], [0, 1, 1, 0, 2, 2, 0, 0, 1]);
  });

  it('lays every array out in one block of shared memory, for scoring workers', () => {
    const arena = table.sources.buffer;
    assert.ok(arena instanceof SharedArrayBuffer);
    for (const column of columnNames)
      for (const part of ['ids', 'offsets', 'counts'] as const)
        assert.equal(table.columns[column][part].buffer, arena, `${column}.${part}`);
  });

  it('builds the same table when a worker builds the columns of places, dates and numbers', () => {
    const onWorker = buildRecordTable(trickyRecords, undefined, { minRecordsForWorker: 0 });
    for (const column of columnNames) {
      for (const part of ['ids', 'offsets', 'counts'] as const)
        assert.deepEqual([...onWorker.columns[column][part]], [...table.columns[column][part]], column);
      assert.deepEqual(onWorker.columns[column].values, table.columns[column].values, column);
      assert.equal(onWorker.columns[column].ids.buffer, onWorker.sources.buffer, column);
    }
    assert.deepEqual([...onWorker.sources], [...table.sources]);
  });

  it('builds an empty table', () => {
    const empty = buildRecordTable([]);
    assert.equal(empty.size, 0);
    assert.deepEqual([...empty.columns.given_name.offsets], [0]);
    assert.deepEqual(empty.columns.given_name.values, ['']);
  });
});
