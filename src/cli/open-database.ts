import { join } from 'node:path';
import { type Database, defaultDataDirectory, openDatabase } from '../db/index.ts';
import { UsageError } from './command.ts';

/** The database a command works on: DATABASE_URL's server, or the embedded one in the data directory. */
export async function openCommandDatabase(dataDirectory?: string): Promise<Database> {
  try {
    return await openDatabase({ dataDirectory });
  } catch (error) {
    const message = (error as Error).message;
    if (message.includes('is in use by process')) throw new UsageError(message, 1);
    if (process.env.DATABASE_URL) {
      throw new UsageError(`Could not open the PostgreSQL database at DATABASE_URL: ${message}`, 1);
    }
    throw error;
  }
}

/** Where the audit chain's head is anchored outside the database. */
export function auditAnchorFile(dataDirectory?: string): string {
  return (
    process.env.KINDRED_AUDIT_ANCHOR_FILE ??
    join(dataDirectory ?? defaultDataDirectory(), 'audit-anchors.log')
  );
}
