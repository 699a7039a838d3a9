// The CLI runner: picks the command, parses its arguments, maps errors to exit codes (0, 1 user error, 2 usage).
import { DomainError } from '../../shared/domain/errors';
import { APP_VERSION } from '../backend/version';
import { storageError } from '../backend/dispatch';
import { parseArgs } from './args';
import { commands as allCommands } from './commands';
import { UsageError, type CliIo, type Command } from './types';

/** The `--help` text. */
export function helpText(commands: readonly Command[] = allCommands): string {
  return [
    `veldwerk ${APP_VERSION} — survey fieldwork from questionnaire to report dataset`,
    '',
    'Usage: veldwerk <command> [arguments] [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.usage}`),
    '',
    'Options:',
    '  --help       Show this help',
    '  --version    Show the version',
    '',
    'Exit codes: 0 success, 1 the command failed (message on stderr), 2 usage error.',
  ].join('\n') + '\n';
}

function findCommand(argv: readonly string[], commands: readonly Command[]): { command: Command; rest: string[] } | null {
  let best: { command: Command; rest: string[] } | null = null;
  for (const c of commands) {
    if (c.name.every((w, i) => argv[i] === w) && (!best || c.name.length > best.command.name.length)) {
      best = { command: c, rest: argv.slice(c.name.length) };
    }
  }
  return best;
}

/**
 * Runs the CLI on an argument vector (without node and script).
 * @returns the process exit code: 0 success, 1 a user error (one line on stderr), 2 a usage error
 */
export async function runCli(argv: readonly string[], io: CliIo, commands: readonly Command[] = allCommands): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    (argv.length === 0 ? io.err : io.out)(helpText(commands));
    return argv.length === 0 ? 2 : 0;
  }
  if (argv[0] === '--version') {
    io.out(`${APP_VERSION}\n`);
    return 0;
  }
  const found = findCommand(argv, commands);
  if (!found) {
    io.err(`veldwerk: unknown command '${argv.slice(0, 2).join(' ')}'. See 'veldwerk --help'.\n`);
    return 2;
  }
  const { command, rest } = found;
  if (rest.includes('--help')) {
    io.out(`Usage: veldwerk ${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(parseArgs(rest, command.valueOptions ?? []), io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`veldwerk ${command.name.join(' ')}: ${e.message}\nUsage: veldwerk ${command.usage}\n`);
      return 2;
    }
    if (e instanceof DomainError) {
      io.err(`veldwerk: ${e.message}\n`);
      for (const i of e.issues.slice(0, 50)) {
        const where = [i.file, i.sheet, i.row !== undefined ? `row ${i.row}` : undefined, i.column ? `column ${i.column}` : undefined].filter(Boolean).join(', ');
        io.err(`  ${where ? `${where}: ` : ''}${i.message}\n`);
      }
      return 1;
    }
    const storage = storageError(e, `veldwerk ${command.name.join(' ')}`);
    if (storage) {
      io.err(`veldwerk: ${storage.message}\n`);
      return 1;
    }
    io.err(`veldwerk: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}
