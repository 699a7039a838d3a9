// The notice after an undo (tester61's defect 3): answers given back vs emptied again, in Dutch and English.
import { beforeAll, describe, expect, it } from 'vitest';
import i18next, { type i18n } from 'i18next';
import { undoNotice, undoNoticeText } from '../../renderer/features/cleaning/undoNotice';
import nl from '../../renderer/i18n/nl.json';
import en from '../../renderer/i18n/en.json';

let tr: i18n;
beforeAll(async () => {
  tr = i18next.createInstance();
  await tr.init({ lng: 'nl', resources: { nl: { translation: nl }, en: { translation: en } }, interpolation: { escapeValue: false } });
});

const items = (n: number) => Array.from({ length: n }, (_, i) => ({ variable: `v${i}` }));

describe('undo notice', () => {
  it('codes: restored, cleared, or a plain undo', () => {
    expect(undoNotice({ restored: items(20), cleared: [] })).toBe('undoRestored:20');
    expect(undoNotice({ restored: [], cleared: items(20) })).toBe('undoCleared:20');
    expect(undoNotice({ restored: [], cleared: [] })).toBe('undo');
  });

  it('an undo of an undo that empties 20 answers says they were cleared, not put back (nl, en; singular)', () => {
    const nlT = tr.getFixedT('nl');
    const enT = tr.getFixedT('en');
    expect(undoNoticeText(undoNotice({ restored: [], cleared: items(20) }), nlT)).toBe('Correctie ongedaan gemaakt; 20 antwoorden buiten de route leeggemaakt. De case is opnieuw gecontroleerd.');
    expect(undoNoticeText('undoCleared:1', nlT)).toBe('Correctie ongedaan gemaakt; 1 antwoord buiten de route leeggemaakt. De case is opnieuw gecontroleerd.');
    expect(undoNoticeText('undoCleared:20', enT)).toBe('Correction undone; 20 answers off route cleared. The case was checked again.');
    expect(undoNoticeText(undoNotice({ restored: items(20), cleared: [] }), nlT)).toBe('Correctie ongedaan gemaakt; 20 leeggemaakte antwoorden teruggezet. De case is opnieuw gecontroleerd.');
    expect(undoNoticeText('undoRestored:1', enT)).toBe('Correction undone; 1 cleared answer put back. The case was checked again.');
    expect(undoNoticeText('undo', nlT)).toBe('Correctie ongedaan gemaakt; de case is opnieuw gecontroleerd.');
    expect(undoNoticeText('accept', nlT)).toBeNull();
  });
});
