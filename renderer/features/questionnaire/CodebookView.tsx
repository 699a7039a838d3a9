// The codebook: every variable in paper order with number, name, type, label, codes, missing codes, routing and checks.
import { useDeferredValue, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { dataColumns, textIn, valueLabels, type Item, type Questionnaire, type Variable } from '../../../shared/domain/questionnaire';
import { gridChecks, type GridCheck } from '../../../shared/export/gridChecks';
import { paperRouting, type SkipTarget } from '../../../shared/routing/skips';
import { CodesTable } from './CodesTable';
import { conditionInWords, questionNumbers } from './model';
import { useConditionWords, useFormLanguage } from './useFormText';
import { useAppStore } from '../../stores';
import type { DerivedRow } from '../../stores/cleaningSlice';

/** Props of {@link CodebookView}. */
export interface CodebookViewProps {
  questionnaire: Questionnaire;
}

/**
 * The codebook of a questionnaire with a name/label filter. Groups are sections; each variable is a card
 * rendered with `content-visibility: auto`, so only cards on screen are laid out (the Monitor has ~100).
 */
export function CodebookView({ questionnaire: q }: CodebookViewProps) {
  const { t } = useTranslation();
  const language = useFormLanguage(q);
  const words = useConditionWords();
  const [filter, setFilter] = useState('');
  const query = useDeferredValue(filter.trim().toLowerCase());
  const numbers = useMemo(() => questionNumbers(q), [q]);
  // The same skip instructions as the printed paper form (shared/routing/skips).
  const jumps = useMemo(() => paperRouting(q).jumps, [q]);
  // The straightlining check of each grid group, as the cleaning rule run applies it (shared/export/gridChecks).
  const grids = useMemo(() => gridChecks(q), [q]);
  const inWords = (src: string) => conditionInWords(src, q, numbers, words, language);
  const matches = (v: Variable) => query === '' || v.name.toLowerCase().includes(query) || textIn(v.label, language, q.defaultLanguage).toLowerCase().includes(query);
  const count = (items: readonly Item[]): number => items.reduce((n, it) => n + (it.kind === 'variable' ? (matches(it.variable) ? 1 : 0) : count(it.items)), 0);
  // The project's derived variables (cleaning) follow the questionnaire's, with their definition and value labels.
  const derived = useAppStore((s) => s.cleaningDerived);
  const loadDerived = useAppStore((s) => s.loadDerived);
  useEffect(() => {
    if (derived === null) void loadDerived();
  }, [derived, loadDerived]);
  const derivedShown = (derived ?? []).filter((d) => query === '' || d.name.toLowerCase().includes(query) || d.label.toLowerCase().includes(query));
  const total = count(q.items) + derivedShown.length;

  const renderItems = (items: readonly Item[], level: number): ReactNode[] =>
    items.map((it) => {
      if (it.kind === 'variable') return matches(it.variable) ? <VariableCard key={it.variable.name} v={it.variable} q={q} language={language} number={numbers.get(it.variable.name)} numbers={numbers} jumps={jumps.get(it.variable.name)} inWords={inWords} /> : null;
      if (count(it.items) === 0) return null;
      const g = it.group;
      const Heading = level === 0 ? 'h3' : 'h4';
      return (
        <section key={g.name} className={`cb-group cb-group--${Math.min(level, 2)}`} aria-labelledby={`cb-g-${g.name}`}>
          <header className="cb-group__head">
            <Heading id={`cb-g-${g.name}`} className="cb-group__title">
              {g.number && <span className="cb-num">{g.number}</span>}
              {textIn(g.label, language, q.defaultLanguage) || g.name}
            </Heading>
            <code className="cb-group__name">{g.name}</code>
          </header>
          {g.relevant && (
            <p className="cb-group__route">
              <span className="cb-key">{t('questionnaire.codebook.groupRoute')}</span> {inWords(g.relevant)}
            </p>
          )}
          {grids.has(g.name) && <GridCheckLine check={grids.get(g.name)!} />}
          {renderItems(it.items, level + 1)}
        </section>
      );
    });

  return (
    <div className="cb">
      <div className="cb__bar">
        <h2 className="section-title cb__title">{t('questionnaire.codebook.title')}</h2>
        <label className="field field--inline cb__filter">
          <span className="field__label">{t('questionnaire.codebook.filter')}</span>
          <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder={t('questionnaire.codebook.filterHint')} />
        </label>
        <span className="muted cb__count" aria-live="polite">{t('questionnaire.codebook.count', { count: total })}</span>
      </div>
      <div className="cb__list">
        {renderItems(q.items, 0)}
        {derivedShown.length > 0 && (
          <section className="cb-group cb-group--0" aria-labelledby="cb-g-derived">
            <header className="cb-group__head">
              <h3 id="cb-g-derived" className="cb-group__title">{t('questionnaire.codebook.derivedTitle')}</h3>
            </header>
            <p className="cb-group__route muted">{t('questionnaire.codebook.derivedIntro')}</p>
            {derivedShown.map((d) => <DerivedCard key={d.name} d={d} />)}
          </section>
        )}
      </div>
    </div>
  );
}

const TYPE_KEYS = ['single', 'multiple', 'integer', 'decimal', 'text', 'date', 'calculated', 'note'] as const;

/** One variable of the codebook. */
function VariableCard(props: { v: Variable; q: Questionnaire; language: string; number: string | undefined; numbers: ReadonlyMap<string, string>; jumps: ReadonlyMap<string, SkipTarget> | undefined; inWords(src: string): string }) {
  const { v, q, language, number, numbers, jumps, inWords } = props;
  const { t } = useTranslation();
  const labels = valueLabels(q, v);
  const label = textIn(v.label, language, q.defaultLanguage);
  const hint = textIn(v.hint, language, q.defaultLanguage);
  const msg = textIn(v.constraintMessage, language, q.defaultLanguage);
  const softMsg = textIn(v.softConstraintMessage, language, q.defaultLanguage);
  const columns = v.type === 'multiple' ? dataColumns(q, v) : [];
  const range = v.range && (v.range.min !== undefined || v.range.max !== undefined) ? `${v.range.min ?? '…'} – ${v.range.max ?? '…'}` : undefined;
  const typeText = TYPE_KEYS.includes(v.type) ? t(`questionnaire.types.${v.type}`) : v.type;
  return (
    <article className={`cb-var cb-var--${v.type}`} id={`cb-${v.name}`} aria-label={`${number ? `${t('questionnaire.words.question', { n: number })} ` : ''}${v.name}`}>
      <header className="cb-var__head">
        <span className="cb-num" title={t('questionnaire.codebook.number')}>{number ?? ''}</span>
        <code className="cb-var__name">{v.name}</code>
        <span className="badge badge--type">{typeText}{v.type === 'decimal' && v.decimals !== undefined ? ` · ${v.decimals}` : ''}</span>
        {v.required && <span className="badge badge--muted">{t('questionnaire.codebook.required')}</span>}
        {v.identifier && <span className="badge badge--warn">{t('questionnaire.codebook.identifier')}</span>}
      </header>
      {label && <p className="cb-var__label">{label}</p>}
      {hint && <p className="cb-var__hint">{hint}</p>}
      <dl className="cb-props">
        {labels.length > 0 && (
          <div className="cb-prop cb-prop--codes">
            <dt>{v.type === 'single' || v.type === 'multiple' ? t('questionnaire.codebook.codes') : t('questionnaire.codebook.missing')}</dt>
            <dd>
              <CodesTable
                routing
                rows={labels.map((l) => {
                  const jump = jumps?.get(l.code);
                  return {
                    code: l.code,
                    label: textIn(l.label, language, q.defaultLanguage),
                    missing: l.missing,
                    jump: jump ? `→ ${jump.kind === 'end' ? t('questionnaire.paper.toEnd') : t('questionnaire.paper.goTo', { n: numbers.get(jump.name) ?? jump.name })}` : '',
                  };
                })}
              />
            </dd>
          </div>
        )}
        {columns.length > 0 && <Prop label={t('questionnaire.codebook.columns')}><code>{columns.join(', ')}</code></Prop>}
        {v.relevant && <Prop label={t('questionnaire.codebook.routing')}><Expr words={inWords(v.relevant)} src={v.relevant} /></Prop>}
        {range && <Prop label={t('questionnaire.codebook.range')}>{range}</Prop>}
        {v.type === 'text' && v.maxLength !== undefined && <Prop label={t('questionnaire.codebook.maxLength')}>{v.maxLength}</Prop>}
        {v.constraint && (
          <Prop label={t('questionnaire.codebook.hard')}>
            <Expr words={inWords(v.constraint)} src={v.constraint} />
            {msg && <span className="cb-msg">“{msg}”</span>}
          </Prop>
        )}
        {v.softConstraint && (
          <Prop label={t('questionnaire.codebook.soft')}>
            <Expr words={inWords(v.softConstraint)} src={v.softConstraint} />
            {softMsg && <span className="cb-msg">“{softMsg}”</span>}
          </Prop>
        )}
        {v.calculate && <Prop label={t('questionnaire.codebook.calculation')}><code className="cb-src cb-src--only">{v.calculate}</code></Prop>}
      </dl>
    </article>
  );
}

/** A derived variable of the cleaning (a recode): its definition and value labels, as the export's codebook has it. */
function DerivedCard({ d }: { d: DerivedRow }) {
  const { t } = useTranslation();
  const labels = d.valueLabels ?? [];
  return (
    <article className="cb-var cb-var--calculated" id={`cb-${d.name}`} aria-label={d.name}>
      <header className="cb-var__head">
        <span className="cb-num" />
        <code className="cb-var__name">{d.name}</code>
        <span className="badge badge--type">{t('questionnaire.codebook.derivedBadge')}</span>
      </header>
      {d.label && <p className="cb-var__label">{d.label}</p>}
      <dl className="cb-props">
        {labels.length > 0 && (
          <div className="cb-prop cb-prop--codes">
            <dt>{t('questionnaire.codebook.codes')}</dt>
            <dd>
              <CodesTable routing={false} rows={labels} />
            </dd>
          </div>
        )}
        <Prop label={t('questionnaire.codebook.definition')}><code className="cb-src cb-src--only">{d.expression}</code></Prop>
      </dl>
    </article>
  );
}

/** A grid group's straightlining check: "Straightlining-controle: ja (standaardregel …)", "ja, behalve code 1", "nee". */
function GridCheckLine({ check }: { check: GridCheck }) {
  const { t } = useTranslation();
  const value = !check.checked
    ? t('questionnaire.codebook.straightliningNo')
    : check.except.length > 0
      ? t('questionnaire.codebook.straightliningExcept', { count: check.except.length, codes: check.except.join(', ') })
      : t('questionnaire.codebook.straightliningYes');
  return (
    <p className="cb-group__route cb-group__grid" title={check.checked ? t('questionnaire.codebook.straightliningHint') : undefined}>
      <span className="cb-key">{t('questionnaire.codebook.straightlining')}</span> {value}
      {check.checked && check.source === 'default' && <span className="muted"> {t('questionnaire.codebook.straightliningDefault')}</span>}
    </p>
  );
}

function Prop({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="cb-prop">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** A condition in words with its source expression underneath. */
function Expr({ words, src }: { words: string; src: string }) {
  return (
    <>
      <span className="cb-words">{words}</span>
      {words !== src && <code className="cb-src">{src}</code>}
    </>
  );
}
