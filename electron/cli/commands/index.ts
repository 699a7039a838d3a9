// The CLI's command registry: every command, in the order `--help` lists them.
import type { Command } from '../types';
import { createCommand, infoCommand } from './project';

/** All CLI commands. */
export const commands: readonly Command[] = [createCommand, infoCommand];
