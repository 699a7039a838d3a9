// The shape of one CLI command; commands live one per file in electron/cli/commands/.

/** Thrown by a command for a usage error (exit code 2). */
export class UsageError extends Error {}

/** Parsed command line: positional arguments and `--flag value` / `--switch` options. */
export interface ParsedArgs {
  positional: string[];
  options: Record<string, string | true>;
}

/** I/O a command may use; the CLI entry point passes process streams, tests pass buffers. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** One CLI command. `run` returns the exit code (0 ok); DomainErrors are printed by the caller with exit 1. */
export interface Command {
  /** Words that select it, e.g. ['info'] or ['questionnaire', 'check']. */
  name: string[];
  /** One line for `veldwerk --help`, e.g. "info <project.vwk> [--json]  Show a project's summary". */
  usage: string;
  /** Options that take a value (others are boolean switches). */
  valueOptions?: string[];
  run(args: ParsedArgs, io: CliIo): Promise<number> | number;
}
