// CLI commands on project files: create and info.
import type { ProjectInfo } from '../../../shared/contract/schemas';
import { createProjectFile, openProjectForWrite } from '../../backend/db/open';
import { inspectProject } from '../../backend/services/project';
import { storeQuestionnaire } from '../../backend/services/questionnaire';
import { checkXlsform } from '../../backend/services/xlsformFiles';
import { rejectUnknownOptions, stringOption } from '../args';
import { UsageError, type CliIo, type Command } from '../types';

function formatInfo(info: ProjectInfo): string {
  const c = info.counts;
  return [
    `Project:         ${info.title}`,
    `File:            ${info.path}`,
    `Project id:      ${info.projectId}`,
    `Schema version:  ${info.schemaVersion}`,
    `Created:         ${info.createdAt} (Veldwerk ${info.createdWith})`,
    `Questionnaire:   ${info.questionnaireVersion ?? 'none'}`,
    `Cases:           ${c.total} (complete ${c.complete}, verified ${c.verified}, excluded ${c.excluded})`,
    `Backups:         ${info.backupDir}`,
  ].join('\n') + '\n';
}

function printInfo(info: ProjectInfo, json: boolean, io: CliIo): void {
  io.out(json ? `${JSON.stringify(info, null, 2)}\n` : formatInfo(info));
}

/**
 * `create <project.vwk> [--title T] [--xlsform <file.xlsx|folder>] [--json]` — makes a new project file,
 * optionally with its questionnaire. The XLSForm is checked first: with any error nothing is created.
 */
export const createCommand: Command = {
  name: ['create'],
  usage: 'create <project.vwk> [--title T] [--xlsform <file.xlsx|folder>] [--json]   Create a project (optionally from an XLSForm)',
  valueOptions: ['title', 'xlsform'],
  async run(args, io) {
    rejectUnknownOptions(args, ['title', 'xlsform', 'json']);
    const [path, ...rest] = args.positional;
    if (!path || rest.length > 0) throw new UsageError('create needs exactly one project path');
    const xlsform = stringOption(args, 'xlsform');
    const form = xlsform ? await checkXlsform(xlsform) : null;
    const title = stringOption(args, 'title') ?? form?.questionnaire.title ?? path.replace(/^.*[\\/]/, '').replace(/\.vwk$/i, '');
    const abs = createProjectFile(path, title);
    if (form) {
      const p = await openProjectForWrite(abs, 'cli');
      try {
        storeQuestionnaire(p.db, form.questionnaire, 'cli');
      } finally {
        p.close();
      }
      for (const w of form.warnings) io.err(`warning: ${[w.sheet, w.column, w.row].filter((x) => x !== undefined).join(' ')}: ${w.message}\n`);
    }
    printInfo(inspectProject(abs), args.options.json === true, io);
    return 0;
  },
};

/** `info <project.vwk> [--json]` — reads a project's summary; works while another process has it open. */
export const infoCommand: Command = {
  name: ['info'],
  usage: 'info <project.vwk> [--json]                   Show a project\'s summary (read-only)',
  run(args, io) {
    rejectUnknownOptions(args, ['json']);
    const [path, ...rest] = args.positional;
    if (!path || rest.length > 0) throw new UsageError('info needs exactly one project path');
    printInfo(inspectProject(path), args.options.json === true, io);
    return 0;
  },
};
