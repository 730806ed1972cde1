import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { isProcessAlive } from './process-alive.ts';

export interface DataDirectoryLock {
  release(): void;
}

/**
 * The embedded database is one process's database: a second process opening the same directory
 * would corrupt it. A lock file names the holder; a lock left by a dead process is taken over.
 */
export function acquireDataDirectoryLock(directory: string): DataDirectoryLock {
  const path = join(directory, 'kindred.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
      closeSync(fd);
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        rmSync(path, { force: true });
      };
      process.once('exit', release);
      return { release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let holder: { pid?: number; host?: string; since?: string } = {};
      try {
        holder = JSON.parse(readFileSync(path, 'utf8'));
      } catch {
        // an unreadable lock is treated as stale
      }
      if (holder.pid && holder.host === hostname() && isProcessAlive(holder.pid)) {
        throw new Error(
          `The data directory ${directory} is in use by process ${holder.pid} (since ${holder.since}). ` +
            'Stop that process first: the embedded database can be opened by one process at a time.',
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw new Error(`Could not lock the data directory ${directory}.`);
}
