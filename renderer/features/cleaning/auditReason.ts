// The audit log's reason column in the UI language: the fixed texts the system writes (entry, verification,
// fieldwork, questionnaire, cleaning, weighting, import, export) are shown through i18n; what an operator
// typed, and any text not recognised, is shown exactly as stored. The log itself is never rewritten.
import type { TFunction } from 'i18next';
import type nl from '../../i18n/nl.json';

/** The i18n keys under cleaning.audit.systemReason. */
type ReasonKey = keyof typeof nl.cleaning.audit.systemReason;

type Source = 'system' | 'keying' | 'verification' | 'adjudication' | 'cleaning' | 'import' | 'weighting' | 'export';

/** One system reason: the sources (and, for cleaning, the details.action) it is written with, its pattern and its i18n key. */
interface Known {
  sources: readonly Source[];
  /** details.action the entry must carry (cleaning entries, whose other reasons are typed by people). */
  action?: string;
  pattern: RegExp;
  /** Names of the pattern's groups, passed to the message in order. */
  params?: readonly string[];
  key: ReasonKey;
}

const ENTRY: readonly Source[] = ['keying', 'verification', 'adjudication'];

/**
 * The reasons written by the backend services, verbatim (electron/backend/services/*.ts, import/importRepo.ts,
 * db/repos/fieldworkRepo.ts). A new system reason there needs a line here to be translated; until then it shows as stored.
 */
const KNOWN: readonly Known[] = [
  { sources: ENTRY, pattern: /^form opened for keying$/, key: 'formOpenedKeying' },
  { sources: ENTRY, pattern: /^form opened for verification$/, key: 'formOpenedVerification' },
  { sources: ENTRY, pattern: /^finished form opened to modify$/, key: 'finishedFormOpened' },
  { sources: ENTRY, pattern: /^unfinished form resumed$/, key: 'unfinishedFormResumed' },
  { sources: ENTRY, pattern: /^soft check confirmed$/, key: 'softCheckConfirmed' },
  { sources: ENTRY, pattern: /^form finished$/, key: 'formFinished' },
  { sources: ENTRY, pattern: /^verification keying finished$/, key: 'verificationFinished' },
  { sources: ENTRY, pattern: /^off route after (.+) changed$/, params: ['variable'], key: 'offRoute' },
  { sources: ['verification'], pattern: /^verification settings: (.+)$/, params: ['mode'], key: 'verificationSettings' },
  { sources: ['system'], pattern: /^case-ID format set$/, key: 'caseIdFormatSet' },
  { sources: ['system'], pattern: /^questionnaire version (.+) stored$/, params: ['version'], key: 'questionnaireStored' },
  { sources: ['system'], pattern: /^questionnaire new version: (.+) → (.+) \((.+)\)$/, params: ['from', 'to', 'change'], key: 'questionnaireNewVersion' },
  { sources: ['system'], pattern: /^questionnaire version replaced: (.+) → (.+) \((.+)\)$/, params: ['from', 'to', 'change'], key: 'questionnaireReplaced' },
  { sources: ['system'], pattern: /^batch (.+) registered \((\d+) forms expected\)$/, params: ['batch', 'forms'], key: 'batchRegistered' },
  { sources: ['system'], pattern: /^batch (.+): (\d+) forms registered$/, params: ['batch', 'forms'], key: 'batchFormsRegistered' },
  { sources: ['cleaning'], action: 'rule.save', pattern: /^edit rule (.+) added$/, params: ['name'], key: 'ruleAdded' },
  { sources: ['cleaning'], action: 'rule.save', pattern: /^edit rule (.+) changed$/, params: ['name'], key: 'ruleChanged' },
  { sources: ['cleaning'], action: 'rule.delete', pattern: /^edit rule (.+) deleted$/, params: ['name'], key: 'ruleDeleted' },
  { sources: ['cleaning'], action: 'derive', pattern: /^derived variable (.+) defined$/, params: ['name'], key: 'derivedDefined' },
  { sources: ['cleaning'], action: 'derive.delete', pattern: /^derived variable (.+) deleted$/, params: ['name'], key: 'derivedDeleted' },
  { sources: ['cleaning'], action: 'correct', pattern: /^off route after correction of (.+)$/, params: ['variable'], key: 'offRouteCorrection' },
  { sources: ['weighting'], pattern: /^weighting scheme (.+) run \((.+)\)$/, params: ['name', 'method'], key: 'schemeRun' },
  { sources: ['weighting'], pattern: /^weighting scheme (.+) created$/, params: ['name'], key: 'schemeCreated' },
  { sources: ['weighting'], pattern: /^weighting scheme (.+) changed$/, params: ['name'], key: 'schemeChanged' },
  { sources: ['weighting'], pattern: /^weighting scheme (.+) deleted$/, params: ['name'], key: 'schemeDeleted' },
  { sources: ['import'], pattern: /^replaced by import (.+)$/, params: ['batch'], key: 'replacedByImport' },
  { sources: ['import'], pattern: /^responses imported from (.+)$/, params: ['file'], key: 'responsesImported' },
  // each imported case's own row (electron/backend/import/importRepo.ts storeImport)
  { sources: ['import'], pattern: /^imported from (.+)$/, params: ['file'], key: 'caseImported' },
  { sources: ['import'], pattern: /^sample frame imported: (.+) \((\d+) cases\)$/, params: ['file', 'cases'], key: 'sampleImported' },
  { sources: ['export'], pattern: /^identifying details exported to (.+)$/, params: ['file'], key: 'identifyingExported' },
];

/** The i18n key and values of a stored system reason, or null when the text is not one the system writes. */
export function systemReason(row: { source: string; action: string | null; reason: string | null }): { key: ReasonKey; params: Record<string, string> } | null {
  if (row.reason === null) return null;
  for (const k of KNOWN) {
    if (!(k.sources as readonly string[]).includes(row.source)) continue;
    if (k.action !== undefined && row.action !== k.action) continue;
    const m = k.pattern.exec(row.reason);
    if (!m) continue;
    const params: Record<string, string> = {};
    (k.params ?? []).forEach((name, i) => {
      params[name] = m[i + 1] ?? '';
    });
    return { key: k.key, params };
  }
  return null;
}

/**
 * The reason of an audit entry as the operator reads it: a system reason translated (UI language), anything else as stored.
 * @param row the audit entry's source, details.action and stored reason
 * @param t the i18n translate function
 * @returns the text ('' when the entry has no reason)
 */
export function auditReasonText(row: { source: string; action: string | null; reason: string | null }, t: TFunction): string {
  const known = systemReason(row);
  if (!known) return row.reason ?? '';
  // The key is checked against nl.json by ReasonKey; the values differ per key, so the call itself is untyped.
  const translate = t as unknown as (key: `cleaning.audit.systemReason.${ReasonKey}`, values: Record<string, string>) => string;
  return translate(`cleaning.audit.systemReason.${known.key}`, known.params);
}
