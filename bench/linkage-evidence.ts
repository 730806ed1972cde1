/**
 * What a run keeps to explain its linkage (decision 016): the pairs of `identified_pair` (the links within people and the pairs
 * near the threshold), their bytes, the table's size, what the run keeps besides them to rebuild explanations,
 * and how long the pairs take to store. Loads the demo council into the data directory first when it is not
 * there (`--load-only` stops after that, so the loaded directory can be copied and measured again).
 *
 *   node_modules/.bin/node bench/linkage-evidence.ts --data-dir DIR [--people 20000] [--load-only]
 *
 * Storing is timed on its own: the finished run's pairs are read back as rows, cut into the batches a run writes
 * (2,000 rows a statement, one JSON parameter) and written again into a second run, which is then discarded.
 */
import { parseArgs } from 'node:util';
import { runIdentification, startIdentification } from '../src/casework/index.ts';
import { discardIdentification, storeIdentification } from '../src/casework/store-identification.ts';
import { shippedFramework } from '../src/criteria/index.ts';
import { localToday } from '../src/ingest/index.ts';
import { demoCoordinator, openDemoDatabase, seconds } from './demo-database.ts';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    people: { type: 'string', default: '20000' },
    'load-only': { type: 'boolean', default: false },
  },
});
if (!values['data-dir']) throw new Error('--data-dir DIR is required (an embedded database directory)');
const dataDirectory = values['data-dir'];
const db = await openDemoDatabase(dataDirectory, Number(values.people));
try {
  if (!values['load-only']) await measure();
} finally {
  await db.close();
}

async function measure(): Promise<void> {
  const actor = await demoCoordinator(db, 'bench-linkage-evidence');

  const tableSize = async (): Promise<number> =>
    Number(
      (
        await db.asOwner((sql) =>
          sql.query<{ bytes: number }>(`select pg_total_relation_size('identified_pair')::bigint as bytes`),
        )
      )[0]!.bytes,
    );
  const sizeBefore = await tableSize();
  const started = performance.now();
  const run = await runIdentification(db, actor, {
    framework: shippedFramework('tf-2015'),
    asOf: localToday(),
  });
  const runSeconds = seconds(started);

  const sizes = await db.asOwner(async (sql) => {
    const [pairs] = await sql.query<{ pairs: number; nearThreshold: number; rowBytes: number }>(
      `select count(*)::int as pairs, count(*) filter (where near_threshold)::int as "nearThreshold",
              sum(pg_column_size(p.*))::bigint as "rowBytes"
       from identified_pair p where run_id = $1`,
      [run.id],
    );
    const [table] = await sql.query<{ tableWithToastAndIndexes: number; [figure: string]: number }>(
      `select pg_total_relation_size('identified_pair')::bigint as "tableWithToastAndIndexes",
              pg_relation_size('identified_pair')::bigint as "tableHeap",
              pg_indexes_size('identified_pair')::bigint as indexes,
              pg_total_relation_size('identified_pair') - pg_relation_size('identified_pair')
                - pg_indexes_size('identified_pair') as toast,
              (select count(distinct run_id)::int from identified_pair) as runs`,
    );
    // What the compact shape keeps besides the pairs: the run's model, and each paired record's compared values.
    const has = async (table: string, column: string): Promise<boolean> =>
      (
        await sql.query(
          'select 1 from information_schema.columns where table_name = $1 and column_name = $2',
          [table, column],
        )
      ).length > 0;
    const [model] = (await has('identification_run', 'linkage_model'))
      ? await sql.query<{ modelBytes: number }>(
          `select pg_column_size(linkage_model)::int as "modelBytes" from identification_run where id = $1`,
          [run.id],
        )
      : [{ modelBytes: 0 }];
    const [valueBytes] = (await has('identified_person', 'compared_values'))
      ? await sql.query<{ records: number; bytes: number }>(
          `select count(compared_values)::int as records, coalesce(sum(pg_column_size(compared_values)), 0)::bigint as bytes
           from identified_person where run_id = $1`,
          [run.id],
        )
      : [{ records: 0, bytes: 0 }];
    return { ...pairs, ...table, ...model, comparedValues: valueBytes };
  });

  // The pairs again, as the batches a run writes, into a second run of the coordinator's.
  const rows = await db.asOwner((sql) =>
    sql.query<{ row: Record<string, unknown> }>(
      `select to_jsonb(p) - 'run_id' as row from identified_pair p where run_id = $1 order by pair_no`,
      [run.id],
    ),
  );
  const shapeStarted = performance.now();
  const batches = [];
  for (let from = 0; from < rows.length; from += 2000) {
    const slice = rows.slice(from, from + 2000).map((each) => each.row);
    batches.push({
      table: 'identified_pair' as const,
      columns: Object.keys(slice[0]!),
      json: JSON.stringify(slice),
    });
  }
  const shapeSeconds = seconds(shapeStarted);
  const jsonBytes = batches.reduce((sum, batch) => sum + Buffer.byteLength(batch.json), 0);
  const again = await startIdentification(db, actor, {
    framework: shippedFramework('tf-2015'),
    asOf: localToday(),
  });
  const storeStarted = performance.now();
  await storeIdentification(db, actor, again, batches);
  const storeSeconds = seconds(storeStarted);
  await db.asActor(actor, async (sql) => {
    await discardIdentification(sql, again);
    await sql.query(
      `update identification_run set state = 'failed', phase = null, finished_at = now() where id = $1`,
      [again],
    );
  });

  console.log(
    JSON.stringify({
      step: 'linkage evidence',
      records: run.records,
      people: run.people,
      runSeconds,
      ...sizes,
      bytesPerPair: Math.round(Number(sizes.rowBytes) / Number(sizes.pairs)),
      tableGrowthThisRun: Number(sizes.tableWithToastAndIndexes) - sizeBefore,
      batchJsonBytes: jsonBytes,
      shapeBatchesSeconds: shapeSeconds,
      storePairsSeconds: storeSeconds,
    }),
  );
}
