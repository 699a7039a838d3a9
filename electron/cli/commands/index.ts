// The CLI's command registry: every command, in the order `--help` lists them.
import type { Command } from '../types';
import { createCommand, infoCommand } from './project';
import { restoreCommand } from './restore';
import { commands as questionnaireCommands } from './questionnaire';
import { command as weightCsvCommand } from './weightCsv';
import { weightCommand } from './weight';
import { exportCommand } from './export';
import { fieldworkCommands } from './fieldwork';
import { cleanCommand } from './clean';
import { cleaningCommands } from './cleaning';
import { importCommand, responsesImportCommand } from './import';
import { demoCommand } from './demo';

/** All CLI commands. */
export const commands: readonly Command[] = [createCommand, infoCommand, restoreCommand, ...questionnaireCommands, weightCommand, weightCsvCommand, exportCommand, ...fieldworkCommands, cleanCommand, ...cleaningCommands, importCommand, responsesImportCommand, demoCommand];
