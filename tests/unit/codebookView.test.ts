// Codebook view (renderer): the codes/value-labels table of a questionnaire variable and of a derived variable
// (one CodesTable component), and the straightlining check of a grid group; rendered to static markup in Dutch.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { checkXlsform } from '../../electron/backend/services/xlsformFiles';
import type { Questionnaire } from '../../shared/domain/questionnaire';
import { CodebookView } from '../../renderer/features/questionnaire/CodebookView';
import { useAppStore } from '../../renderer/stores';
import nl from '../../renderer/i18n/nl.json';
import en from '../../renderer/i18n/en.json';
import { tempDir } from '../helpers/tmp';

let q: Questionnaire;

beforeAll(async () => {
  await i18next.use(initReactI18next).init({ resources: { nl: { translation: nl }, en: { translation: en } }, lng: 'nl', fallbackLng: 'nl', interpolation: { escapeValue: false } });
  const dir = join(tempDir(), 'form');
  mkdirSync(dir);
  writeFileSync(join(dir, 'survey.csv'), [
    'type,name,label,relevant,veldwerk::straightlining',
    'select_one jn,slachtoffer,Bent u slachtoffer geweest?,,',
    "integer,aantal,Hoe vaak?,${slachtoffer} = '1',",
    'begin_group,raster,Stellingen,,yes',
    'select_one eens,s1,Stelling 1,,',
    'select_one eens,s2,Stelling 2,,',
    'select_one eens,s3,Stelling 3,,',
    'end_group,,,,',
    'begin_group,oordeel,Oordelen,,',
    'select_one eens,o1,Oordeel 1,,',
    'select_one eens,o2,Oordeel 2,,',
    'select_one eens,o3,Oordeel 3,,',
    'end_group,,,,',
    'begin_group,vaak,Hoe vaak,,except 1',
    'select_one eens,v1,Vaak 1,,',
    'select_one eens,v2,Vaak 2,,',
    'select_one eens,v3,Vaak 3,,',
    'end_group,,,,',
    'begin_group,uit,Zonder controle,,no',
    'select_one eens,u1,Uit 1,,',
    'select_one eens,u2,Uit 2,,',
    'select_one eens,u3,Uit 3,,',
    'end_group,,,,',
    'begin_group,jn_lijst,Ja/nee-lijst,,',
    'select_one jn,j1,Lijst 1,,',
    'select_one jn,j2,Lijst 2,,',
    'select_one jn,j3,Lijst 3,,',
    'end_group,,,,',
  ].join('\n'));
  writeFileSync(join(dir, 'choices.csv'), 'list_name,name,label\njn,1,Ja\njn,2,Nee\neens,1,Eens\neens,2,Neutraal\neens,3,Oneens\n');
  writeFileSync(join(dir, 'settings.csv'), 'form_title,form_id,version\nTest,test,1\n');
  q = (await checkXlsform(dir)).questionnaire;
  // Server rendering reads the store's initial state (zustand's server snapshot): the derived variables go there.
  Object.assign(useAppStore.getInitialState(), {
    cleaningDerived: [{ name: 'dader_d', expression: "if(${slachtoffer} = '1', 1, 0)", label: 'Slachtoffer (afgeleid)', valueLabels: [{ code: '0', label: 'Nee' }, { code: '1', label: 'Ja' }] }] as never,
  });
});

/** The rows of the codes table inside the card with id `cb-<name>`: the text of each cell. */
function codeRows(html: string, name: string): string[][] {
  const card = new RegExp(`<article[^>]*id="cb-${name}"[\\s\\S]*?</article>`).exec(html)?.[0] ?? '';
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(card)?.[1] ?? '';
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, '|').replace(/\|+/g, '|').replace(/\|$/, '')));
}

/** The header cells (screen-reader only) of the codes table inside the card with id `cb-<name>`. */
function codeHeads(html: string, name: string): string[] {
  const card = new RegExp(`<article[^>]*id="cb-${name}"[\\s\\S]*?</article>`).exec(html)?.[0] ?? '';
  return [...card.matchAll(/<th scope="col">([^<]*)<\/th>/g)].map((m) => m[1]!);
}

describe('CodebookView codes tables (one CodesTable for variables and derived variables)', () => {
  it('a questionnaire variable: code, label with the user-missing tag, and the skip instruction per code', () => {
    const html = renderToStaticMarkup(createElement(CodebookView, { questionnaire: q }));
    expect(codeHeads(html, 'slachtoffer')).toEqual(['Code', 'Waardelabel', 'Routing']);
    expect(codeRows(html, 'slachtoffer')).toEqual([
      ['1', 'Ja', ''],
      ['2', 'Nee', '→ Ga naar vraag 3'],
      ['8', 'Weet niet|ontbrekend', '→ Ga naar vraag 3'],
      ['9', 'Geen antwoord|ontbrekend', '→ Ga naar vraag 3'],
    ]);
    // the user-missing rows (8, 9) keep their row class
    const card = /<article[^>]*id="cb-slachtoffer"[\s\S]*?<\/article>/.exec(html)![0];
    expect([...card.matchAll(/<tr class="cb-codes__missing"><td class="cb-codes__code">(\w+)</g)].map((m) => m[1])).toEqual(['8', '9']);
  });

  it('a derived variable: code and label only, no routing column', () => {
    const html = renderToStaticMarkup(createElement(CodebookView, { questionnaire: q }));
    expect(codeHeads(html, 'dader_d')).toEqual(['Code', 'Waardelabel']);
    expect(codeRows(html, 'dader_d')).toEqual([['0', 'Nee'], ['1', 'Ja']]);
  });

  it('the codes table markup lives in CodesTable only', () => {
    const src = readFileSync(join(__dirname, '../../renderer/features/questionnaire/CodebookView.tsx'), 'utf8');
    expect(src).not.toContain('cb-codes');
    expect(src.match(/<CodesTable\b/g)?.length).toBe(2);
  });
});

/** The straightlining line of each group section that has one: group name → its text. */
function gridLines(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<section[^>]*aria-labelledby="cb-g-([^"]+)"[\s\S]*?(?=<article|<section|$)/g)) {
    const line = /<p class="cb-group__route cb-group__grid"[^>]*>([\s\S]*?)<\/p>/.exec(m[0]);
    if (line) out[m[1]!] = line[1]!.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();
  }
  return out;
}

describe('CodebookView straightlining check of grid groups', () => {
  it('shows it in the group section, in Dutch by default', () => {
    const html = renderToStaticMarkup(createElement(CodebookView, { questionnaire: q }));
    expect(gridLines(html)).toEqual({
      raster: 'Straightlining-controle: ja',
      oordeel: 'Straightlining-controle: ja (standaardregel: minstens 3 items op één lijst met minstens 3 inhoudelijke codes)',
      vaak: 'Straightlining-controle: ja, behalve code 1',
      uit: 'Straightlining-controle: nee',
    });
  });

  it('in English when the UI is English', async () => {
    await i18next.changeLanguage('en');
    try {
      const html = renderToStaticMarkup(createElement(CodebookView, { questionnaire: q }));
      expect(gridLines(html)).toEqual({
        raster: 'Straightlining check: yes',
        oordeel: 'Straightlining check: yes (default rule: at least 3 items on one list with at least 3 substantive codes)',
        vaak: 'Straightlining check: yes, except code 1',
        uit: 'Straightlining check: no',
      });
    } finally {
      await i18next.changeLanguage('nl');
    }
  });
});
