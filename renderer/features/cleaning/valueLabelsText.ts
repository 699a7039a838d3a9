// Value labels of a derived variable as the editor shows them: one per line, `code = label` (e.g. `1 = 18-34 jaar`).
import type { DerivedValueLabel } from '../../../shared/cleaning/types';

/** Why a line of value labels cannot be read (i18n key under `cleaning.derived.valueLabelsError`). */
export type ValueLabelLineProblem = 'noEquals' | 'noCode' | 'noLabel' | 'duplicate';

/** A line that cannot be read: 1-based line number, the problem, the code (if any) and for a duplicate the line that has it first. */
export interface ValueLabelLineError {
  line: number;
  problem: ValueLabelLineProblem;
  code: string;
  firstLine?: number;
}

/**
 * Reads value labels written one per line as `code = label`: the code is the text before the first `=`, the label
 * the rest (so a label may hold `=`), both trimmed; blank lines are skipped. The same checks as the backend
 * (validateDerived: codes non-empty and unique, labels non-empty), reported per line so the editor can show them
 * at the line.
 * @param text the editor's text
 * @returns the labels of the lines that could be read, in order, and the problems of the others (line numbers from 1)
 */
export function parseValueLabelsText(text: string): { labels: DerivedValueLabel[]; errors: ValueLabelLineError[] } {
  const labels: DerivedValueLabel[] = [];
  const errors: ValueLabelLineError[] = [];
  const firstLineOf = new Map<string, number>();
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    const eq = raw.indexOf('=');
    if (eq < 0) {
      errors.push({ line, problem: 'noEquals', code: raw.trim() });
      return;
    }
    const code = raw.slice(0, eq).trim();
    const label = raw.slice(eq + 1).trim();
    if (code === '') errors.push({ line, problem: 'noCode', code });
    else if (firstLineOf.has(code)) errors.push({ line, problem: 'duplicate', code, firstLine: firstLineOf.get(code)! });
    else {
      firstLineOf.set(code, line);
      if (label === '') errors.push({ line, problem: 'noLabel', code });
      else labels.push({ code, label });
    }
  });
  return { labels, errors };
}

/** Value labels as editor text: one `code = label` per line (the inverse of {@link parseValueLabelsText}). */
export function formatValueLabelsText(labels: readonly DerivedValueLabel[] | undefined): string {
  return (labels ?? []).map((l) => `${l.code} = ${l.label}`).join('\n');
}
