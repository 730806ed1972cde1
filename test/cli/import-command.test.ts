import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type CommandDatabase, commandDatabase } from '../../src/ingest/command-database.test-support.ts';
import {
  buildUploadScene,
  ExtractFiles,
  extractHeader,
  type UploadScene,
} from '../../src/ingest/upload.test-support.ts';
import { describeOnEachDatabase } from '../support/databases.ts';
import { runKindred } from './run-kindred.ts';

const files = new ExtractFiles();
after(() => rmSync(files.directory, { recursive: true, force: true }));

await describeOnEachDatabase('kindred import', (target) => {
  let database: CommandDatabase;
  let scene: UploadScene;
  let source: string;

  const kindred = (...args: string[]) =>
    runKindred(['import', ...args, '--today', '2026-11-25'], database.env);

  before(async () => {
    database = await commandDatabase(target.kind);
    const db = await database.open();
    scene = await buildUploadScene(db);
    source = await db.asActor(
      scene.officer.actor,
      async (sql) =>
        (
          await sql.query<{ source: string }>('select source from data_flow where id = $1', [scene.flowId])
        )[0]!.source,
    );
    await db.close();
  });
  after(() => database?.dispose());

  test('loads a file, lists what was rejected and writes every issue to a CSV file', async () => {
    const path = files.write([
      'C1,,Amy,Adams,2010-01-02,crime.asb_intervention,2026-01-10,,',
      'C2,,Ben,Bell,2011-05-05,crime.proven_offence,2025-02-30,,',
    ]);
    const ambiguous = await kindred(path, '--flow', source);
    assert.equal(ambiguous.code, 2, ambiguous.stderr);
    assert.match(ambiguous.stderr, /2 partner data officers: say which one uploads with --as/);

    const issues = join(files.directory, 'issues.csv');
    const result = await kindred(path, '--flow', source, '--as', scene.officer.email, '--issues', issues);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      new RegExp(
        `Loaded upload [0-9a-f-]{36} into ${source} under agreement ${scene.agreementReference} version 1: 1 rows accepted, 1 rejected`,
      ),
    );
    assert.match(
      result.stdout,
      /rejected: extract-\d+\.csv, line 3, fact_start: fact_start 2025-02-30 is not a real date/,
    );
    assert.equal(
      readFileSync(issues, 'utf8'),
      'line,record_id,column,severity,message\r\n3,C2,fact_start,error,fact_start 2025-02-30 is not a real date; the row is rejected\r\n',
    );

    const again = await kindred(path, '--flow', source, '--as', scene.officer.email);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /was already loaded into .* nothing was loaded again/);
  });

  test('a file the agreement does not cover is refused with exit code 1', async () => {
    const path = files.write(['D1,,Di,Dean,2001-01-01,health.mental_health,2026-01-01,,']);
    const result = await kindred(path, '--flow', source, '--as', scene.officer.email);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      new RegExp(
        `^Refused: Agreement ${scene.agreementReference} .* does not cover the fact code health\\.mental_health \\(line 2\\) \\(clause: data items\\)`,
        'm',
      ),
    );
  });

  test('a Latin-1 file fails with a clear message, and loads with --encoding latin1', async () => {
    const path = files.writeBytes(
      Buffer.concat([
        Buffer.from(`${extractHeader}\nE1,,Zo`),
        Buffer.from([0xeb]),
        Buffer.from(',Lowe,2002-02-02,,,,\n'),
      ]),
    );
    const failed = await kindred(path, '--flow', source, '--as', scene.officer.email);
    assert.equal(failed.code, 1);
    assert.match(
      failed.stderr,
      /^Not loaded: extract-\d+\.csv, line 2: the file is not UTF-8: the byte 0xEB/m,
    );
    const loaded = await kindred(path, '--flow', source, '--as', scene.officer.email, '--encoding', 'latin1');
    assert.equal(loaded.code, 0, loaded.stderr);
  });

  test('an unknown flow names the flows there are', async () => {
    const result = await kindred(files.write([]), '--flow', 'nowhere', '--as', scene.officer.email);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      new RegExp(`There is no data flow "nowhere"\\. The data flows are: .*${source}`),
    );
  });
});
