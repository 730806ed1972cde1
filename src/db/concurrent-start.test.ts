/** Several processes starting at once (web processes, hosts) each open and migrate the same server database. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import pg from 'pg';
import { testServerUrl, withoutTestServer } from '../../test/support/databases.ts';
import { openPostgres } from './index.ts';

const skip = await withoutTestServer();

async function onAdmin(work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: testServerUrl });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

test('four processes opening one database at once all start, fresh and already migrated', {
  skip,
}, async () => {
  const name = `kindred_test_start_${process.pid}_${randomBytes(4).toString('hex')}`;
  await onAdmin((client) => client.query(`create database ${name}`));
  const url = new URL(testServerUrl);
  url.pathname = `/${name}`;
  try {
    for (const round of ['fresh', 'migrated']) {
      const opened = await Promise.allSettled(
        Array.from({ length: 4 }, () => openPostgres({ adminUrl: url.toString(), poolSize: 1 })),
      );
      for (const outcome of opened) if (outcome.status === 'fulfilled') await outcome.value.close();
      assert.deepEqual(
        opened.filter((outcome) => outcome.status === 'rejected').map((outcome) => String(outcome.reason)),
        [],
        `every open of the ${round} database succeeds`,
      );
    }
  } finally {
    await onAdmin((client) => client.query(`drop database if exists ${name} with (force)`));
  }
});
