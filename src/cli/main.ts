import { type CommandEntry, parseCommandLine, UsageError } from './command.ts';
import { commands } from './commands/index.ts';

const overview = (): string =>
  [
    'Usage: kindred COMMAND [options]',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(14)} ${command.summary}`),
    '',
    'Run `kindred COMMAND --help` for the options of one command.',
  ].join('\n');

function findCommand(argv: string[]): { entry: CommandEntry; rest: string[] } | undefined {
  // Commands may have two words (`audit verify`, `model train`): the longest match wins.
  for (const length of [2, 1]) {
    const name = argv.slice(0, length).join(' ');
    const command = commands.find((candidate) => candidate.name === name);
    if (command) return { entry: command, rest: argv.slice(length) };
  }
  return undefined;
}

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    console.log(overview());
    return 0;
  }
  const found = findCommand(argv);
  if (!found) {
    const group = commands.filter((command) => command.name.startsWith(`${argv[0]} `));
    if (group.length > 0 && (argv.length === 1 || argv[1] === '--help' || argv[1] === '-h')) {
      console.log(
        group.map((command) => `  kindred ${command.name.padEnd(16)} ${command.summary}`).join('\n'),
      );
      return argv.length === 1 ? 2 : 0;
    }
    console.error(`kindred: unknown command "${argv.slice(0, 2).join(' ')}".\n\n${overview()}`);
    return 2;
  }
  const command = await found.entry.load();
  const parsed = parseCommandLine(command, found.rest);
  if (parsed.values.help) {
    console.log(command.usage);
    return 0;
  }
  return (await command.run(parsed)) ?? 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`kindred: ${error.message}`);
    process.exitCode = error.exitCode;
  } else {
    console.error(error);
    process.exitCode = 1;
  }
}
