// The user guide in docs/: every relative link and image resolves, Dutch and English have the same pages, the
// keyboard pages name every key of the entry help (renderer/i18n) and the shortcuts of the code.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NO_ANSWER_KEY, NOT_LEGIBLE_KEY } from '../../shared/entry/keying';
import { AREA_IDS } from '../../renderer/features/shell/areas';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const guide = (lang: 'nl' | 'en') => readdirSync(join(root, 'docs', lang)).filter((f) => f.endsWith('.md')).map((f) => join(root, 'docs', lang, f));

/** Relative link and image targets of a markdown file (anchors and URLs left out). */
function targets(file: string): string[] {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return [...text.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((t) => !/^[a-z]+:/.test(t) && !t.startsWith('#')).map((t) => t.split('#')[0]!);
}

describe('user guide (docs/)', () => {
  it('has the same pages in Dutch and English, linked from README.md', () => {
    const nl = guide('nl');
    const en = guide('en');
    expect(nl.length).toBeGreaterThanOrEqual(7);
    expect(en.length).toBe(nl.length);
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toContain('## Documentation');
    for (const f of [...nl, ...en]) expect(readme, f).toContain(f.slice(root.length + 1).replace(/^docs\/(nl|en)\/(?!README)/, ''));
  });

  it('every relative link and image of every page (and README.md) exists; every image is a small PNG', () => {
    for (const file of [...guide('nl'), ...guide('en'), join(root, 'README.md')]) {
      for (const t of targets(file)) expect(existsSync(resolve(dirname(file), t)), `${file} → ${t}`).toBe(true);
    }
    for (const page of ['nl/veldwerkmedewerker.md', 'nl/methodoloog.md', 'nl/projectleider.md', 'en/fieldwork-staff.md', 'en/methodologist.md', 'en/project-lead.md']) {
      expect(targets(join(root, 'docs', page)).filter((t) => t.startsWith('../images/')).length, page).toBeGreaterThanOrEqual(2);
    }
    const images = readdirSync(join(root, 'docs', 'images')).filter((f) => f.endsWith('.png'));
    expect(images.length).toBeGreaterThanOrEqual(10);
    for (const f of images) expect(statSync(join(root, 'docs', 'images', f)).size, f).toBeLessThan(400_000);
  });

  it('the keyboard pages name every key of the entry help and the area shortcuts of the code', () => {
    const keys = (JSON.parse(readFileSync(join(root, 'renderer/i18n/en.json'), 'utf8')) as { entry: { help: { keys: Record<string, string> } } }).entry.help.keys;
    const tokens = new Set<string>([NO_ANSWER_KEY, NOT_LEGIBLE_KEY]);
    for (const k of Object.values(keys)) {
      if (k.startsWith('(') || k.includes('{{')) continue;
      for (const part of k.split(' · ')) if (!/^(text|tekst), Enter$/.test(part)) tokens.add(part);
    }
    for (const lang of ['nl/toetsen.md', 'en/keyboard.md']) {
      const text = readFileSync(join(root, 'docs', lang), 'utf8');
      for (const t of tokens) expect(text, `${lang} names ${t}`).toContain(t === NO_ANSWER_KEY || t === NOT_LEGIBLE_KEY ? `\`${t}\`` : t);
      expect(text).toContain(`Alt+${AREA_IDS.length}`);
    }
  });
});
