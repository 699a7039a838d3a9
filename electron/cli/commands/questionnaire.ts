// CLI commands on XLSForm questionnaires: check (every problem located) and diff (codebook diff of two forms).
import { diffCodebooks } from '../../../shared/domain/codebookDiff';
import { DomainError, type ErrorIssue } from '../../../shared/domain/errors';
import { flatItems, placedVariables, type Questionnaire } from '../../../shared/domain/questionnaire';
import { checkXlsform, loadXlsform, saveXlsform } from '../../backend/services/xlsformFiles';
import { openProjectReadOnly } from '../../backend/db/open';
import { questionnaireState } from '../../backend/services/questionnaire';
import { rejectUnknownOptions } from '../args';
import { UsageError, type Command } from '../types';

/**
 * One issue as a line "sheet!column row: message" (the column or row left out when unknown).
 * @param i a located issue
 */
export function formatIssue(i: ErrorIssue): string {
  const where = `${i.sheet ?? i.file ?? ''}${i.column ? `!${i.column}` : ''}${i.row !== undefined ? ` ${i.row}` : ''}`;
  return where ? `${where}: ${i.message}` : i.message;
}

/** A summary of a questionnaire for `questionnaire check`. */
export function summarize(q: Questionnaire): string {
  const vars = placedVariables(q).map((p) => p.variable);
  const count = (pred: (t: string) => boolean): number => vars.filter((v) => pred(v.type)).length;
  const questions = count((t) => t !== 'note' && t !== 'calculated');
  return [
    `Questionnaire:  ${q.title}`,
    `Form id:        ${q.id}${q.version ? ` (version ${q.version})` : ''}`,
    `Languages:      ${q.languages.join(', ')} (default ${q.defaultLanguage})`,
    `Variables:      ${vars.length - count((t) => t === 'note')} (${questions} questions, ${count((t) => t === 'calculated')} calculations), ${count((t) => t === 'note')} notes`,
    `Routing:        ${vars.filter((v) => v.relevant).length} variables and ${flatItems(q).filter((it) => it.kind === 'group' && it.group.relevant).length} groups with a routing condition`,
    `Checks:         ${vars.filter((v) => v.constraint).length} hard, ${vars.filter((v) => v.softConstraint).length} soft`,
    `Choice lists:   ${q.lists.length} (${q.lists.reduce((s, l) => s + l.choices.length, 0)} codes)`,
  ].join('\n');
}

/** `questionnaire check <file.xlsx|folder>` — exit 0 with a summary, or exit 1 listing every problem. */
export const checkCommand: Command = {
  name: ['questionnaire', 'check'],
  usage: 'questionnaire check <file.xlsx|folder>        Check an XLSForm; list every problem (exit 1) or summarise it',
  async run(args, io) {
    rejectUnknownOptions(args, []);
    const [path, ...rest] = args.positional;
    if (!path || rest.length > 0) throw new UsageError('questionnaire check needs exactly one XLSForm file or folder');
    try {
      const { questionnaire, warnings } = await checkXlsform(path);
      io.out(`${summarize(questionnaire)}\n`);
      for (const w of warnings) io.out(`warning: ${formatIssue(w)}\n`);
      io.out(`OK: no errors${warnings.length > 0 ? `, ${warnings.length} warning${warnings.length > 1 ? 's' : ''}` : ''}\n`);
      return 0;
    } catch (e) {
      if (e instanceof DomainError && e.code === 'QUESTIONNAIRE_INVALID') {
        for (const i of e.issues) io.out(`${formatIssue(i)}\n`);
        io.err(`${path}: ${e.message}\n`);
        return 1;
      }
      throw e;
    }
  },
};

/** `questionnaire diff <a> <b>` — codebook differences between two XLSForms, each marked label/logic/structural. */
export const diffCommand: Command = {
  name: ['questionnaire', 'diff'],
  usage: 'questionnaire diff <a> <b>                    Codebook differences between two XLSForms (files, folders or .vwk projects)',
  async run(args, io) {
    rejectUnknownOptions(args, []);
    const [a, b, ...rest] = args.positional;
    if (!a || !b || rest.length > 0) throw new UsageError('questionnaire diff needs two XLSForm files or folders');
    const [qa, qb] = await Promise.all([loadEither(a), loadEither(b)]);
    const d = diffCodebooks(qa, qb);
    for (const c of d.changes) io.out(`${c.kind.padEnd(10)} ${c.message}\n`);
    const n = d.changes.length;
    io.out(`${n} change${n === 1 ? '' : 's'}: ${d.classification === 'labelOnly' ? 'label-only' : d.classification}\n`);
    return 0;
  },
};

/** Loads a questionnaire from an XLSForm file/folder, or the newest version stored in a project (.vwk). */
async function loadEither(path: string): Promise<Questionnaire> {
  if (!/\.vwk$/i.test(path)) return loadXlsform(path);
  const p = openProjectReadOnly(path);
  try {
    const state = questionnaireState(p.db);
    if (!state) throw new DomainError('NOT_FOUND', `The project has no questionnaire: ${path}`);
    return state.questionnaire;
  } finally {
    p.close();
  }
}

/** `questionnaire export <project.vwk> --xlsform <out.xlsx>` — writes the project's questionnaire as an XLSForm. */
export const exportCommand: Command = {
  name: ['questionnaire', 'export'],
  usage: 'questionnaire export <project.vwk> --xlsform <out.xlsx>   Write the project\'s questionnaire as an XLSForm',
  valueOptions: ['xlsform'],
  async run(args, io) {
    rejectUnknownOptions(args, ['xlsform']);
    const [path, ...rest] = args.positional;
    const out = args.options.xlsform;
    if (!path || rest.length > 0 || typeof out !== 'string') throw new UsageError('questionnaire export needs a project and --xlsform <out.xlsx>');
    const q = await loadEither(path);
    await saveXlsform(q, out);
    io.out(`${out}\n`);
    return 0;
  },
};

/** The questionnaire commands, for the registry in commands/index.ts. */
export const commands: Command[] = [checkCommand, diffCommand, exportCommand];
