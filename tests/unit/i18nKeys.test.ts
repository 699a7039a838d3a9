// The Dutch and English UI resource files must have exactly the same keys (and no empty strings).
import { describe, expect, it } from 'vitest';
import nl from '../../renderer/i18n/nl.json';
import en from '../../renderer/i18n/en.json';

function keys(obj: unknown, prefix = ''): string[] {
  if (typeof obj !== 'object' || obj === null) return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

function leaves(obj: unknown): unknown[] {
  return typeof obj === 'object' && obj !== null ? Object.values(obj).flatMap(leaves) : [obj];
}

function placeholders(obj: unknown, prefix = ''): string[] {
  if (typeof obj === 'string') return [...obj.matchAll(/\{\{(\w+)\}\}/g)].map((m) => `${prefix}:${m[1]}`).sort();
  if (typeof obj !== 'object' || obj === null) return [];
  return Object.entries(obj).flatMap(([k, v]) => placeholders(v, prefix ? `${prefix}.${k}` : k));
}

describe('renderer i18n resources', () => {
  it('nl.json and en.json have the same key set', () => {
    expect(keys(en).sort()).toEqual(keys(nl).sort());
  });

  it('every value is a non-empty string', () => {
    for (const v of [...leaves(nl), ...leaves(en)]) {
      expect(typeof v).toBe('string');
      expect((v as string).trim()).not.toBe('');
    }
  });

  it('both languages use the same {{placeholders}} per key', () => {
    expect(placeholders(en).sort()).toEqual(placeholders(nl).sort());
  });
});
