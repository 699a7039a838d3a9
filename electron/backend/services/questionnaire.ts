// Questionnaire service: store an XLSForm or a builder edit as a project's questionnaire version (frozen once cases use it), read it, export it.
import type { Database } from 'better-sqlite3';
import type { QuestionnaireState } from '../../../shared/contract/questionnaire';
import { classifyChange, diffCodebooks, type ChangeClass, type CodebookDiff } from '../../../shared/domain/codebookDiff';
import { DomainError, type ErrorIssue } from '../../../shared/domain/errors';
import type { QuestionnaireProblem } from '../../../shared/domain/problems';
import type { Questionnaire } from '../../../shared/domain/questionnaire';
import { validateQuestionnaire } from '../../../shared/expr/check';
import { appendAudit } from '../db/repos/auditRepo';
import { openProjectReadOnly } from '../db/open';
import { insertVersion, latestVersion, listVersions, replaceVersion, versionById, versionLabelTaken, type StoredVersion } from '../db/repos/questionnaireRepo';
import type { HandlerPart } from '../handlerTypes';
import { requireProject } from './project';
import { checkXlsform, loadXlsform, saveXlsform } from './xlsformFiles';

/** The project's current questionnaire state, or null when it has none. */
export function questionnaireState(db: Database): QuestionnaireState | null {
  const v = latestVersion(db);
  if (!v) return null;
  const versions = listVersions(db);
  return {
    versionId: v.versionId,
    version: v.version,
    frozen: v.frozenAt !== null || v.caseCount > 0,
    caseCount: v.caseCount,
    versions,
    questionnaire: v.questionnaire,
  };
}

/**
 * Stores a questionnaire in a project. The newest version is replaced while no case uses it; once cases
 * were keyed or imported with it, it is frozen and a change becomes a new version, which needs a new
 * version label (XLSForm settings `version`). An identical questionnaire changes nothing.
 * Every stored change is written to the audit log with its classification (label-only, logic, structural).
 * @param db a writable project connection
 * @param q the (already validated) questionnaire
 * @param operator who stores it (for the audit log)
 * @returns the change classification: 'new' (first version), 'identical', 'labelOnly', 'logic' or 'structural'
 * @throws DomainError QUESTIONNAIRE_INVALID when a frozen version would be changed under the same label
 */
export function storeQuestionnaire(db: Database, q: Questionnaire, operator: string): ChangeClass | 'new' {
  return db.transaction((): ChangeClass | 'new' => {
    const now = new Date().toISOString();
    const label = q.version.trim() || '1';
    const current = latestVersion(db);
    if (!current) {
      insertVersion(db, label, q, now);
      appendAudit(db, { operator, source: 'system', reason: `questionnaire version ${label} stored`, details: { version: label, change: 'new' } });
      return 'new';
    }
    const change = classifyChange(current.questionnaire, q);
    if (change === 'identical' && label === current.version) return 'identical';
    const frozen = current.frozenAt !== null || current.caseCount > 0;
    if (frozen) {
      if (versionLabelTaken(db, label, null)) {
        throw new DomainError(
          'QUESTIONNAIRE_INVALID',
          `Questionnaire version ${current.version} is in use by ${current.caseCount} case(s) and frozen; give the changed questionnaire a new version (settings sheet, column "version"), not "${label}".`,
          [{ message: `version "${label}" already exists`, sheet: 'settings', column: 'version', value: label }],
        );
      }
      insertVersion(db, label, q, now);
    } else {
      if (versionLabelTaken(db, label, current.versionId)) {
        throw new DomainError('QUESTIONNAIRE_INVALID', `Version "${label}" already exists in this project; give this questionnaire a new version.`, [
          { message: `version "${label}" already exists`, sheet: 'settings', column: 'version', value: label },
        ]);
      }
      replaceVersion(db, current.versionId, label, q);
    }
    appendAudit(db, {
      operator,
      source: 'system',
      reason: `questionnaire ${frozen ? 'new version' : 'version replaced'}: ${current.version} → ${label} (${change})`,
      details: { from: current.version, to: label, change, newVersion: frozen },
    });
    return change;
  })();
}

/**
 * Reads an XLSForm (file or folder) and stores it in the project (see {@link storeQuestionnaire}).
 * @returns the warnings of the form and the change classification
 * @throws DomainError QUESTIONNAIRE_INVALID (every problem located; nothing stored), NOT_FOUND, IO_ERROR
 */
export async function importXlsformInto(db: Database, path: string, operator: string): Promise<{ warnings: ErrorIssue[]; change: ChangeClass | 'new' }> {
  const { questionnaire, warnings } = await checkXlsform(path);
  const change = storeQuestionnaire(db, questionnaire, operator);
  return { warnings, change };
}

/**
 * A model problem as a located issue for the contract: `path` is ['item', flatItems index, field] or
 * ['choice', list, index, field] or ['settings', field]; `column` names the XLSForm column, `value` the text.
 */
export function problemIssue(p: QuestionnaireProblem): ErrorIssue {
  const t = p.target;
  const where =
    t.kind === 'item'
      ? { path: ['item', t.index, t.field], sheet: 'survey', column: t.field }
      : t.kind === 'choice'
        ? { path: ['choice', t.list, t.index, t.field], sheet: 'choices', column: t.field }
        : { path: ['settings', t.field], sheet: 'settings', column: t.field };
  const name = t.kind === 'item' ? `${t.name}: ` : t.kind === 'choice' ? `${t.list}: ` : '';
  const at = p.span ? ` (at character ${p.span.start + 1})` : '';
  // An expression problem carries its key for the UI language (reason expr.<key>; params.at = 0-based position,
  // params.subject = the item named in front of the message).
  const keyed = p.key !== undefined ? { reason: `expr.${p.key}`, params: { ...p.params, ...(p.span ? { at: p.span.start } : {}), ...(name ? { subject: name.slice(0, -2) } : {}) } } : {};
  return { message: `${name}${p.message}${at}`, ...where, ...(p.value !== undefined ? { value: p.value } : {}), ...keyed };
}

/**
 * Validates a questionnaire edited in the builder and stores it (see {@link storeQuestionnaire}).
 * @returns the warnings and the change classification
 * @throws DomainError QUESTIONNAIRE_INVALID listing every error (nothing stored), or when a frozen version keeps its label
 */
export function saveQuestionnaireInto(db: Database, q: Questionnaire, operator: string): { warnings: ErrorIssue[]; change: ChangeClass | 'new' } {
  const problems = validateQuestionnaire(q);
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    throw new DomainError('QUESTIONNAIRE_INVALID', `the questionnaire has ${errors.length} problem${errors.length > 1 ? 's' : ''}`, errors.map(problemIssue));
  }
  const change = storeQuestionnaire(db, q, operator);
  return { warnings: problems.filter((p) => p.severity === 'warning').map(problemIssue), change };
}

/** Where a diff side came from: a version label (or the other file's name and version) and the version id when it is one of this project's. */
export interface DiffSide {
  label: string;
  versionId: number | null;
}

/** Loads the newest questionnaire of another project (.vwk, read-only) or an XLSForm file or folder. */
async function loadOther(path: string): Promise<{ questionnaire: Questionnaire; label: string }> {
  const name = path.split(/[\\/]/).filter(Boolean).pop() ?? path;
  if (!/\.vwk$/i.test(path)) {
    const q = await loadXlsform(path);
    return { questionnaire: q, label: q.version ? `${name} (${q.version})` : name };
  }
  const p = openProjectReadOnly(path);
  try {
    const state = questionnaireState(p.db);
    if (!state) throw new DomainError('NOT_FOUND', `The project has no questionnaire: ${path}`);
    return { questionnaire: state.questionnaire, label: `${name} (${state.version})` };
  } finally {
    p.close();
  }
}

/**
 * The codebook diff of two questionnaires for the "compare versions" panel.
 * `to` is `toVersionId` or the newest version; `from` is `otherPath` (another project's newest version or an
 * XLSForm), else `fromVersionId`, else the version stored before `to`.
 * @param db a project connection
 * @param input which versions (or which other file) to compare
 * @returns the changes with their kinds, the overall classification and a description of both sides
 * @throws DomainError NOT_FOUND (no questionnaire, unknown version, no earlier version), INVALID_INPUT (both fromVersionId and otherPath)
 */
export async function diffQuestionnaires(
  db: Database,
  input: { fromVersionId?: number | undefined; toVersionId?: number | undefined; otherPath?: string | undefined },
): Promise<CodebookDiff & { from: DiffSide; to: { label: string; versionId: number } }> {
  if (input.fromVersionId !== undefined && input.otherPath !== undefined) throw new DomainError('INVALID_INPUT', 'Compare with either a version or another file, not both.');
  const byId = (id: number): StoredVersion => {
    const v = versionById(db, id);
    if (!v) throw new DomainError('NOT_FOUND', `This project has no questionnaire version ${id}.`);
    return v;
  };
  const to = input.toVersionId !== undefined ? byId(input.toVersionId) : latestVersion(db);
  if (!to) throw new DomainError('NOT_FOUND', 'This project has no questionnaire yet.');
  let from: { questionnaire: Questionnaire; side: DiffSide };
  if (input.otherPath !== undefined) {
    const other = await loadOther(input.otherPath);
    from = { questionnaire: other.questionnaire, side: { label: other.label, versionId: null } };
  } else {
    let id = input.fromVersionId;
    if (id === undefined) {
      const earlier = listVersions(db).filter((v) => v.versionId < to.versionId);
      id = earlier[earlier.length - 1]?.versionId;
      if (id === undefined) throw new DomainError('NOT_FOUND', `There is no version before ${to.version} to compare with.`);
    }
    const v = byId(id);
    from = { questionnaire: v.questionnaire, side: { label: v.version, versionId: v.versionId } };
  }
  const d = diffCodebooks(from.questionnaire, to.questionnaire);
  return { ...d, from: from.side, to: { label: to.version, versionId: to.versionId } };
}

/** Handlers of the questionnaire.* channels. */
export const questionnaireHandlers = {
  'questionnaire.get': (_input, { session }) => questionnaireState(requireProject(session).db),
  'questionnaire.importXlsform': async ({ path }, { session }) => {
    const { db } = requireProject(session);
    const { warnings, change } = await importXlsformInto(db, path, session.hostLabel);
    const state = questionnaireState(db);
    if (!state) throw new Error('questionnaire missing right after storing it');
    return { state, warnings: warnings.map((w) => ({ ...w })), change };
  },
  'questionnaire.save': ({ questionnaire }, { session }) => {
    const { db } = requireProject(session);
    const { warnings, change } = saveQuestionnaireInto(db, questionnaire, session.hostLabel);
    const state = questionnaireState(db);
    if (!state) throw new Error('questionnaire missing right after storing it');
    return { state, warnings, change };
  },
  'questionnaire.diff': (input, { session }) => diffQuestionnaires(requireProject(session).db, input),
  'questionnaire.exportXlsform': async ({ path }, { session }) => {
    const state = questionnaireState(requireProject(session).db);
    if (!state) throw new DomainError('NOT_FOUND', 'This project has no questionnaire yet.');
    await saveXlsform(state.questionnaire, path);
    return { path };
  },
} satisfies HandlerPart<'questionnaire.get' | 'questionnaire.importXlsform' | 'questionnaire.save' | 'questionnaire.diff' | 'questionnaire.exportXlsform'>;
