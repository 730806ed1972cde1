/**
 * Whether a process of this host still runs: work a dead process left (a data-directory lock, an upload, an
 * identification run) may be taken over or discarded. EPERM means it runs as another user.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
