// Tests of case IDs: the Damm table's properties, and that every single-digit error and adjacent transposition is caught.
import { describe, expect, it } from 'vitest';
import {
  checkCaseId, computeCheckDigit, dammTable, DEFAULT_CASE_ID_FORMAT, formatCaseId, generateCaseIds, hasValidCheckDigit,
  caseIdFormatProblems, type CaseIdFormat, type CheckDigitScheme,
} from './caseId';

/** Every string one digit substitution away from `s` (9 per position). */
function substitutions(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i++) for (let d = 0; d <= 9; d++) if (String(d) !== s[i]) out.push(s.slice(0, i) + d + s.slice(i + 1));
  return out;
}
/** Every string made by swapping two adjacent, different digits of `s`. */
function transpositions(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < s.length; i++) if (s[i] !== s[i + 1]) out.push(s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2));
  return out;
}
/** Counts single-digit and adjacent-transposition errors that still pass the check, over the given IDs (digits only). */
function undetected(ids: readonly string[], scheme: CheckDigitScheme): { substitutions: number; transpositions: number; examples: string[] } {
  let sub = 0;
  let tra = 0;
  const examples: string[] = [];
  for (const id of ids) {
    for (const e of substitutions(id)) if (hasValidCheckDigit(e, scheme)) sub++;
    for (const e of transpositions(id)) if (hasValidCheckDigit(e, scheme)) { tra++; if (examples.length < 3) examples.push(`${id}→${e}`); }
  }
  return { substitutions: sub, transpositions: tra, examples };
}

describe('Damm quasigroup', () => {
  const t = dammTable();
  it('is a Latin square with a zero diagonal', () => {
    for (let i = 0; i < 10; i++) {
      expect(t[i]![i]).toBe(0);
      expect(new Set(t[i]).size).toBe(10);
      expect(new Set(t.map((r) => r[i])).size).toBe(10);
    }
  });
  it('is totally anti-symmetric: (c*x)*y = (c*y)*x implies x = y', () => {
    for (let c = 0; c < 10; c++) for (let x = 0; x < 10; x++) for (let y = 0; y < 10; y++) {
      if (x !== y) expect(t[t[c]![x]!]![y]).not.toBe(t[t[c]![y]!]![x]);
    }
  });
  it('gives the published check digit of Damm\'s worked example 572 → 4', () => {
    expect(computeCheckDigit('572', 'damm')).toBe(4);
    expect(hasValidCheckDigit('5724', 'damm')).toBe(true);
  });
});

describe('the default case-ID format (6 digits + Damm check digit)', () => {
  const f = DEFAULT_CASE_ID_FORMAT;
  // Sample IDs: the first 3,000 of a frame, plus 3,000 spread over the whole number range.
  const sample = [...generateCaseIds(1, 3000, f), ...Array.from({ length: 3000 }, (_, i) => formatCaseId((i * 333_667 + 12_345) % 1_000_000, f))];

  it('formats, generates and normalises IDs', () => {
    expect(formatCaseId(1, f)).toBe('0000013');
    expect(checkCaseId(' 000-001 3 ', f)).toEqual({ ok: true, caseId: '0000013', number: 1 });
    expect(generateCaseIds(9, 3, f)).toHaveLength(3);
    expect(() => formatCaseId(1_000_000, f)).toThrow(RangeError);
  });

  it('catches EVERY single-digit substitution of every sample ID (incl. the check digit)', () => {
    const r = undetected(sample, 'damm');
    expect(r.substitutions).toBe(0);
    for (const id of sample.slice(0, 200)) for (const e of substitutions(id)) expect(checkCaseId(e, f)).toMatchObject({ ok: false, problem: 'check-digit' });
  });

  it('catches EVERY adjacent transposition of every sample ID (incl. with the check digit)', () => {
    const r = undetected(sample, 'damm');
    expect(r.transpositions, r.examples.join(', ')).toBe(0);
  });

  it('catches every single error and adjacent transposition of ALL 4-digit bodies (exhaustive)', () => {
    const all = Array.from({ length: 10_000 }, (_, n) => { const b = String(n).padStart(4, '0'); return b + computeCheckDigit(b, 'damm'); });
    expect(undetected(all, 'damm')).toMatchObject({ substitutions: 0, transpositions: 0 });
  });

  it('refuses wrong length, letters and an empty ID with a message', () => {
    expect(checkCaseId('', f)).toMatchObject({ ok: false, problem: 'empty' });
    expect(checkCaseId('000013', f)).toMatchObject({ ok: false, problem: 'length' });
    expect(checkCaseId('A000013', f)).toMatchObject({ ok: false, problem: 'prefix' });
    expect(checkCaseId('00x0013', f)).toMatchObject({ ok: false, problem: 'characters' });
  });
});

describe('alternative schemes (why Damm is the default)', () => {
  const bodies = Array.from({ length: 10_000 }, (_, n) => String(n).padStart(4, '0'));
  const ids = (s: CheckDigitScheme) => bodies.map((b) => b + computeCheckDigit(b, s));

  it('Luhn catches all single-digit errors but misses the transposition 09 ↔ 90', () => {
    const r = undetected(ids('luhn'), 'luhn');
    expect(r.substitutions).toBe(0);
    expect(r.transpositions).toBeGreaterThan(0);
    const id = `090${computeCheckDigit('090', 'luhn')}`;
    expect(hasValidCheckDigit(id, 'luhn')).toBe(true);
    expect(hasValidCheckDigit(`900${id[3]}`, 'luhn')).toBe(true);
  });

  it('ISO 7064 MOD 11-10 catches all single-digit errors', () => {
    expect(undetected(ids('iso7064-mod11-10'), 'iso7064-mod11-10').substitutions).toBe(0);
    // ISO/IEC 7064 example for MOD 11,10: 0794 → check digit 5.
    expect(computeCheckDigit('0794', 'iso7064-mod11-10')).toBe(5);
  });

  it('a prefix and scheme none are supported; bad formats are named', () => {
    const g: CaseIdFormat = { prefix: 'mob', bodyDigits: 4, scheme: 'none' };
    expect(formatCaseId(12, g)).toBe('MOB0012');
    expect(checkCaseId('mob0012', g)).toEqual({ ok: true, caseId: 'MOB0012', number: 12 });
    expect(checkCaseId('0012', g)).toEqual({ ok: true, caseId: 'MOB0012', number: 12 });
    expect(caseIdFormatProblems({ prefix: '1A', bodyDigits: 0, scheme: 'damm' })).toHaveLength(2);
  });
});
