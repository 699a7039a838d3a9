// Scans every source file's imports and enforces DESIGN.md §1's layer boundaries. Do not relax.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const root = resolve(__dirname, '../..');

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name === 'out') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (/\.(ts|tsx)$/.test(name)) out.push(p);
  }
  return out;
}

function filesIfExists(dir: string): string[] {
  try {
    return files(dir);
  } catch {
    return [];
  }
}

function importsOf(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  const specs: string[] = [];
  const re = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;
  for (let m = re.exec(src); m; m = re.exec(src)) specs.push((m[1] ?? m[2] ?? m[3])!);
  return specs;
}

function target(file: string, spec: string): string {
  return spec.startsWith('.') ? relative(root, resolve(dirname(file), spec)) : spec;
}

const nodeBuiltin = /^(node:|fs$|path$|os$|child_process$|crypto$|http$|https$|net$|url$|util$|stream$|zlib$|worker_threads$)/;

describe('layer boundaries (DESIGN.md §1)', () => {
  it('shared/ imports nothing from Node, Electron, UI libraries, electron/ or renderer/', () => {
    const bad: string[] = [];
    for (const f of files(join(root, 'shared'))) {
      if (f.endsWith('.test.ts')) continue;
      for (const s of importsOf(f)) {
        const t = target(f, s);
        if (nodeBuiltin.test(s) || /^(electron|better-sqlite3|exceljs|react|react-dom|zustand|i18next|react-i18next)(\/|$)/.test(s) || /^(electron|renderer)\//.test(t)) bad.push(`${relative(root, f)} → ${s}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('the backend, HTTP host and CLI never import Electron or the renderer', () => {
    const bad: string[] = [];
    for (const area of ['electron/backend', 'electron/host', 'electron/cli']) {
      for (const f of filesIfExists(join(root, area))) {
        for (const s of importsOf(f)) {
          const t = target(f, s);
          if (/^electron(\/|$)/.test(s) || /^renderer\//.test(t) || /^electron\/(main|preload)\//.test(t)) bad.push(`${relative(root, f)} → ${s}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('the renderer reaches data only through renderer/api/', () => {
    const bad: string[] = [];
    for (const f of filesIfExists(join(root, 'renderer'))) {
      const rel = relative(root, f);
      if (rel === 'renderer/vite.config.ts') continue;
      const src = readFileSync(f, 'utf8');
      for (const s of importsOf(f)) {
        const t = target(f, s);
        if (nodeBuiltin.test(s) || /^(electron|better-sqlite3|exceljs)(\/|$)/.test(s) || /^electron\//.test(t)) bad.push(`${rel} → ${s}`);
      }
      if (!rel.startsWith('renderer/api/') && (/window\.veldwerk/.test(src) || /fetch\(/.test(src))) bad.push(`${rel} uses window.veldwerk or fetch outside renderer/api/`);
    }
    expect(bad).toEqual([]);
  });

  it('the scanner sees imports (guard against a check that cannot fail)', () => {
    const f = join(root, 'electron/backend/db/open.ts');
    expect(importsOf(f)).toContain('better-sqlite3');
    expect(importsOf(f)).toContain('../../../shared/domain/errors');
  });
});
