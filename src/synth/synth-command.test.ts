import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it, mock } from 'node:test';
import { parseCommandLine, type UsageError } from '../cli/command.ts';
import { synthCommand } from '../cli/commands/synth.ts';
import { temporaryDirectory } from './county-fixture.test-support.ts';

/** Runs the command as `kindred synth ARGS` would, returning what it printed. */
async function run(...args: string[]): Promise<{ code: number | undefined; printed: string }> {
  const printed: string[] = [];
  const log = mock.method(console, 'log', (text: string) => printed.push(text));
  const progress = mock.method(process.stderr, 'write', () => true);
  try {
    return {
      code: await synthCommand.run(parseCommandLine(synthCommand, args)),
      printed: printed.join('\n'),
    };
  } finally {
    log.mock.restore();
    progress.mock.restore();
  }
}

describe('kindred synth', () => {
  it('writes a county and says what it wrote', async () => {
    const out = await temporaryDirectory();
    const result = await run('--people', '300', '--seed', '5', '--as-of', '2025-11-01', '--out', out);
    assert.equal(result.code, 0);
    assert.match(result.printed, /police\.csv +[\d,]+ rows/);
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    assert.equal(manifest.people, 300);
    assert.equal(manifest.seed, 5);
    assert.equal(manifest.asOf, '2025-11-01');
  });

  it('refuses wrong options as usage errors (exit code 2)', async () => {
    assert.match(synthCommand.usage, /--people N[\s\S]*--seed S[\s\S]*--as-of DATE[\s\S]*Exit codes/);
    await assert.rejects(
      run('--people', '10'),
      (error: UsageError) => error.exitCode === 2 && /--out is required/.test(error.message),
    );
    await assert.rejects(run('--out', 'x', '--people', 'many'), /--people must be a whole number/);
    await assert.rejects(run('--out', 'x', '--people', '0'), /--people must be 1 or more/);
    await assert.rejects(run('--out', 'x', '--as-of', '2025-13-01'), /--as-of must be a real date/);
  });

  it('exits with 1 when the directory cannot be written', async () => {
    const directory = await temporaryDirectory();
    const file = join(directory, 'a-file');
    await writeFile(file, 'not a directory');
    await assert.rejects(
      run('--people', '10', '--out', file),
      (error: UsageError) => error.exitCode === 1 && /is a file, not a directory/.test(error.message),
    );
    await assert.rejects(
      run('--people', '10', '--out', join(file, 'below')),
      (error: UsageError) => error.exitCode === 1 && /Cannot write to/.test(error.message),
    );
  });
});
