// Evaluation semantics: XLSForm comparisons, functions, today() injection and the missing-value rules of README.md.
import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate';
import { compile } from './compile';
import { parse } from './parser';
import { toStored } from './values';

const ev = (src: string, values: Record<string, string | number | null> = {}, opts = {}) => evaluate(src, values, opts);

describe('comparisons as XLSForm does', () => {
  it("treats ${groep} = '1' as true for the code 1, stored as text or number", () => {
    expect(ev("${groep} = '1'", { groep: '1' })).toBe(true);
    expect(ev("${groep} = '1'", { groep: 1 })).toBe(true);
    expect(ev('${groep} = 1', { groep: '1' })).toBe(true);
    expect(ev("${groep} != '1'", { groep: '2' })).toBe(true);
    expect(ev("${groep} = '01'", { groep: '1' })).toBe(false); // two strings compare exactly (XPath 1.0)
  });
  it('orders numerically and dates as day numbers', () => {
    expect(ev('${a} >= 2 and ${a} <= 4', { a: '3' })).toBe(true);
    expect(ev("${d} < today()", { d: '2014-01-31' }, { today: '2014-02-01' })).toBe(true);
    expect(ev('today() - ${d}', { d: '2014-01-31' }, { today: '2014-02-01' })).toBe(1);
    expect(ev("'10' > '9'")).toBe(true);
  });
});

describe('functions', () => {
  it.each([
    ["selected(${m}, '3')", { m: '1 3' }, true],
    ["selected(${m}, '2')", { m: '1 3' }, false],
    ['count-selected(${m})', { m: '1 3 5' }, 3],
    ['count-selected(${m})', { m: null }, 0],
    ["if(${a} > 1, 'hoog', 'laag')", { a: 2 }, 'hoog'],
    ['coalesce(${a}, 7)', { a: null }, 7],
    ['coalesce(${a}, 7)', { a: 3 }, 3],
    ['string-length(${t})', { t: 'één' }, 3],
    ["regex(${t}, '^[0-9]{4} ?[A-Z]{2}$')", { t: '1234 AB' }, true],
    ["regex(${t}, '^[0-9]{4} ?[A-Z]{2}$')", { t: 'x' }, false],
    ["number('12.5')", {}, 12.5],
    ['int(-3.7)', {}, -3],
    ['round(2.5)', {}, 3],
    ['round(-2.5)', {}, -3],
    ['round(3.14159, 2)', {}, 3.14],
    ['10 div 4', {}, 2.5],
    ['10 mod 4', {}, 2],
    ['sum(${a}, ${b}, ${c})', { a: 1, b: null, c: 2 }, 3],
    ['min(${a}, ${b})', { a: 5, b: null }, 5],
    ['max(${a}, 3)', { a: 5 }, 5],
    ['not(${a} = 1)', { a: 2 }, true],
    ['any(8, ${a}, ${b})', { a: 1, b: '8' }, true],
    ['any(8, ${a}, ${b})', { a: 1, b: null }, false],
  ] as const)('%s with %j = %j', (src, values, want) => {
    expect(ev(src, values as Record<string, string | number | null>)).toBe(want);
  });

  it('takes today() from the caller, never from the system clock', () => {
    expect(ev('today()', {}, { today: '2014-03-19' })).toBe('2014-03-19');
    expect(ev('today()')).toBe('');
  });
});

describe('missing values', () => {
  const missing = { missing: { x: ['8', '9'] } };
  it('missing() is true for system-missing and for user-missing codes', () => {
    expect(ev('missing(${x})', { x: null }, missing)).toBe(true);
    expect(ev('missing(${x})', { x: '' }, missing)).toBe(true);
    expect(ev('missing(${x})', { x: '9' }, missing)).toBe(true);
    expect(ev('missing(${x})', { x: 8 }, missing)).toBe(true);
    expect(ev('missing(${x})', { x: '1' }, missing)).toBe(false);
    expect(ev('missing(.)', {}, { self: '9', selfMissing: ['9'] })).toBe(true);
  });
  it('a system-missing value fails every order comparison and equals only empty', () => {
    expect(ev('${x} > 0', { x: null })).toBe(false);
    expect(ev('${x} <= 0', { x: null })).toBe(false);
    expect(ev('${x} = 0', { x: null })).toBe(false);
    expect(ev("${x} = ''", { x: null })).toBe(true);
    expect(ev("${x} != ''", { x: null })).toBe(false);
  });
  it('a user-missing code is its code in ordinary expressions (guard with missing())', () => {
    expect(ev("${x} = '9'", { x: '9' }, missing)).toBe(true);
    expect(ev('${x} >= 2 and ${x} <= 4', { x: '8' }, missing)).toBe(false);
  });
  it('arithmetic on system-missing gives empty when stored', () => {
    expect(toStored(ev('${x} + 1', { x: null }))).toBe('');
    expect(toStored(ev('1 div 0'))).toBe('');
    expect(toStored(ev('1 = 1'))).toBe(1);
  });
});

describe('compile', () => {
  it('lists every unknown variable in one EXPRESSION_ERROR', () => {
    try {
      compile(parse('${a} + ${b} + ${a}'), { slotOf: () => undefined });
      expect.unreachable();
    } catch (e) {
      expect((e as { code: string }).code).toBe('EXPRESSION_ERROR');
      expect((e as { issues: unknown[] }).issues).toHaveLength(2);
    }
  });
});
