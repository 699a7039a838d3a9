// The refusal of percentage targets that do not sum to 100 reads as one sentence with one full stop — in the scheme
// check ("Scheme S: … rounding).") and in a targets file ("file, row 2, column percentage: … rounding)"), not "..".
import { describe, expect, it } from 'vitest';
import { checkScheme } from '../../electron/backend/services/weighting';
import { SchemeDefinitionSchema } from '../../shared/contract/weighting';
import { DomainError } from '../../shared/domain/errors';
import { parseTargetsTable } from '../../shared/weighting/targetsFile';
import { marginFromPercentages } from '../../shared/weighting/targets';

function thrown(f: () => unknown): DomainError {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe('percentage targets that do not sum to 100', () => {
  it('the message of marginFromPercentages has no final full stop (callers end the sentence)', () => {
    expect(thrown(() => marginFromPercentages('geslacht', [{ code: 1, count: 49 }, { code: 2, count: 50 }], 100)).message)
      .toBe('The percentages of geslacht sum to 99, not 100 (only 99.9–100.1 is accepted as rounding)');
  });

  it('the scheme check ends in one full stop, for the first problem and with more problems', () => {
    const def = SchemeDefinitionSchema.parse({
      name: 'Medewerkers', method: 'rake', targetsKind: 'percent',
      margins: [{ variables: ['geslacht'], categories: [{ codes: [1], value: 49 }, { codes: [2], value: 50 }] }],
    });
    const e = thrown(() => checkScheme(def));
    expect(e.message).toBe('Scheme Medewerkers: The percentages of geslacht sum to 99, not 100 (only 99.9–100.1 is accepted as rounding).');
    expect(e.message).not.toMatch(/\.\.$/);
    expect(e.issues[0]!.message).toBe('The percentages of geslacht sum to 99, not 100 (only 99.9–100.1 is accepted as rounding)');
    const two = SchemeDefinitionSchema.parse({ ...def, margins: [...def.margins, { variables: ['lft4'], categories: [{ codes: [1], value: 101 }] }] });
    expect(thrown(() => checkScheme(two)).message).toBe('Scheme Medewerkers: The percentages of geslacht sum to 99, not 100 (only 99.9–100.1 is accepted as rounding) (and 1 more).');
  });

  it('a targets file names file, row and column before the same text', () => {
    const e = thrown(() => parseTargetsTable({ file: 't.csv', header: ['variable', 'category_code', 'percentage'], rows: [{ row: 2, cells: ['geslacht', '1', '49'] }, { row: 3, cells: ['geslacht', '2', '50'] }] }));
    expect(e.message).toBe('t.csv, row 2, column percentage: The percentages of geslacht sum to 99, not 100 (only 99.9–100.1 is accepted as rounding)');
  });
});
