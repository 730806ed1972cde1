import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const kindredBin = fileURLToPath(new URL('../../bin/kindred', import.meta.url));

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `kindred` as a user would, through the launcher, with an environment of the test's choosing. */
export function runKindred(
  args: string[],
  env: Record<string, string | undefined> = {},
  input?: string,
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(kindredBin, args, { env: { ...process.env, DATABASE_URL: undefined, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}
