// Rule sheets: reading edit rules from rows with located problems, and writing them back.
import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors';
import { rulesFromTable, rulesToRows } from './ruleSheet';

const table = (header: string[], ...rows: (string | null)[][]) => ({ file: 'rules.csv', header, rows: rows.map((cells, i) => ({ row: i + 2, cells })) });

describe('rule sheets', () => {
  it('reads rules with defaults, variables and examples; writes them back', () => {
    const rules = rulesFromTable(table(['Name', 'expression', 'message', 'severity', 'variables', 'examples'],
      ['oud', '${leeftijd} > 67', 'Ouder dan 67', 'warning', 'leeftijd, werk', '[{"values": {"leeftijd": 70}, "triggers": true}]'],
      ['leeg', 'missing(${werk})', 'Werk leeg', '', '', ''],
      [null, '', null, null, null, null]));
    expect(rules).toEqual([
      { name: 'oud', expression: '${leeftijd} > 67', message: 'Ouder dan 67', severity: 'warning', variables: ['leeftijd', 'werk'], examples: [{ values: { leeftijd: '70' }, triggers: true }], enabled: true },
      { name: 'leeg', expression: 'missing(${werk})', message: 'Werk leeg', severity: 'error', variables: [], examples: [], enabled: true },
    ]);
    expect(rulesFromTable(table(...(rulesToRows(rules) as [string[], ...string[][]])))).toEqual(rules);
  });
  it('lists every problem with row and column', () => {
    try {
      rulesFromTable(table(['name', 'expression', 'message', 'severity', 'examples'], ['a', '', 'm', 'fatal', '{'], ['a', '1', 'm', 'error', '[{"values": {}}]']));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).issues.map((i) => `${i.row} ${i.column}`)).toEqual(['2 expression', '2 severity', '2 examples', '3 name', '3 examples']);
    }
    expect(() => rulesFromTable(table(['name', 'message']))).toThrow(/column expression is missing/);
  });
});
