// Import messages in the UI language: a dry-run problem from its kind and params, a file error from its code and issue.
import type { ResponseImportReport } from '../../../shared/contract/import';
import type { ResultError, ResultIssue } from '../../../shared/contract/result';
import { violationMessageKey } from '../cleaning/format';

/** One problem of a dry-run report. */
export type ImportProblemShown = ResponseImportReport['errors'][number];

/** An i18n key with its parameters. */
export interface MessageRef {
  key: string;
  params: Record<string, string | number>;
}

/** Import kinds whose message has a key under `import.message` (all but the check violations). */
const OWN_KINDS = new Set([
  'caseIdCheckDigit', 'notInSample', 'emptyCaseId', 'unstorable', 'layoutDisagree', 'duplicateHeader', 'unmappedColumn',
  'columnConflict', 'noCaseIdColumn', 'noData', 'formulaWithoutValue', 'alreadyImported', 'caseIdLostZeros', 'replaceKeyed',
  'replaceCleaned',
]);

/**
 * The i18n key and parameters of a dry-run problem: the import's own kinds under `import.message.<kind>` (duplicate
 * case IDs per resolution, `duplicateInFile_skip`), check violations (type, code, range, …) as the cleaning area
 * shows them (`cleaning.message.*`). Null for a message of unknown shape and for form checks (hard, soft) that carry
 * the project's own text: show `message` as it is.
 * @param p the problem as the report gives it (kind, params, value, variable, caseId, row, column)
 */
export function problemMessage(p: ImportProblemShown): MessageRef | null {
  const params: Record<string, string | number> = { ...(p.params ?? {}) };
  for (const k of ['caseId', 'row', 'column', 'value', 'variable'] as const) if (params[k] === undefined && p[k] !== undefined) params[k] = p[k]!;
  if (p.kind === 'duplicateInFile' || p.kind === 'duplicateInProject') {
    const how = String(p.params?.resolution ?? 'refuse');
    return ['refuse', 'skip', 'replace'].includes(how) && p.params?.caseId !== undefined ? { key: `import.message.${p.kind}_${how}`, params } : null;
  }
  if (OWN_KINDS.has(p.kind)) return p.params ? { key: `import.message.${p.kind}`, params } : null;
  const v = violationMessageKey({ kind: p.kind, variables: p.variable !== undefined ? [p.variable] : [], value: p.value ?? null, message: p.message });
  return v ? { key: v.key, params: { ...params, ...v.params } } : null;
}

/** File-error reasons of the backend (electron/backend/import/readResponses.ts, `import.file.<key>`) with a message. */
const FILE_KEYS = new Set(['notFound', 'unreadable', 'notXlsx', 'type', 'sheet', 'csv', 'encoding', 'sheetOnCsv', 'utf16', 'changed', 'bom']);

/**
 * The i18n key and parameters of one issue of a failed import step: a file error (reason `import.file.<key>` →
 * `import.fileError.<key>` with file, sheet, row) or a blocking problem of the commit (reason
 * `import.problem.<kind>`, see {@link problemMessage}); null for anything else (shown as it came).
 * @param issue an issue of the step's error
 */
export function issueMessage(issue: ResultIssue): MessageRef | null {
  const reason = issue.reason ?? '';
  if (reason.startsWith('import.file.')) {
    const key = reason.slice('import.file.'.length);
    return FILE_KEYS.has(key) ? { key: `import.fileError.${key}`, params: { ...(issue.params ?? {}) } } : null;
  }
  if (reason.startsWith('import.problem.')) {
    const params = issue.params ?? {};
    return problemMessage({
      kind: reason.slice('import.problem.'.length),
      severity: 'error',
      file: issue.file ?? '',
      message: issue.message.replace(/^\w+: /, '').replace(/ \((case|variable) [^)]*\)$/, ''),
      ...(issue.row !== undefined ? { row: issue.row } : {}),
      ...(issue.column !== undefined ? { column: issue.column } : {}),
      ...(issue.value !== undefined ? { value: issue.value } : {}),
      ...(params.caseId !== undefined ? { caseId: String(params.caseId) } : {}),
      ...(params.variable !== undefined ? { variable: String(params.variable) } : {}),
      params,
    });
  }
  return null;
}

/**
 * The headline of a failed import step: a file error's own text when its only issue is one (the file named), else
 * null (show the backend's message).
 * @param e the failed step's error (code, message, issues)
 */
export function fileErrorMessage(e: ResultError): MessageRef | null {
  const issue = e.issues?.length === 1 ? e.issues[0] : undefined;
  return issue?.reason?.startsWith('import.file.') ? issueMessage(issue) : null;
}
