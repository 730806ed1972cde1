import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';

/** A CLI command: its help text, its options and what it does. Its name and summary are in commands/index.ts. */
export interface Command {
  name?: string;
  summary?: string;
  usage: string;
  options: ParseArgsOptionsConfig;
  /** Positional arguments allowed (for example SOURCE=FILE pairs). */
  allowPositionals?: boolean;
  run(parsed: ParsedCommand): Promise<number | undefined>;
}

/** A command as `kindred --help` lists it: its module is loaded only when it runs. */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

export interface ParsedCommand {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/** An error the user can fix: printed without a stack trace, exit code 2 unless said otherwise. */
export class UsageError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'UsageError';
    this.exitCode = exitCode;
  }
}

export function parseCommandLine(command: Command, argv: string[]): ParsedCommand {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: command.allowPositionals ?? false,
      strict: true,
    });
    return { values, positionals };
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${command.usage}`);
  }
}

export function stringOption(parsed: ParsedCommand, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === 'string' ? value : undefined;
}

export function requiredOption(parsed: ParsedCommand, name: string, usage: string): string {
  const value = stringOption(parsed, name);
  if (value === undefined || value === '') throw new UsageError(`--${name} is required.\n\n${usage}`);
  return value;
}

export function integerOption(parsed: ParsedCommand, name: string, fallback: number): number {
  const text = stringOption(parsed, name);
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) throw new UsageError(`--${name} must be a whole number, got "${text}".`);
  return Number(text);
}

export function dateOption(parsed: ParsedCommand, name: string, fallback?: string): string {
  const text = stringOption(parsed, name) ?? fallback;
  if (text === undefined) throw new UsageError(`--${name} is required (YYYY-MM-DD).`);
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = match ? new Date(`${text}T00:00:00Z`) : undefined;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) {
    throw new UsageError(`--${name} must be a real date written YYYY-MM-DD, got "${text}".`);
  }
  return text;
}
