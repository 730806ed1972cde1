import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ExtractIssue } from './extract-issue.ts';
import { extractText, pieces, readBack, today } from './fixtures/extracts.ts';
import { readExtractBatches, readExtractFile } from './read-extract.ts';

const mixed = extractText([
  {
    record_id: 'A',
    given_name: 'Ann',
    family_name: 'Lee',
    nhs_number: '943 476 5918',
    fact: 'dv.victim',
    fact_start: '2024-05-01',
  },
  { record_id: 'B', given_name: 'Bob', fact: 'housing.homeless', fact_start: '2024-05-01' },
  { record_id: 'A', fact: 'crime.burglary', fact_start: '2024-05-01' },
  { record_id: 'C', family_name: 'Cole', date_of_birth: '1980-01-01' },
]);

describe('readExtract', () => {
  it('gives rows and issues as they come, then the record rule’s issues and a summary', async () => {
    const read = await readBack(mixed);
    assert.deepEqual(
      read.events.map((event) => (event as { kind: string }).kind),
      ['issue', 'row', 'row', 'issue', 'row', 'issue', 'end'],
    );
    assert.deepEqual(read.summary, {
      rowsRead: 4,
      rowsAccepted: 2,
      rowsRejected: 2,
      warnings: 1,
      records: 2,
      rejectedRecordIds: ['B'],
      agreementBreaches: 0,
    });
  });

  it('gives the same events in batches', async () => {
    const batched: unknown[] = [];
    for await (const events of readExtractBatches(pieces(Buffer.from(mixed), 5), {
      file: 'partner.csv',
      today,
    }))
      batched.push(...events);
    assert.deepEqual(batched, (await readBack(mixed)).events);
  });

  it('tallies a record’s rows wherever they come, its ids in any order', async () => {
    const read = await readBack(
      extractText([
        { record_id: 'M', given_name: 'Mo', fact: 'housing.homeless', fact_start: '2024-05-01' },
        { record_id: 'K', family_name: 'Khan', date_of_birth: '1980-01-01' },
        { record_id: 'M', given_name: 'Mo', family_name: 'Moss' },
        { record_id: 'P', given_name: 'Pat' },
        { record_id: 'N', family_name: 'Nash', given_name: 'Ned' },
        { record_id: 'P', family_name: 'Park', date_of_birth: '1990-02-03' },
        { record_id: 'Q', given_name: 'Quin' },
        { record_id: 'K', given_name: 'Kim' },
        { record_id: 'Q', sex: 'F' },
      ]),
    );
    assert.deepEqual(read.summary.rejectedRecordIds, ['Q']);
    assert.equal(read.summary.records, 4);
    const failed = (read.events as { kind: string; issue?: ExtractIssue }[]).flatMap(({ kind, issue }) =>
      kind === 'issue' && issue?.column === 'record_id' ? [{ issue }] : [],
    );
    assert.deepEqual(
      failed.map(({ issue }) => [issue.recordId, issue.line]),
      [['Q', 8]],
    );
  });

  it('refuses an upload day that is not a date', async () => {
    await assert.rejects(readBack(mixed, { today: '30/06/2025' }), /today must be a YYYY-MM-DD day/);
  });
});

describe('readExtractFile', () => {
  it('reads a file by its name and leaves out the rows of records that fail the identity rule', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'kindred-extract-'));
    try {
      const path = join(directory, 'police.csv');
      await writeFile(path, mixed);
      const read = await readExtractFile(path, { today });
      assert.deepEqual(
        read.rows.map((row) => [row.line, row.record_id]),
        [
          [2, 'A'],
          [5, 'C'],
        ],
      );
      assert.ok(read.issues.every((issue) => issue.file === 'police.csv'));
      assert.deepEqual(read.summary.rejectedRecordIds, ['B']);
    } finally {
      await rm(directory, { recursive: true });
    }
  });
});
