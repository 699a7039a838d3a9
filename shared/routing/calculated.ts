// The questionnaire's calculated variables (XLSForm `calculate`) computed for stored cases, as routing computes them.
import { toStored } from '../expr/values';
import type { CaseAnswers, Router } from './router';

/**
 * Values of the questionnaire's calculated variables for a list of cases, computed exactly as the entry screen and
 * the rule run compute them: in dependency order, with routing applied (a calculation off route is empty) and
 * user-missing codes of its inputs treated as the router treats them. Calculated variables are not stored with the
 * answers, so weighting, tables and exports that use them (e.g. the Monitor's `laag`, `lft4`, `slachtoffer`) read
 * them from here.
 * @param router the compiled questionnaire ({@link createRouter})
 * @param cases each case's current answers by variable name
 * @param today "YYYY-MM-DD" for today() in calculations
 * @returns calculated variable name → one value per case, in case order ('' = empty / system-missing)
 */
export function calculatedValues(router: Router, cases: readonly { values: CaseAnswers }[], today: string): Record<string, string[]> {
  const slots: [string, number][] = [];
  router.variables.forEach((v, slot) => {
    if (v.type === 'calculated' && router.slotOf(v.name) === slot) slots.push([v.name, slot]);
  });
  const out: Record<string, string[]> = {};
  for (const [name] of slots) out[name] = new Array<string>(cases.length);
  cases.forEach((c, i) => {
    const state = router.evaluate(c.values, today);
    for (const [name, slot] of slots) {
      const v = toStored(state.values[slot] ?? '');
      out[name]![i] = v === '' ? '' : String(v);
    }
  });
  return out;
}
