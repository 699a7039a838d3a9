// The straightlining check of each grid group, as the codebook (screen and the export's Variables sheet) shows it.
import { findGrids, straightliningSetting, type StraightliningSetting } from '../cleaning/engine';
import type { Group, Item, Questionnaire } from '../domain/questionnaire';
import { createRouter } from '../routing/router';

/** Whether the cleaning rule run checks a group's grid for straightlining (the same answer on every item). */
export interface GridCheck {
  /** The group's name. */
  group: string;
  /** True when the rule run checks the group's grid. */
  checked: boolean;
  /** Codes whose uniform use on every item is accepted (`veldwerk::straightlining` = `except …`). */
  except: readonly string[];
  /** 'default': the default rule decided (no setting); 'setting': the group's `veldwerk::straightlining` cell. */
  source: 'default' | 'setting';
  /** The grid's items (checked) or the group's direct single-choice items (not checked), in paper order. */
  items: readonly string[];
}

function groupsOf(items: readonly Item[], out: Group[] = []): Group[] {
  for (const it of items) {
    if (it.kind === 'group') {
      out.push(it.group);
      groupsOf(it.items, out);
    }
  }
  return out;
}

function directSingles(items: readonly Item[], name: string): string[] {
  for (const it of items) {
    if (it.kind !== 'group') continue;
    if (it.group.name === name) return it.items.flatMap((x) => (x.kind === 'variable' && x.variable.type === 'single' ? [x.variable.name] : []));
    const inner = directSingles(it.items, name);
    if (inner.length > 0) return inner;
  }
  return [];
}

/**
 * The straightlining check of the questionnaire's groups, as the cleaning rule run applies it (shared/cleaning
 * `findGrids`, the same rule and the same `veldwerk::straightlining` settings): every group whose grid is checked —
 * by the default rule (≥ 3 single-choice items on one list with ≥ 3 substantive codes) or by the setting `yes` /
 * `except <codes>` — and every group whose setting says it is not (`no`, or `yes` on fewer than 3 items). Groups the
 * default rule leaves out without a setting are not listed (they are no grid).
 * A malformed setting (refused at import) is left out rather than thrown, so the codebook always shows.
 * @param q the questionnaire
 * @returns group name → its check, in paper order
 */
export function gridChecks(q: Questionnaire): Map<string, GridCheck> {
  const out = new Map<string, GridCheck>();
  let grids: ReturnType<typeof findGrids>;
  let router: ReturnType<typeof createRouter>;
  try {
    router = createRouter(q);
    grids = findGrids(q, router);
  } catch {
    return out;
  }
  const checkedItems = new Map<string, string[]>();
  for (const g of grids) checkedItems.set(g.group, [...(checkedItems.get(g.group) ?? []), ...g.slots.map((s) => router.variables[s]!.name)]);
  for (const g of groupsOf(q.items)) {
    let setting: StraightliningSetting;
    try {
      setting = straightliningSetting(g);
    } catch {
      continue;
    }
    const source = setting.check === 'auto' ? 'default' : 'setting';
    const items = checkedItems.get(g.name);
    if (items) out.set(g.name, { group: g.name, checked: true, except: setting.except, source, items });
    else if (setting.check !== 'auto') out.set(g.name, { group: g.name, checked: false, except: [], source, items: directSingles(q.items, g.name) });
  }
  return out;
}

/**
 * The English text of a grid check for the export's codebook, e.g. `yes (default rule)`, `yes, except code 1`, `no`.
 */
export function gridCheckText(c: GridCheck): string {
  if (!c.checked) return 'no';
  const except = c.except.length > 0 ? `, except code${c.except.length > 1 ? 's' : ''} ${c.except.join(', ')}` : '';
  return `yes${except}${c.source === 'default' ? ' (default rule)' : ''}`;
}
