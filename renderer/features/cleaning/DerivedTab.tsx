// Derived variables: the list (name, label, expression, value labels) and the editor (live expression check with the position of each problem, value labels one per line), and what the last definition computed.
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useAppStore } from '../../stores';
import type { DerivedRow } from '../../stores/cleaningSlice';
import { locatedMessage } from './format';
import { exprProblemText, isExprMessageKey } from '../questionnaire/exprText';
import { formatValueLabelsText, parseValueLabelsText, type ValueLabelLineError } from './valueLabelsText';
import { checkRuleExpression } from '../../../shared/cleaning/rules';
import { nameClashText } from './derivedNameText';

/** A derived variable's name: a letter, then letters, digits and _ (as the backend checks it). */
const NAME_RE = /^[A-Za-z][A-Za-z0-9_]*$/;


/** The list of derived variables and the editor. */
export function DerivedTab() {
  const { t } = useTranslation();
  const derived = useAppStore((s) => s.cleaningDerived);
  const load = useAppStore((s) => s.loadDerived);
  const del = useAppStore((s) => s.deleteDerived);
  const preview = useAppStore((s) => s.derivedPreview);
  const [editing, setEditing] = useState<{ row: DerivedRow; isNew: boolean } | null>(null);
  const [confirm, setConfirm] = useState<string | null>(null);

  useEffect(() => {
    if (!derived) void load();
  }, [derived, load]);

  return (
    <section className="cl-derived" aria-labelledby="cl-derived-title">
      <div className="cl-section-head">
        <h2 id="cl-derived-title" className="cl-h2">{t('cleaning.derived.title')}</h2>
        <button type="button" className="btn btn--primary btn--small" onClick={() => setEditing({ row: { name: '', label: '', expression: '', valueLabels: [] }, isNew: true })}>{t('cleaning.derived.add')}</button>
      </div>
      <p className="muted cl-intro">{t('cleaning.derived.intro')}</p>
      {editing && <DerivedEditor key={editing.row.name || '(new)'} initial={editing.row} isNew={editing.isNew} onDone={() => setEditing(null)} />}
      {preview && <DerivedResult />}
      <div className="table-panel">
        <table className="table cl-rules__table">
          <caption className="visually-hidden">{t('cleaning.derived.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('cleaning.derived.name')}</th>
              <th scope="col">{t('cleaning.derived.label')}</th>
              <th scope="col">{t('cleaning.derived.expression')}</th>
              <th scope="col">{t('cleaning.derived.valueLabels')}</th>
              <th scope="col"><span className="visually-hidden">{t('cleaning.case.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {derived === null && <tr><td colSpan={5} className="muted">{t('cleaning.list.loading')}</td></tr>}
            {derived && derived.length === 0 && <tr><td colSpan={5} className="muted">{t('cleaning.derived.none')}</td></tr>}
            {derived?.map((d) => (
              <tr key={d.name}>
                <th scope="row"><code>{d.name}</code></th>
                <td>{d.label || <span className="muted">{t('cleaning.derived.noLabel')}</span>}</td>
                <td><code className="cl-expr">{d.expression}</code></td>
                <td>{d.valueLabels && d.valueLabels.length > 0 ? d.valueLabels.map((l) => `${l.code} = ${l.label}`).join('; ') : <span className="muted">{t('cleaning.derived.noValueLabels')}</span>}</td>
                <td className="cl-rowactions">
                  <button type="button" className="btn btn--secondary btn--small" aria-label={t('cleaning.derived.editLabel', { name: d.name })} onClick={() => setEditing({ row: d, isNew: false })}>{t('cleaning.rules.edit')}</button>
                  {confirm === d.name ? (
                    <button type="button" className="btn btn--small cl-danger-primary" onClick={() => void del(d.name).then(() => setConfirm(null))}>{t('cleaning.rules.confirmDelete')}</button>
                  ) : (
                    <button type="button" className="btn btn--secondary btn--small" aria-label={t('cleaning.derived.deleteLabel', { name: d.name })} onClick={() => setConfirm(d.name)}>{t('cleaning.rules.delete')}</button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** What the last saved definition computed: cases, how many got a value, the most frequent values. */
function DerivedResult() {
  const { t, i18n } = useTranslation();
  const p = useAppStore((s) => s.derivedPreview);
  const derived = useAppStore((s) => s.cleaningDerived);
  if (!p) return null;
  const nf = new Intl.NumberFormat(i18n.resolvedLanguage ?? 'nl');
  const labels = new Map((derived?.find((d) => d.name === p.name)?.valueLabels ?? []).map((l) => [l.code, l.label]));
  return (
    <div className="card cl-derived__result" role="status" aria-labelledby="cl-derived-result">
      <h3 id="cl-derived-result" className="card__title">{t('cleaning.derived.recomputed', { name: p.name, count: p.cases, cases: nf.format(p.cases), filled: nf.format(p.filled) })}</h3>
      {p.values.length > 0 && (
        <table className="table cl-derived__values">
          <caption className="visually-hidden">{t('cleaning.derived.valuesCaption', { name: p.name })}</caption>
          <thead><tr><th scope="col">{t('cleaning.derived.value')}</th>{labels.size > 0 && <th scope="col">{t('cleaning.derived.valueLabel')}</th>}<th scope="col">{t('cleaning.derived.count')}</th></tr></thead>
          <tbody>{p.values.slice(0, 12).map((v) => <tr key={v.value}><td className="mono">{v.value}</td>{labels.size > 0 && <td>{labels.get(v.value) ?? <span className="muted">{t('cleaning.derived.unlabelled')}</span>}</td>}<td className="num">{nf.format(v.count)}</td></tr>)}</tbody>
        </table>
      )}
    </div>
  );
}

/** Shows an expression with a caret under position `at` (0-based). */
function Caret({ expression, at }: { expression: string; at: number }) {
  const line = expression.slice(0, at).lastIndexOf('\n') + 1;
  const end = expression.indexOf('\n', at);
  const text = expression.slice(line, end < 0 ? undefined : end);
  return (
    <pre className="cl-caret" aria-hidden="true">{text}{'\n'}{' '.repeat(Math.max(0, at - line))}^</pre>
  );
}

/** The message of a value-label line that cannot be read, with its line number. */
function lineErrorText(t: TFunction, e: ValueLabelLineError): string {
  switch (e.problem) {
    case 'noEquals': return t('cleaning.derived.valueLabelsError.noEquals', { line: e.line });
    case 'noCode': return t('cleaning.derived.valueLabelsError.noCode', { line: e.line });
    case 'noLabel': return t('cleaning.derived.valueLabelsError.noLabel', { line: e.line, code: e.code });
    case 'duplicate': return t('cleaning.derived.valueLabelsError.duplicate', { line: e.line, code: e.code, first: e.firstLine ?? 0 });
  }
}

/** The editor of one derived variable; the expression is checked against the questionnaire and the variables defined before it while typing. */
function DerivedEditor({ initial, isNew, onDone }: { initial: DerivedRow; isNew: boolean; onDone(): void }) {
  const { t } = useTranslation();
  const q = useAppStore((s) => s.qState?.questionnaire);
  const derived = useAppStore((s) => s.cleaningDerived);
  const busy = useAppStore((s) => s.cleaningBusy);
  const save = useAppStore((s) => s.saveDerived);
  const [d, setD] = useState<DerivedRow>(initial);
  const [labelsText, setLabelsText] = useState(() => formatValueLabelsText(initial.valueLabels));
  const parsedLabels = useMemo(() => parseValueLabelsText(labelsText), [labelsText]);
  const id = useId();

  // A derived variable reads the questionnaire and the derived variables defined before it (a new one goes last).
  const earlier = useMemo(() => {
    const names = (derived ?? []).map((x) => x.name);
    const i = names.indexOf(initial.name);
    return isNew || i < 0 ? names : names.slice(0, i);
  }, [derived, initial.name, isNew]);
  const findings = useMemo(() => (q && d.expression.trim() ? checkRuleExpression(q, d.expression, earlier) : []), [q, d.expression, earlier]);
  const errors = findings.filter((f) => !f.message.startsWith('warning:'));
  const name = d.name.trim();
  const nameProblem = name === '' ? null
    : !NAME_RE.test(name) ? t('cleaning.derived.nameInvalid')
    : isNew ? nameClashText(t, name, q, (derived ?? []).map((x) => x.name))
    : null;
  const canSave = name !== '' && nameProblem === null && d.expression.trim() !== '' && errors.length === 0 && parsedLabels.errors.length === 0;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!canSave) return;
    if (await save({ name, expression: d.expression.trim(), label: d.label.trim(), valueLabels: parsedLabels.labels })) onDone();
  };

  return (
    <form className="card cl-editor" aria-labelledby={`${id}-t`} onSubmit={(e) => void submit(e)} noValidate>
      <h3 id={`${id}-t`} className="card__title">{isNew ? t('cleaning.derived.newTitle') : t('cleaning.derived.editTitle', { name: d.name })}</h3>
      <div className="cl-editor__grid">
        <div className="cl-field">
          <label htmlFor={`${id}-n`}>{t('cleaning.derived.name')}</label>
          <input id={`${id}-n`} type="text" className="mono" value={d.name} readOnly={!isNew} maxLength={64} aria-invalid={nameProblem !== null} aria-describedby={`${id}-nh`} onChange={(e) => setD({ ...d, name: e.target.value })} />
          <span id={`${id}-nh`} className={nameProblem ? 'cl-field__error' : 'cl-field__hint'}>{nameProblem ?? t('cleaning.derived.nameHint')}</span>
        </div>
        <div className="cl-field">
          <label htmlFor={`${id}-l`}>{t('cleaning.derived.label')}</label>
          <input id={`${id}-l`} type="text" value={d.label} maxLength={500} onChange={(e) => setD({ ...d, label: e.target.value })} />
        </div>
      </div>
      <div className="cl-field">
        <label htmlFor={`${id}-e`}>{t('cleaning.derived.expression')}</label>
        <textarea id={`${id}-e`} className="mono" rows={3} value={d.expression} spellCheck={false} aria-invalid={errors.length > 0} aria-describedby={`${id}-ec`} onChange={(e) => setD({ ...d, expression: e.target.value })} />
        <div id={`${id}-ec`} className="cl-field__hint" aria-live="polite">
          {d.expression.trim() === '' ? t('cleaning.derived.expressionHint')
            : findings.length === 0 ? <span className="cl-ok">{t('cleaning.rules.expressionOk')}</span>
            : (
              <ul className="cl-findings">
                {findings.map((f, i) => {
                  const located = locatedMessage(f.message);
                  const warning = f.message.startsWith('warning:');
                  // The problem's key (checkRuleExpression: reason expr.<key>, params.at) gives it in the UI language.
                  const key = f.reason?.slice('expr.'.length);
                  const { at: _at, ...values } = f.params ?? {};
                  void _at;
                  const text = isExprMessageKey(key) ? `${warning ? `${t('questionnaire.builder.exprWarning')}: ` : ''}${exprProblemText(key, values, t)}` : located.text;
                  const at = located.at;
                  return (
                    <li key={i} className={warning ? 'cl-finding--warn' : 'cl-finding--error'}>
                      {at === null ? text : t('cleaning.derived.atPosition', { message: text, position: at + 1 })}
                      {at !== null && <Caret expression={d.expression} at={at} />}
                    </li>
                  );
                })}
              </ul>
            )}
        </div>
      </div>
      <div className="cl-field">
        <label htmlFor={`${id}-v`}>{t('cleaning.derived.valueLabels')}</label>
        <textarea id={`${id}-v`} className="mono" rows={Math.min(10, Math.max(3, labelsText.split('\n').length + 1))} value={labelsText} spellCheck={false} aria-invalid={parsedLabels.errors.length > 0} aria-describedby={`${id}-vh`} onChange={(e) => setLabelsText(e.target.value)} />
        <div id={`${id}-vh`} className="cl-field__hint" aria-live="polite">
          {parsedLabels.errors.length === 0 ? t('cleaning.derived.valueLabelsHint')
            : (
              <ul className="cl-findings">
                {parsedLabels.errors.map((e) => <li key={e.line} className="cl-finding--error">{lineErrorText(t, e)}</li>)}
              </ul>
            )}
        </div>
      </div>
      <div className="button-row">
        <button type="submit" className="btn btn--primary" disabled={!canSave || busy}>{t('cleaning.derived.save')}</button>
        <button type="button" className="btn btn--secondary" onClick={onDone}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}
