// Collapsing weighting cells without respondents into a neighbouring cell of the same family (the example's weighting at small size).

/** A target cell: its key (e.g. `310` or `1*1`), the family it may be merged within, its population count. */
export interface TargetCell { key: string; family: string; count: number }

/** The cells after collapsing, and which cell went into which. */
export interface Collapsed<T extends TargetCell> { cells: T[]; merged: { from: string; into: string }[] }

/**
 * Merges every cell without respondents into the nearest cell of the same family (in list order: the next one,
 * else the previous one) that has respondents; the population counts are added up. This is the usual remedy for an
 * empty post-stratification or raking cell (e.g. Kalton & Flores-Cervantes 2003, "Weighting methods", J. Off.
 * Stat. 19(2), section 3: collapse with a similar cell), and keeps the total of each family.
 * @param cells target cells in a meaningful order (e.g. size classes ascending); @param respondents count per key
 * @returns the remaining cells (counts summed) and the merges
 * @throws Error when a family has no cell with respondents at all (nothing to merge into)
 */
export function collapseEmptyCells<T extends TargetCell>(cells: readonly T[], respondents: (key: string) => number): Collapsed<T> {
  const out = cells.map((c) => ({ ...c }));
  const merged: { from: string; into: string }[] = [];
  const alive = out.map((c) => respondents(c.key) > 0);
  out.forEach((c, i) => {
    if (alive[i]) return;
    const same = (j: number): boolean => j >= 0 && j < out.length && out[j]!.family === c.family && alive[j] === true;
    let j = -1;
    for (let d = 1; d < out.length && j < 0; d++) {
      if (same(i + d)) j = i + d;
      else if (same(i - d)) j = i - d;
    }
    if (j < 0) throw new Error(`weighting cell ${c.key}: no cell of family ${c.family} has respondents`);
    out[j]!.count += c.count;
    merged.push({ from: c.key, into: out[j]!.key });
  });
  return { cells: out.filter((_, i) => alive[i]), merged };
}

/**
 * An expression (questionnaire expression language) that maps the values of `expr` through `map` (other values
 * unchanged): `if((E) = 310, 320, if((E) = 135, 134, (E)))`.
 * @param expr the expression whose value is recoded; @param map value → new value (numbers)
 */
export function recodeExpression(expr: string, map: readonly { from: number; to: number }[]): string {
  return map.reduceRight((inner, m) => `if((${expr}) = ${m.from}, ${m.to}, ${inner})`, `(${expr})`);
}
