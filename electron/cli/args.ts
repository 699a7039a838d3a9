// Command-line argument parsing: positionals, `--name value` options and `--switch` flags.
import { UsageError, type ParsedArgs } from './types';

/**
 * Splits arguments into positionals and options. `--name value` and `--name=value` for the names in
 * `valueOptions`; any other `--name` is a boolean switch; `--` ends option parsing.
 * @throws UsageError when a value option has no value
 */
export function parseArgs(argv: readonly string[], valueOptions: readonly string[] = []): ParsedArgs {
  const positional: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (valueOptions.includes(name)) {
        const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
        if (value === undefined) throw new UsageError(`--${name} needs a value`);
        options[name] = value;
      } else {
        if (eq > 0) throw new UsageError(`--${name} takes no value`);
        options[name] = true;
      }
    } else {
      positional.push(a);
    }
  }
  return { positional, options };
}

/** The string value of an option, or undefined; a bare switch where a value is expected is a usage error. */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const v = args.options[name];
  if (v === true) throw new UsageError(`--${name} needs a value`);
  return v;
}

/** Throws a UsageError for options the command does not know. */
export function rejectUnknownOptions(args: ParsedArgs, known: readonly string[]): void {
  for (const k of Object.keys(args.options)) if (!known.includes(k)) throw new UsageError(`unknown option --${k}`);
}
