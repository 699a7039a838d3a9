// Editors of one variable (type, labels per language, codes, missing codes, range, routing, checks, calculation) and of a group.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { QuestionnaireProblem } from '../../../shared/domain/problems';
import { findList, userMissingCodes, VARIABLE_TYPES, type Choice, type Group, type LangText, type MissingCode, type Questionnaire, type Variable } from '../../../shared/domain/questionnaire';
import { ExprField } from './ExprField';
import { listUsers, putList, uniqueName } from './model';

const EXPR_FIELDS = new Set(['relevant', 'constraint', 'soft_constraint', 'calculate']);

/** Sets or clears one language of a text. */
function setText(t: LangText, language: string, value: string): LangText {
  const next = { ...t };
  if (value === '') delete next[language];
  else next[language] = value;
  return next;
}

/** Optional string: '' → undefined. */
function opt(s: string): string | undefined {
  return s.trim() === '' ? undefined : s;
}

function withOptional<T extends object, K extends keyof T>(obj: T, key: K, value: T[K] | undefined): T {
  const next = { ...obj };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

/** Text inputs, one per language of the form. */
function LangInputs({ label, value, languages, onChange, multiline }: { label: string; value: LangText; languages: readonly string[]; onChange(v: LangText): void; multiline?: boolean }) {
  return (
    <div className="bld-lang">
      {languages.map((lang) => (
        <label key={lang} className="field">
          <span className="field__label">
            {label} <span className="bld-lang__tag">{lang}</span>
          </span>
          {multiline ? (
            <textarea rows={2} value={value[lang] ?? ''} onChange={(e) => onChange(setText(value, lang, e.target.value))} />
          ) : (
            <input type="text" value={value[lang] ?? ''} onChange={(e) => onChange(setText(value, lang, e.target.value))} />
          )}
        </label>
      ))}
    </div>
  );
}

/** Problems of the item outside its expressions (names, lists, codes, ranges). */
function ItemProblems({ problems }: { problems: readonly QuestionnaireProblem[] }) {
  const shown = problems.filter((p) => p.target.kind === 'item' && !EXPR_FIELDS.has(p.target.field));
  if (shown.length === 0) return null;
  return (
    <ul className="bld-problems">
      {shown.map((p, i) => (
        <li key={i} className={`bld-problem bld-problem--${p.severity}`}>
          {p.target.kind === 'item' && <code>{p.target.field}</code>} {p.message}
        </li>
      ))}
    </ul>
  );
}

/** Props of {@link VariableEditor}. */
export interface VariableEditorProps {
  q: Questionnaire;
  variable: Variable;
  /** Paper-order index of the variable. */
  position: number;
  problems: readonly QuestionnaireProblem[];
  /** The changed variable; `q` when the change also touched the questionnaire (a choice list). */
  onChange(v: Variable, q?: Questionnaire): void;
}

/** Edits one variable of the draft. */
export function VariableEditor({ q, variable: v, position, problems, onChange }: VariableEditorProps) {
  const { t } = useTranslation();
  const id = useId();
  const set = <K extends keyof Variable>(key: K, value: Variable[K] | undefined) => onChange(withOptional(v, key, value));
  const isChoice = v.type === 'single' || v.type === 'multiple';
  const isNumber = v.type === 'integer' || v.type === 'decimal';
  const list = v.listName !== undefined ? findList(q, v.listName) : undefined;
  const lang = q.defaultLanguage;

  const changeType = (type: Variable['type']) => {
    let next: Variable = { ...v, type };
    if (type !== 'single' && type !== 'multiple') next = withOptional(next, 'listName', undefined);
    if (type !== 'integer' && type !== 'decimal') next = withOptional(withOptional(next, 'range', undefined), 'decimals', undefined);
    if (type !== 'calculated') next = withOptional(next, 'calculate', undefined);
    onChange(next);
  };
  const newList = () => {
    const name = uniqueName(v.name, new Set(q.lists.map((l) => l.name.toLowerCase())));
    onChange({ ...v, listName: name }, putList(q, { name, choices: [] }));
  };
  const setChoices = (choices: Choice[]) => {
    if (!list) return;
    onChange(v, putList(q, { ...list, choices }));
  };
  const nextCode = (codes: readonly string[]) => String(codes.reduce((m, c) => (/^\d+$/.test(c) ? Math.max(m, Number(c)) : m), 0) + 1);
  const setRange = (which: 'min' | 'max', s: string) => {
    const n = s.trim() === '' ? undefined : Number(s);
    const range = withOptional({ ...(v.range ?? {}) }, which, n !== undefined && Number.isFinite(n) ? n : undefined);
    set('range', range.min === undefined && range.max === undefined ? undefined : range);
  };
  const defaults = userMissingCodes(q, { ...v, missing: undefined } as Variable);
  const missing = v.missing;
  const setMissing = (m: MissingCode[] | undefined) => set('missing', m);
  const users = list ? listUsers(q, list.name) : 0;

  return (
    <div className="bld-form">
      <ItemProblems problems={problems} />
      <div className="bld-grid">
        <label className="field">
          <span className="field__label">{t('questionnaire.builder.name')}</span>
          <input type="text" value={v.name} onChange={(e) => set('name', e.target.value)} spellCheck={false} className="mono" />
        </label>
        <label className="field">
          <span className="field__label">{t('questionnaire.builder.type')}</span>
          <select value={v.type} onChange={(e) => changeType(e.target.value as Variable['type'])}>
            {VARIABLE_TYPES.map((ty) => (
              <option key={ty} value={ty}>
                {t(`questionnaire.types.${ty}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t('questionnaire.builder.number')}</span>
          <input type="text" value={v.number ?? ''} onChange={(e) => set('number', opt(e.target.value))} placeholder={t('questionnaire.builder.numberAuto')} />
        </label>
      </div>
      <LangInputs label={t('questionnaire.builder.label')} value={v.label} languages={q.languages} onChange={(x) => set('label', x)} multiline />
      <LangInputs label={t('questionnaire.builder.hint')} value={v.hint} languages={q.languages.slice(0, 1)} onChange={(x) => set('hint', x)} />
      <div className="bld-checks">
        <label className="check">
          <input type="checkbox" checked={v.required} onChange={(e) => set('required', e.target.checked)} /> {t('questionnaire.builder.required')}
        </label>
        <label className="check">
          <input type="checkbox" checked={v.identifier} onChange={(e) => set('identifier', e.target.checked)} /> {t('questionnaire.builder.identifier')}
        </label>
      </div>

      {isChoice && (
        <fieldset className="bld-fieldset">
          <legend>{t('questionnaire.builder.codes')}</legend>
          <div className="bld-grid">
            <label className="field">
              <span className="field__label">{t('questionnaire.builder.list')}</span>
              <select value={v.listName ?? ''} onChange={(e) => set('listName', opt(e.target.value))}>
                <option value="">{t('questionnaire.builder.noList')}</option>
                {q.lists.map((l) => (
                  <option key={l.name} value={l.name}>
                    {l.name} ({l.choices.length})
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="btn btn--secondary btn--small bld-grid__btn" onClick={newList}>
              {t('questionnaire.builder.newList')}
            </button>
          </div>
          {list && users > 1 && <p className="bld-note">{t('questionnaire.builder.sharedList', { count: users })}</p>}
          {list && (
            <table className="bld-table">
              <thead>
                <tr>
                  <th scope="col">{t('questionnaire.codebook.code')}</th>
                  {q.languages.map((l) => (
                    <th scope="col" key={l}>
                      {t('questionnaire.codebook.valueLabel')} <span className="bld-lang__tag">{l}</span>
                    </th>
                  ))}
                  <th scope="col">
                    <span className="visually-hidden">{t('questionnaire.builder.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.choices.map((c, i) => (
                  <tr key={i}>
                    <td>
                      <input
                        type="text"
                        className="bld-code"
                        value={c.code}
                        aria-label={t('questionnaire.builder.codeOf', { n: i + 1 })}
                        onChange={(e) => setChoices(list.choices.map((x, k) => (k === i ? { ...x, code: e.target.value.trim() } : x)))}
                      />
                    </td>
                    {q.languages.map((l) => (
                      <td key={l}>
                        <input
                          type="text"
                          value={c.label[l] ?? ''}
                          aria-label={t('questionnaire.builder.labelOf', { n: i + 1, lang: l })}
                          onChange={(e) => setChoices(list.choices.map((x, k) => (k === i ? { ...x, label: setText(x.label, l, e.target.value) } : x)))}
                        />
                      </td>
                    ))}
                    <td>
                      <button type="button" className="btn btn--ghost btn--small" aria-label={t('questionnaire.builder.removeCode', { code: c.code })} onClick={() => setChoices(list.choices.filter((_, k) => k !== i))}>
                        ×
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {list && (
            <button type="button" className="btn btn--secondary btn--small" onClick={() => setChoices([...list.choices, { code: nextCode(list.choices.map((c) => c.code)), label: {} }])}>
              + {t('questionnaire.builder.addCode')}
            </button>
          )}
        </fieldset>
      )}

      {v.type !== 'note' && v.type !== 'calculated' && (
        <fieldset className="bld-fieldset">
          <legend>{t('questionnaire.builder.missing')}</legend>
          <label className="check">
            <input type="checkbox" checked={missing !== undefined} onChange={(e) => setMissing(e.target.checked ? defaults.map((m) => ({ ...m })) : undefined)} /> {t('questionnaire.builder.ownMissing')}
          </label>
          {missing === undefined ? (
            <p className="bld-note">
              {defaults.length > 0 ? t('questionnaire.builder.defaultMissing', { codes: defaults.map((m) => `${m.code} = ${m.label[lang] ?? ''}`).join(', ') }) : t('questionnaire.builder.noMissing')}
            </p>
          ) : (
            <>
              {missing.map((m, i) => (
                <div key={i} className="bld-missing">
                  <input type="text" className="bld-code" value={m.code} aria-label={t('questionnaire.builder.missingCodeOf', { n: i + 1 })} onChange={(e) => setMissing(missing.map((x, k) => (k === i ? { ...x, code: e.target.value.trim() } : x)))} />
                  <input type="text" value={m.label[lang] ?? ''} aria-label={t('questionnaire.builder.missingLabelOf', { n: i + 1 })} onChange={(e) => setMissing(missing.map((x, k) => (k === i ? { ...x, label: setText(x.label, lang, e.target.value) } : x)))} />
                  <button type="button" className="btn btn--ghost btn--small" aria-label={t('questionnaire.builder.removeCode', { code: m.code })} onClick={() => setMissing(missing.filter((_, k) => k !== i))}>
                    ×
                  </button>
                </div>
              ))}
              <button type="button" className="btn btn--secondary btn--small" onClick={() => setMissing([...missing, { code: '', label: {} }])}>
                + {t('questionnaire.builder.addMissing')}
              </button>
            </>
          )}
        </fieldset>
      )}

      {(isNumber || v.type === 'text') && (
        <fieldset className="bld-fieldset">
          <legend>{t('questionnaire.builder.valid')}</legend>
          <div className="bld-grid">
            {isNumber && (
              <>
                <label className="field">
                  <span className="field__label">{t('questionnaire.builder.min')}</span>
                  <input type="number" value={v.range?.min ?? ''} onChange={(e) => setRange('min', e.target.value)} />
                </label>
                <label className="field">
                  <span className="field__label">{t('questionnaire.builder.max')}</span>
                  <input type="number" value={v.range?.max ?? ''} onChange={(e) => setRange('max', e.target.value)} />
                </label>
              </>
            )}
            {v.type === 'decimal' && (
              <label className="field">
                <span className="field__label">{t('questionnaire.builder.decimals')}</span>
                <input type="number" min={0} max={15} value={v.decimals ?? ''} onChange={(e) => set('decimals', e.target.value === '' ? undefined : Math.max(0, Math.trunc(Number(e.target.value))))} />
              </label>
            )}
            {v.type === 'text' && (
              <label className="field">
                <span className="field__label">{t('questionnaire.builder.maxLength')}</span>
                <input type="number" min={1} value={v.maxLength ?? ''} onChange={(e) => set('maxLength', e.target.value === '' ? undefined : Math.max(1, Math.trunc(Number(e.target.value))))} />
              </label>
            )}
          </div>
        </fieldset>
      )}

      <fieldset className="bld-fieldset">
        <legend>{t('questionnaire.builder.logic')}</legend>
        <p className="bld-note" id={`${id}-syntax`}>{t('questionnaire.builder.syntaxHint')}</p>
        <ExprField label={t('questionnaire.builder.relevant')} value={v.relevant ?? ''} onChange={(s) => set('relevant', opt(s))} q={q} kind="relevant" owner={v.name} position={position} placeholder="${vraag} = '1'" />
        {v.type === 'calculated' ? (
          <ExprField label={t('questionnaire.builder.calculate')} value={v.calculate ?? ''} onChange={(s) => set('calculate', opt(s))} q={q} kind="calculate" owner={v.name} position={position} />
        ) : (
          v.type !== 'note' && (
            <>
              <ExprField label={t('questionnaire.builder.constraint')} value={v.constraint ?? ''} onChange={(s) => set('constraint', opt(s))} q={q} kind="constraint" owner={v.name} position={position} placeholder=". >= 0 and . <= 120" />
              <LangInputs label={t('questionnaire.builder.constraintMessage')} value={v.constraintMessage} languages={q.languages.slice(0, 1)} onChange={(x) => set('constraintMessage', x)} />
              <ExprField label={t('questionnaire.builder.soft')} value={v.softConstraint ?? ''} onChange={(s) => set('softConstraint', opt(s))} q={q} kind="soft" owner={v.name} position={position} />
              <LangInputs label={t('questionnaire.builder.softMessage')} value={v.softConstraintMessage} languages={q.languages.slice(0, 1)} onChange={(x) => set('softConstraintMessage', x)} />
            </>
          )
        )}
      </fieldset>
    </div>
  );
}

/** Props of {@link GroupEditor}. */
export interface GroupEditorProps {
  q: Questionnaire;
  group: Group;
  position: number;
  problems: readonly QuestionnaireProblem[];
  onChange(g: Group): void;
}

/** Edits a group: name, number, label per language and its routing. */
export function GroupEditor({ q, group: g, position, problems, onChange }: GroupEditorProps) {
  const { t } = useTranslation();
  return (
    <div className="bld-form">
      <ItemProblems problems={problems} />
      <div className="bld-grid">
        <label className="field">
          <span className="field__label">{t('questionnaire.builder.groupName')}</span>
          <input type="text" value={g.name} onChange={(e) => onChange({ ...g, name: e.target.value })} spellCheck={false} className="mono" />
        </label>
        <label className="field">
          <span className="field__label">{t('questionnaire.builder.number')}</span>
          <input type="text" value={g.number ?? ''} onChange={(e) => onChange(withOptional(g, 'number', opt(e.target.value)))} />
        </label>
      </div>
      <LangInputs label={t('questionnaire.builder.groupLabel')} value={g.label} languages={q.languages} onChange={(x) => onChange({ ...g, label: x })} />
      <ExprField label={t('questionnaire.builder.relevant')} value={g.relevant ?? ''} onChange={(s) => onChange(withOptional(g, 'relevant', opt(s)))} q={q} kind="groupRelevant" owner={undefined} position={position} />
    </div>
  );
}
