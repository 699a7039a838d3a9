// Structural rules of a questionnaire: names, choice lists, codes, missing codes, ranges (expressions: shared/expr/check.ts).

import { flatItems, findList, userMissingCodes, type Questionnaire } from './questionnaire';
import { MAX_NAME_LENGTH, nameError, nameWarnings } from './names';
import type { ItemField, QuestionnaireProblem } from './problems';

/**
 * Checks names (rules, uniqueness ignoring case, SPSS/Stata/Excel warnings), select lists (exists, codes
 * unique and non-empty, no spaces in codes of multiple-choice lists), multiple-choice column names, ranges,
 * missing codes and required fields per type. Expressions are checked by checkExpressions (shared/expr/check.ts).
 * @param q the questionnaire
 * @returns every problem found, errors and warnings, in survey order then choice order
 */
export function checkStructure(q: Questionnaire): QuestionnaireProblem[] {
  const out: QuestionnaireProblem[] = [];
  const items = flatItems(q);
  const seen = new Map<string, { name: string; index: number }>();
  const item = (index: number, name: string, field: ItemField, message: string, value?: string, severity: 'error' | 'warning' = 'error'): void => {
    out.push({ severity, target: { kind: 'item', index, name, field }, message, ...(value !== undefined ? { value } : {}) });
  };
  const multipleLists = new Set<string>();

  items.forEach((it, index) => {
    const name = it.kind === 'variable' ? it.variable.name : it.group.name;
    const err = nameError(name);
    if (err) item(index, name, 'name', err, name);
    else for (const w of nameWarnings(name)) item(index, name, 'name', w, name, 'warning');
    const key = name.toLowerCase();
    const prev = seen.get(key);
    if (name !== '' && prev) {
      item(index, name, 'name', prev.name === name ? `duplicate name '${name}'` : `name '${name}' differs only in letter case from '${prev.name}'`, name);
    } else if (name !== '') seen.set(key, { name, index });
    if (it.kind !== 'variable') return;
    const v = it.variable;
    if (v.type === 'single' || v.type === 'multiple') {
      const list = v.listName !== undefined ? findList(q, v.listName) : undefined;
      if (!list) item(index, name, 'type', `select list '${v.listName ?? ''}' does not exist in the choices sheet`, v.listName ?? '');
      else if (v.type === 'multiple') multipleLists.add(list.name);
    }
    if (v.type === 'calculated' && (v.calculate ?? '').trim() === '') item(index, name, 'calculate', `calculation '${name}' has no calculate expression`, '');
    if (v.type !== 'calculated' && v.calculate !== undefined) item(index, name, 'calculate', `calculate is used only by calculations and is ignored for type ${v.type}`, v.calculate, 'warning');
    if (v.type !== 'calculated' && v.type !== 'note' && Object.keys(v.label).length === 0) item(index, name, 'label', `question '${name}' has no label`, '', 'warning');
    if (v.range && v.range.min !== undefined && v.range.max !== undefined && v.range.min > v.range.max) {
      item(index, name, 'range', `range minimum ${v.range.min} is above the maximum ${v.range.max}`, `${v.range.min}..${v.range.max}`);
    }
    const codes = userMissingCodes(q, v).map((m) => m.code);
    const dupMissing = codes.filter((c, i) => codes.indexOf(c) !== i);
    if (dupMissing.length > 0) item(index, name, 'missing', `missing code ${dupMissing[0]} is listed twice`, codes.join(';'));
    for (const c of codes) if (c === '' || /\s/.test(c)) item(index, name, 'missing', `missing code '${c}' is empty or contains a space`, c);
  });

  // Columns of multiple choices (name_code) must not clash with other names.
  items.forEach((it, index) => {
    if (it.kind !== 'variable' || it.variable.type !== 'multiple' || it.variable.listName === undefined) return;
    const v = it.variable;
    const list = findList(q, it.variable.listName!);
    for (const c of list?.choices ?? []) {
      const col = `${v.name}_${c.code}`;
      const clash = seen.get(col.toLowerCase());
      if (clash) item(index, v.name, 'name', `column '${col}' of this multiple choice clashes with the name '${clash.name}'`, col);
      if (col.length > MAX_NAME_LENGTH) item(index, v.name, 'name', `column '${col}' is longer than ${MAX_NAME_LENGTH} characters (Stata limit)`, col, 'warning');
    }
  });

  const listNames = new Set<string>();
  for (const list of q.lists) {
    if (listNames.has(list.name)) out.push({ severity: 'error', target: { kind: 'choice', list: list.name, index: 0, field: 'list_name' }, message: `list '${list.name}' is defined twice`, value: list.name });
    listNames.add(list.name);
    const codes = new Map<string, number>();
    list.choices.forEach((c, index) => {
      const at = { kind: 'choice' as const, list: list.name, index };
      if (c.code === '') {
        out.push({ severity: 'error', target: { ...at, field: 'name' }, message: `a choice of list '${list.name}' has no code`, value: '' });
        return;
      }
      const first = codes.get(c.code);
      if (first !== undefined) out.push({ severity: 'error', target: { ...at, field: 'name' }, message: `duplicate code ${c.code} in list '${list.name}'`, value: c.code });
      else codes.set(c.code, index);
      if (/\s/.test(c.code)) {
        out.push({
          severity: multipleLists.has(list.name) ? 'error' : 'warning',
          target: { ...at, field: 'name' },
          message: multipleLists.has(list.name)
            ? `code '${c.code}' of list '${list.name}' contains a space, which a multiple choice cannot store`
            : `code '${c.code}' of list '${list.name}' contains a space`,
          value: c.code,
        });
      }
      if (Object.keys(c.label).length === 0) out.push({ severity: 'warning', target: { ...at, field: 'label' }, message: `code ${c.code} of list '${list.name}' has no label`, value: c.code });
    });
  }
  return out;
}
