// Live check of one expression in the builder: syntax with the error span, names, types, codes, later references.
import { findList, placedVariables, userMissingCodes, type Questionnaire } from '../../../shared/domain/questionnaire';
import { refsOf, type Span } from '../../../shared/expr/ast';
import { checkExpr, type VarInfo } from '../../../shared/expr/check';
import { exprMessage, type ExprMessageKey, type ExprMessageParams } from '../../../shared/expr/messages';
import { tryParse } from '../../../shared/expr/parser';

/** Which expression a field holds; decides whether `.` is allowed and which references come too late. */
export type ExprKind = 'relevant' | 'constraint' | 'soft' | 'calculate' | 'groupRelevant';

/** One finding of the live check. */
export interface ExprFinding {
  severity: 'error' | 'warning';
  /** English text; the UI shows `key` with `params` in its language (i18n `expr.<key>`). */
  message: string;
  key: ExprMessageKey;
  params: ExprMessageParams;
  span: Span;
}

/**
 * Checks an expression against a (draft) questionnaire as the builder does while typing: syntax with the
 * error span, then names, types and codes (checkExpr), and references to later questions (a warning).
 * @param src the expression text ('' = no expression, no findings)
 * @param owner the variable the expression belongs to (undefined for a group)
 * @param position paper-order index of the owner (or of the group's first variable)
 * @returns findings, errors first
 */
export function checkExpression(src: string, q: Questionnaire, kind: ExprKind, owner: string | undefined, position: number): ExprFinding[] {
  if (src.trim() === '') return [];
  const parsed = tryParse(src);
  if (!parsed.ok) return [{ severity: 'error', message: parsed.error.message, key: parsed.error.key, params: parsed.error.params, span: parsed.error.span }];
  const infos = new Map<string, VarInfo>();
  placedVariables(q).forEach(({ variable: v }, index) => {
    if (infos.has(v.name)) return;
    const list = v.listName !== undefined ? findList(q, v.listName) : undefined;
    const codes = v.type === 'single' || v.type === 'multiple' ? new Set([...(list?.choices ?? []).map((c) => c.code), ...userMissingCodes(q, v).map((m) => m.code)]) : undefined;
    infos.set(v.name, { type: v.type, index, ...(codes ? { codes } : {}) });
  });
  const self = owner !== undefined && kind !== 'calculate' && kind !== 'groupRelevant' ? infos.get(owner) : undefined;
  const out: ExprFinding[] = checkExpr(parsed.expr, { lookup: (n) => infos.get(n), ...(self ? { self } : {}) }).map((p) => ({ ...p }));
  if (kind !== 'calculate') {
    for (const r of refsOf(parsed.expr)) {
      const info = infos.get(r.name);
      if (!info || (r.name === owner && kind !== 'relevant')) continue;
      if (kind === 'relevant' || kind === 'groupRelevant' ? info.index >= position : info.index > position) {
        const key: ExprMessageKey = r.name === owner ? 'check.refHere' : 'check.refLater';
        out.push({ severity: 'warning', message: exprMessage(key, { name: r.name }), key, params: { name: r.name }, span: r.span });
      }
    }
  }
  return out.sort((a, b) => (a.severity === b.severity ? a.span.start - b.span.start : a.severity === 'error' ? -1 : 1));
}
