// Edit rules: the list with their example-test status, and the editor (live expression check, severity, message, variables, example cases).
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../stores';
import type { CleaningRules } from '../../stores/cleaningSlice';
import { checkRuleExpression } from '../../../shared/cleaning/rules';
import { SeverityBadge } from './RunSummary';
import { exprIssueText } from '../questionnaire/exprText';

type Rule = CleaningRules['rules'][number];

/** An example case as the editor holds it: `var=value` pairs separated by commas. */
interface ExampleDraft {
  values: string;
  triggers: boolean;
}

interface RuleDraft {
  name: string;
  expression: string;
  message: string;
  severity: 'error' | 'warning';
  variables: string;
  enabled: boolean;
  examples: ExampleDraft[];
}

const EMPTY: RuleDraft = { name: '', expression: '', message: '', severity: 'error', variables: '', enabled: true, examples: [] };

/** Parses `a=1, b=2` into values; undefined when a pair has no `=`. */
export function parseExampleValues(src: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const part of src.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return undefined;
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

function draftOf(r: Rule): RuleDraft {
  return {
    name: r.name, expression: r.expression, message: r.message, severity: r.severity, variables: r.variables.join(', '), enabled: r.enabled,
    examples: r.examples.map((x) => ({ values: Object.entries(x.values).map(([k, v]) => `${k}=${v}`).join(', '), triggers: x.triggers })),
  };
}

/** The rules list and editor. */
export function RulesTab() {
  const { t } = useTranslation();
  const rules = useAppStore((s) => s.cleaningRules);
  const load = useAppStore((s) => s.loadCleaningRules);
  const del = useAppStore((s) => s.deleteCleaningRule);
  const [editing, setEditing] = useState<RuleDraft | null>(null);
  const [confirm, setConfirm] = useState<string | null>(null);

  useEffect(() => {
    if (!rules) void load();
  }, [rules, load]);

  const failed = (name: string) => rules?.ruleTests.filter((f) => f.rule === name).length ?? 0;

  return (
    <section className="cl-rules" aria-labelledby="cl-rules-title">
      <div className="cl-section-head">
        <h2 id="cl-rules-title" className="cl-h2">{t('cleaning.rules.title')}</h2>
        <button type="button" className="btn btn--primary btn--small" onClick={() => setEditing({ ...EMPTY })}>{t('cleaning.rules.add')}</button>
      </div>
      <p className="muted cl-intro">{t('cleaning.rules.intro')}</p>
      {editing && <RuleEditor key={editing.name || '(new)'} initial={editing} isNew={editing.name === '' || !rules?.rules.some((r) => r.name === editing.name)} onDone={() => setEditing(null)} />}
      <div className="table-panel">
        <table className="table cl-rules__table">
          <caption className="visually-hidden">{t('cleaning.rules.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('cleaning.rules.name')}</th>
              <th scope="col">{t('cleaning.col.severity')}</th>
              <th scope="col">{t('cleaning.rules.expression')}</th>
              <th scope="col">{t('cleaning.rules.message')}</th>
              <th scope="col">{t('cleaning.rules.tests')}</th>
              <th scope="col"><span className="visually-hidden">{t('cleaning.case.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {rules === null && <tr><td colSpan={6} className="muted">{t('cleaning.list.loading')}</td></tr>}
            {rules && rules.rules.length === 0 && <tr><td colSpan={6} className="muted">{t('cleaning.rules.none')}</td></tr>}
            {rules?.rules.map((r) => {
              const f = failed(r.name);
              return (
                <tr key={r.name} className={r.enabled ? undefined : 'cl-disabled'}>
                  <th scope="row"><code>{r.name}</code>{!r.enabled && <span className="badge badge--muted cl-off">{t('cleaning.rules.off')}</span>}</th>
                  <td><SeverityBadge severity={r.severity} /></td>
                  <td><code className="cl-expr">{r.expression}</code></td>
                  <td>{r.message}</td>
                  <td>
                    {r.examples.length === 0 ? <span className="muted">{t('cleaning.rules.noExamples')}</span>
                      : f > 0 ? <span className="cl-sev cl-sev--error">{t('cleaning.rules.testsFail', { count: f, total: r.examples.length })}</span>
                      : <span className="badge badge--ok">{t('cleaning.rules.testsPass', { count: r.examples.length })}</span>}
                  </td>
                  <td className="cl-rowactions">
                    <button type="button" className="btn btn--secondary btn--small" aria-label={t('cleaning.rules.editLabel', { name: r.name })} onClick={() => setEditing(draftOf(r))}>{t('cleaning.rules.edit')}</button>
                    {confirm === r.name ? (
                      <button type="button" className="btn btn--small cl-danger-primary" onClick={() => void del(r.name).then(() => setConfirm(null))}>{t('cleaning.rules.confirmDelete')}</button>
                    ) : (
                      <button type="button" className="btn btn--secondary btn--small" aria-label={t('cleaning.rules.deleteLabel', { name: r.name })} onClick={() => setConfirm(r.name)}>{t('cleaning.rules.delete')}</button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The editor of one rule; the expression is checked against the questionnaire while typing. */
function RuleEditor({ initial, isNew, onDone }: { initial: RuleDraft; isNew: boolean; onDone(): void }) {
  const { t } = useTranslation();
  const q = useAppStore((s) => s.qState?.questionnaire);
  const busy = useAppStore((s) => s.cleaningBusy);
  const save = useAppStore((s) => s.saveCleaningRule);
  const [d, setD] = useState<RuleDraft>(initial);
  const [failures, setFailures] = useState<CleaningRules['ruleTests'] | null>(null);
  const id = useId();
  const patch = (p: Partial<RuleDraft>) => setD((x) => ({ ...x, ...p }));

  const findings = useMemo(() => (q && d.expression.trim() ? checkRuleExpression(q, d.expression) : []), [q, d.expression]);
  const errors = findings.filter((f) => !f.message.startsWith('warning:'));
  const badExample = d.examples.findIndex((x) => parseExampleValues(x.values) === undefined);
  const canSave = d.name.trim() !== '' && d.expression.trim() !== '' && d.message.trim() !== '' && errors.length === 0 && badExample < 0;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!canSave) return;
    const f = await save({
      name: d.name.trim(), expression: d.expression.trim(), message: d.message.trim(), severity: d.severity, enabled: d.enabled,
      variables: d.variables.split(',').map((v) => v.trim()).filter((v) => v !== ''),
      examples: d.examples.map((x) => ({ values: parseExampleValues(x.values) ?? {}, triggers: x.triggers })),
    });
    if (f === null) return;
    if (f.length === 0) onDone();
    else setFailures(f);
  };

  return (
    <form className="card cl-editor" aria-labelledby={`${id}-t`} onSubmit={(e) => void submit(e)} noValidate>
      <h3 id={`${id}-t`} className="card__title">{isNew ? t('cleaning.rules.newTitle') : t('cleaning.rules.editTitle', { name: d.name })}</h3>
      <div className="cl-editor__grid">
        <div className="cl-field">
          <label htmlFor={`${id}-n`}>{t('cleaning.rules.name')}</label>
          <input id={`${id}-n`} type="text" className="mono" value={d.name} readOnly={!isNew} maxLength={64} onChange={(e) => patch({ name: e.target.value })} />
        </div>
        <div className="cl-field">
          <label htmlFor={`${id}-s`}>{t('cleaning.col.severity')}</label>
          <select id={`${id}-s`} value={d.severity} onChange={(e) => patch({ severity: e.target.value as RuleDraft['severity'] })}>
            <option value="error">{t('cleaning.severity.error')}</option>
            <option value="warning">{t('cleaning.severity.warning')}</option>
          </select>
        </div>
        <label className="cl-check cl-editor__enabled"><input type="checkbox" checked={d.enabled} onChange={(e) => patch({ enabled: e.target.checked })} /> {t('cleaning.rules.enabled')}</label>
      </div>
      <div className="cl-field">
        <label htmlFor={`${id}-e`}>{t('cleaning.rules.expression')}</label>
        <textarea id={`${id}-e`} className="mono" rows={2} value={d.expression} spellCheck={false} aria-invalid={errors.length > 0} aria-describedby={`${id}-ec`} onChange={(e) => patch({ expression: e.target.value })} />
        <div id={`${id}-ec`} className="cl-field__hint" aria-live="polite">
          {d.expression.trim() === '' ? t('cleaning.rules.expressionHint')
            : findings.length === 0 ? <span className="cl-ok">{t('cleaning.rules.expressionOk')}</span>
            : <ul className="cl-findings">{findings.map((f, i) => {
              const warning = f.message.startsWith('warning:');
              const text = exprIssueText(f, t);
              return <li key={i} className={warning ? 'cl-finding--warn' : 'cl-finding--error'}>{text === null ? f.message : `${warning ? `${t('questionnaire.builder.exprWarning')}: ` : ''}${text}`}</li>;
            })}</ul>}
        </div>
      </div>
      <div className="cl-field">
        <label htmlFor={`${id}-m`}>{t('cleaning.rules.message')}</label>
        <input id={`${id}-m`} type="text" value={d.message} maxLength={1000} onChange={(e) => patch({ message: e.target.value })} />
      </div>
      <div className="cl-field">
        <label htmlFor={`${id}-v`}>{t('cleaning.rules.variables')}</label>
        <input id={`${id}-v`} type="text" className="mono" value={d.variables} aria-describedby={`${id}-vh`} onChange={(e) => patch({ variables: e.target.value })} />
        <span id={`${id}-vh`} className="cl-field__hint">{t('cleaning.rules.variablesHint')}</span>
      </div>
      <fieldset className="cl-examples">
        <legend>{t('cleaning.rules.examples')}</legend>
        <p className="cl-field__hint">{t('cleaning.rules.examplesHint')}</p>
        {d.examples.map((x, i) => (
          <div key={i} className="cl-example">
            <input
              type="text"
              className="mono"
              aria-label={t('cleaning.rules.exampleValues', { n: i + 1 })}
              aria-invalid={parseExampleValues(x.values) === undefined}
              value={x.values}
              placeholder="toestemming=1, jaren_functie=45"
              onChange={(e) => patch({ examples: d.examples.map((y, j) => (j === i ? { ...y, values: e.target.value } : y)) })}
            />
            <select aria-label={t('cleaning.rules.exampleExpect', { n: i + 1 })} value={x.triggers ? 'yes' : 'no'} onChange={(e) => patch({ examples: d.examples.map((y, j) => (j === i ? { ...y, triggers: e.target.value === 'yes' } : y)) })}>
              <option value="yes">{t('cleaning.rules.triggers')}</option>
              <option value="no">{t('cleaning.rules.notTriggers')}</option>
            </select>
            <button type="button" className="btn btn--secondary btn--small" aria-label={t('cleaning.rules.removeExample', { n: i + 1 })} onClick={() => patch({ examples: d.examples.filter((_, j) => j !== i) })}>×</button>
          </div>
        ))}
        <button type="button" className="btn btn--secondary btn--small cl-examples__add" onClick={() => patch({ examples: [...d.examples, { values: '', triggers: true }] })}>{t('cleaning.rules.addExample')}</button>
      </fieldset>
      {failures && failures.length > 0 && (
        <div className="cl-testfail" role="alert">
          <strong>{t('cleaning.rules.savedWithFailures', { count: failures.length })}</strong>
          <ul>{failures.map((f, i) => <li key={i}>{t('cleaning.run.testFailure', { example: f.example + 1, expected: t(f.expected ? 'cleaning.rules.triggers' : 'cleaning.rules.notTriggers'), actual: t(f.actual ? 'cleaning.rules.triggers' : 'cleaning.rules.notTriggers') })}</li>)}</ul>
        </div>
      )}
      <div className="button-row">
        <button type="submit" className="btn btn--primary" disabled={!canSave || busy}>{t('cleaning.rules.save')}</button>
        <button type="button" className="btn btn--secondary" onClick={onDone}>{failures ? t('common.close') : t('common.cancel')}</button>
      </div>
    </form>
  );
}
