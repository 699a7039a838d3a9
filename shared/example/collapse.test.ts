// Collapsing empty weighting cells: merged into the nearest cell of the same family, counts added, totals kept.
import { describe, expect, it } from 'vitest';
import { collapseEmptyCells, recodeExpression } from './collapse';

const cells = [
  { key: '111', family: '11', count: 137 }, { key: '114', family: '11', count: 25 }, { key: '115', family: '11', count: 4 },
  { key: '310', family: '3', count: 23 }, { key: '320', family: '3', count: 610 },
];

describe('collapseEmptyCells', () => {
  it('merges an empty cell into the next one of its family, else the previous one, and keeps the totals', () => {
    const n: Record<string, number> = { '111': 3, '114': 2, '115': 0, '310': 0, '320': 9 };
    const r = collapseEmptyCells(cells, (k) => n[k] ?? 0);
    expect(r.merged).toEqual([{ from: '115', into: '114' }, { from: '310', into: '320' }]);
    expect(r.cells.map((c) => [c.key, c.count])).toEqual([['111', 137], ['114', 29], ['320', 633]]);
    expect(r.cells.reduce((s, c) => s + c.count, 0)).toBe(cells.reduce((s, c) => s + c.count, 0));
  });

  it('leaves full cells alone and refuses a family without any respondent', () => {
    expect(collapseEmptyCells(cells, () => 1).merged).toEqual([]);
    expect(() => collapseEmptyCells(cells, (k) => (k.startsWith('3') ? 0 : 1))).toThrow(/family 3/);
  });
});

describe('recodeExpression', () => {
  it('nests one if per recoded value around the expression', () => {
    expect(recodeExpression('${lft4}', [])).toBe('(${lft4})');
    expect(recodeExpression('${x}', [{ from: 1, to: 2 }, { from: 5, to: 4 }])).toBe('if((${x}) = 1, 2, if((${x}) = 5, 4, (${x})))');
  });
});
