// The paper form: a printable questionnaire with a case-ID box, question numbers, printed codes and routing in words.
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { findList, isEnterable, keyingWidth, placedVariables, textIn, valueLabels, type Item, type Questionnaire, type Variable } from '../../../shared/domain/questionnaire';
import { paperRouting, type SkipTarget } from '../../../shared/routing/skips';
import { conditionInWords, questionNumbers, type ConditionWords } from './model';
import { useFormLanguage } from './useFormText';

/** Digits in the case-ID box (the default case-ID format has 7: six digits and a check digit). */
const CASE_ID_DIGITS = 7;

/** UI languages the respondent's texts on paper (instructions, routing) can be printed in. */
const PAPER_LANGUAGES = ['nl', 'en'];
/** Marks a calculation's name in the numbers handed to conditionInWords, so its words show the label. */
const CALC = '\u0001';

/**
 * The paper form in entry order: what an operator keys from. "Afdrukken" calls window.print(); the print
 * style sheet hides the app around it. Routing is printed in words (shared/routing/skips.ts): "→ Ga naar
 * vraag N" after an answer that skips the next question, and "Alleen voor: …" above a question or block whose
 * condition is not certainly met where respondents arrive. Texts for the respondent are in the form's
 * language (Dutch or English; else the UI language), the buttons around the form in the UI language.
 */
export function PaperForm({ questionnaire: q }: { questionnaire: Questionnaire }) {
  const { t: ui, i18n } = useTranslation();
  const language = useFormLanguage(q);
  const formCode = (/\((\w+)\)\s*$/.exec(language)?.[1] ?? language).toLowerCase();
  const t: TFunction = useMemo(() => (PAPER_LANGUAGES.includes(formCode) ? i18n.getFixedT(formCode) : ui), [formCode, i18n, ui]);
  const numbers = useMemo(() => questionNumbers(q), [q]);
  const routing = useMemo(() => paperRouting(q), [q]);
  const text = (x: Readonly<Record<string, string>>) => textIn(x, language, q.defaultLanguage);
  // In conditions a calculation reads as its label (a respondent cannot know "laag"), a question as "vraag N".
  const { words, conditionNumbers } = useMemo(() => {
    const calcs = new Map<string, string>();
    for (const { variable: v } of placedVariables(q)) {
      const label = textIn(v.label, language, q.defaultLanguage);
      if (v.type === 'calculated' && label) calcs.set(v.name, label);
    }
    const base = conditionWords(t);
    const w: ConditionWords = { ...base, question: (n) => (n.startsWith(CALC) ? (calcs.get(n.slice(CALC.length)) ?? n.slice(CALC.length)) : base.question(n)) };
    return { words: w, conditionNumbers: new Map([...numbers, ...[...calcs.keys()].map((c): [string, string] => [c, CALC + c])]) };
  }, [q, language, t, numbers]);

  const renderItems = (items: readonly Item[], level: number): ReactNode[] =>
    items.map((it) => {
      if (it.kind === 'variable') {
        const v = it.variable;
        if (v.type === 'calculated') return null;
        if (v.type === 'note') return <p key={v.name} className="paper__note">{text(v.label)}</p>;
        const condition = v.relevant && routing.questionLines.has(v.name) ? conditionInWords(v.relevant, q, conditionNumbers, words, language) : undefined;
        return (
          <PaperQuestion key={v.name} v={v} q={q} number={numbers.get(v.name) ?? ''} numbers={numbers} text={text} t={t} jumps={routing.jumps.get(v.name)} condition={condition} />
        );
      }
      const g = it.group;
      const enterable = hasEnterable(it.items);
      if (!enterable) return null;
      const groupCondition = g.relevant && routing.groupLines.has(g.name) ? conditionInWords(g.relevant, q, conditionNumbers, words, language) : undefined;
      return (
        <section key={g.name} className={`paper__section paper__section--${Math.min(level, 1)}`}>
          {text(g.label) && <h3 className="paper__section-title">{g.number ? `${g.number} ` : ''}{text(g.label)}</h3>}
          {groupCondition && <p className="paper__instruction">{t('questionnaire.paper.onlyIf', { condition: groupCondition })}</p>}
          {renderItems(it.items, level + 1)}
        </section>
      );
    });

  return (
    <div className="paper-wrap">
      <div className="paper-actions">
        <p className="muted">{ui('questionnaire.paper.explain')}</p>
        <button type="button" className="btn btn--primary" onClick={() => window.print()}>
          {ui('questionnaire.paper.print')}
        </button>
      </div>
      <article className="paper" aria-label={ui('questionnaire.paper.label')}>
        <header className="paper__head">
          <div>
            <h2 className="paper__title">{q.title}</h2>
            <p className="paper__meta">
              {t('questionnaire.paper.version', { version: q.version })} · {q.id}
            </p>
          </div>
          <div className="paper__caseid">
            <span className="paper__caseid-label" id="paper-caseid">{t('questionnaire.paper.caseId')}</span>
            <span className="paper__boxes" aria-labelledby="paper-caseid">
              {Array.from({ length: CASE_ID_DIGITS }, (_, i) => (
                <span key={i} className="paper__box" />
              ))}
            </span>
          </div>
        </header>
        <p className="paper__how">{t('questionnaire.paper.how')}</p>
        {renderItems(q.items, 0)}
        <p className="paper__end">{t('questionnaire.paper.end')}</p>
      </article>
    </div>
  );
}

function hasEnterable(items: readonly Item[]): boolean {
  return items.some((it) => (it.kind === 'variable' ? isEnterable(it.variable) : hasEnterable(it.items)));
}

/** The words of a condition in words ({@link conditionInWords}) in the paper's language. */
function conditionWords(t: TFunction): ConditionWords {
  return {
    and: t('questionnaire.words.and'),
    or: t('questionnaire.words.or'),
    not: t('questionnaire.words.not'),
    self: t('questionnaire.words.self'),
    empty: t('questionnaire.words.empty'),
    question: (n: string) => t('questionnaire.words.question', { n }),
    selected: (what: string, code: string) => t('questionnaire.words.selected', { what, code }),
  };
}

/** One question on paper: number, text, and the answer area for its type. */
function PaperQuestion(props: {
  v: Variable;
  q: Questionnaire;
  number: string;
  numbers: ReadonlyMap<string, string>;
  text(x: Readonly<Record<string, string>>): string;
  t: TFunction;
  jumps: ReadonlyMap<string, SkipTarget> | undefined;
  condition: string | undefined;
}) {
  const { v, q, number, numbers, text, t, jumps, condition } = props;
  const jumpText = (j: SkipTarget) => (j.kind === 'end' ? t('questionnaire.paper.toEnd') : t('questionnaire.paper.goTo', { n: numbers.get(j.name) ?? j.name }));
  // On paper only the list's own codes are printed; user-missing codes not in the list are for operators.
  const listCodes = new Set((v.listName !== undefined ? findList(q, v.listName)?.choices : undefined)?.map((c) => c.code) ?? []);
  const labels = valueLabels(q, v).filter((l) => listCodes.has(l.code));
  const width = Math.min(keyingWidth(q, v), 12);
  return (
    <div className="paper__q" data-name={v.name}>
      <div className="paper__qnum">{number}</div>
      <div className="paper__qbody">
        {condition && <p className="paper__instruction">{t('questionnaire.paper.onlyIf', { condition })}</p>}
        <p className="paper__qtext">{text(v.label)}</p>
        {text(v.hint) && <p className="paper__hint">{text(v.hint)}</p>}
        {(v.type === 'single' || v.type === 'multiple') && (
          <>
            <p className="paper__hint paper__hint--how">{v.type === 'single' ? t('questionnaire.paper.one') : t('questionnaire.paper.many')}</p>
            <ul className={`paper__options${labels.length > 8 ? ' paper__options--cols' : ''}`}>
              {labels.map((l) => {
                const j = jumps?.get(l.code);
                return (
                  <li key={l.code} className={l.missing ? 'paper__opt paper__opt--missing' : 'paper__opt'}>
                    <span className={v.type === 'single' ? 'paper__mark paper__mark--round' : 'paper__mark'} aria-hidden="true" />
                    <span className="paper__optlabel">{text(l.label)}</span>
                    <span className="paper__code">{l.code}</span>
                    {j && <span className="paper__jump">→ {jumpText(j)}</span>}
                  </li>
                );
              })}
            </ul>
          </>
        )}
        {(v.type === 'integer' || v.type === 'decimal') && (
          <p className="paper__answer">
            <span className="paper__boxes">
              {Array.from({ length: width }, (_, i) => (
                <span key={i} className={`paper__box${v.type === 'decimal' && i === width - (v.decimals ?? 2) - 1 ? ' paper__box--point' : ''}`} />
              ))}
            </span>
            {v.range && (v.range.min !== undefined || v.range.max !== undefined) && (
              <span className="paper__range">{t('questionnaire.paper.range', { min: v.range.min ?? '…', max: v.range.max ?? '…' })}</span>
            )}
          </p>
        )}
        {v.type === 'date' && (
          <p className="paper__answer paper__date">
            <span className="paper__boxes"><span className="paper__box" /><span className="paper__box" /></span>-
            <span className="paper__boxes"><span className="paper__box" /><span className="paper__box" /></span>-
            <span className="paper__boxes"><span className="paper__box" /><span className="paper__box" /><span className="paper__box" /><span className="paper__box" /></span>
            <span className="paper__range">{t('questionnaire.paper.dateFormat')}</span>
          </p>
        )}
        {v.type === 'text' && <div className="paper__lines" aria-hidden="true"><span /><span /></div>}
      </div>
    </div>
  );
}
