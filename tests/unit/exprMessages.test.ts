// Expression problems by stable key: every problem the lexer, parser and checks can report has a key with a Dutch
// and an English text, the English text of the key is the message the CLI shows, and the UI shows it in its language.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import i18next, { type TFunction, type i18n as I18n } from 'i18next';
import nl from '../../renderer/i18n/nl.json';
import en from '../../renderer/i18n/en.json';
import { EXPR_MESSAGE_KEYS, exprMessage, type ExprMessageKey } from '../../shared/expr/messages';
import { tryParse } from '../../shared/expr/parser';
import { checkExpr, checkExpressions } from '../../shared/expr/check';
import { checkRuleExpression } from '../../shared/cleaning/rules';
import { defaultMissing, type Item, type Questionnaire, type Variable } from '../../shared/domain/questionnaire';
import { checkExpression } from '../../renderer/features/questionnaire/exprCheck';
import { exprIssueText, exprProblemText } from '../../renderer/features/questionnaire/exprText';
import { ExprField } from '../../renderer/features/questionnaire/ExprField';
import { localizeError } from '../../renderer/api/errorText';

function v(name: string, type: Variable['type'], extra: Partial<Variable> = {}): Item {
  return { kind: 'variable', variable: { name, type, label: { nl: name }, hint: {}, required: false, constraintMessage: {}, softConstraintMessage: {}, identifier: false, ...extra } };
}
function q(items: Item[]): Questionnaire {
  return {
    id: 't', title: 't', version: '1', languages: ['nl'], defaultLanguage: 'nl', items,
    lists: [{ name: 'jn', choices: [{ code: '1', label: { nl: 'ja' } }, { code: '2', label: { nl: 'nee' } }] }],
    missingDefaults: defaultMissing('nl'),
  };
}
const scope = {
  lookup: (n: string) =>
    ({ a: { type: 'single', index: 0, codes: new Set(['1', '2']) }, m: { type: 'multiple', index: 1 }, t: { type: 'text', index: 2 }, n: { type: 'integer', index: 3 }, note1: { type: 'note', index: 4 } } as const)[n as 'a'],
};

/** One source per syntax problem. */
const SYNTAX: Record<string, string> = {
  'syntax.braceAfterDollar': '$a = 1',
  'syntax.unterminatedRef': '${a = 1',
  'syntax.badRef': '${1a} = 1',
  'syntax.unterminatedString': "${a} = 'ja",
  'syntax.unexpectedChar': '1 # 2',
  'syntax.unmatchedParen': '1)',
  'syntax.trailing': '1 2',
  'syntax.emptyParens': '()',
  'syntax.missingParen': '(1',
  'syntax.expectedParen': '(1 2',
  'syntax.endsEarly': "if(${geslacht} = '2', 1,",
  'syntax.unexpected': '+ 1',
  'syntax.unknownName': 'leeftijd > 1',
  'syntax.unknownFunction': 'foo(1)',
  'syntax.missingArgsParen': 'if(1, 2',
  'syntax.expectedCommaOrParen': 'if(1 2)',
  'syntax.argCountAtLeast': 'sum()',
  'syntax.argCountExact': 'not(1, 2)',
  'syntax.argCountRange': 'round(1, 2, 3)',
};
/** One source per problem of checkExpr. */
const CHECK: Record<string, string> = {
  'check.numberNotChoices': '${m} + 1',
  'check.numberNotLiteral': "${n} > 'abc'",
  'check.numberNotText': '${t} + 1',
  'check.codeNotInList': "${a} = '7'",
  'check.selfHere': '. > 1',
  'check.unknownVariable': '${zz} = 1',
  'check.noteNoValue': '${note1} = 1',
  'check.compareChoices': "${m} = '1'",
  'check.choiceNeeded': "selected(${n}, '1')",
  'check.badRegex': "regex(${t}, '(')",
};

/** Every key the code reports for the examples above, plus whole questionnaires and the builder's live check. */
function reportedKeys(): Map<string, Record<string, string | number>> {
  const out = new Map<string, Record<string, string | number>>();
  for (const src of Object.values(SYNTAX)) {
    const r = tryParse(src);
    if (!r.ok) out.set(r.error.key, r.error.params);
  }
  for (const src of Object.values(CHECK)) {
    const r = tryParse(src);
    if (r.ok) for (const p of checkExpr(r.expr, scope)) out.set(p.key, p.params);
  }
  const whole = [
    q([v('a', 'single', { listName: 'jn', relevant: "${b} = '1' and ${a} = '1'" }), v('b', 'integer', { constraint: '. < ${c}' }), v('c', 'integer')]),
    q([v('c1', 'calculated', { calculate: '${c2} + 1' }), v('c2', 'calculated', { calculate: '${c1} + 1' })]),
    q([{ kind: 'group', group: { name: 'g', label: {}, hint: {}, relevant: "${c} = '1'" }, items: [v('c', 'single', { listName: 'jn' })] }]),
  ];
  for (const x of whole) for (const p of checkExpressions(x)) if (p.key !== undefined) out.set(p.key, p.params ?? {});
  const live = q([v('a', 'single', { listName: 'jn' }), v('b', 'single', { listName: 'jn' })]);
  for (const f of checkExpression("${b} = '1' and ${a} = '1'", live, 'relevant', 'a', 0)) out.set(f.key, f.params);
  return out;
}

function textOf(res: unknown, key: string): string | undefined {
  const parts = `expr.${key}`.split('.');
  let at: unknown = res;
  for (const p of parts.slice(0, -1)) at = (at as Record<string, unknown>)[p];
  const obj = at as Record<string, unknown>;
  const last = parts[parts.length - 1]!;
  const x = obj[last] ?? obj[`${last}_other`];
  return typeof x === 'string' ? x : undefined;
}

let i18n: I18n;
let tNl: TFunction;
let tEn: TFunction;
beforeAll(async () => {
  i18n = i18next.createInstance();
  await i18n.init({ resources: { nl: { translation: nl }, en: { translation: en } }, lng: 'nl', fallbackLng: 'nl', interpolation: { escapeValue: false } });
  tNl = i18n.getFixedT('nl');
  tEn = i18n.getFixedT('en');
});

describe('expression problems by key', () => {
  it('the lexer, parser and checks report every key, and only keys of the table', () => {
    const seen = reportedKeys();
    expect([...seen.keys()].sort()).toEqual([...EXPR_MESSAGE_KEYS].sort());
  });

  it('every key has a Dutch and an English text (plural forms where the count is a parameter)', () => {
    for (const key of EXPR_MESSAGE_KEYS) {
      expect(textOf(nl, key), `nl expr.${key}`).toBeTruthy();
      expect(textOf(en, key), `en expr.${key}`).toBeTruthy();
    }
  });

  it('each text names only values the problem gives, and the English UI text is the CLI message', () => {
    for (const [key, params] of reportedKeys()) {
      const k = key as ExprMessageKey;
      for (const res of [nl, en]) {
        const names = [...(textOf(res, k) ?? '').matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!);
        for (const n of names) expect(n === 'ref' ? params.name : params[n], `${key}: {{${n}}}`).toBeDefined();
      }
      expect(exprProblemText(k, params, tEn)).toBe(exprMessage(k, params));
      expect(exprProblemText(k, params, tNl)).not.toBe(exprMessage(k, params));
    }
  });

  it("the tester's expression reads in Dutch with its position, in English as before", () => {
    const r = tryParse("if(${geslacht} = '2', 1,");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ key: 'syntax.endsEarly', message: 'expression ends too early', span: { start: 24 } });
    const issue = checkRuleExpression(q([v('geslacht', 'single', { listName: 'jn' })]), "if(${geslacht} = '2', 1,")[0]!;
    expect(issue).toMatchObject({ message: 'expression ends too early (at 24)', reason: 'expr.syntax.endsEarly', params: { at: 24 } });
    expect(exprIssueText(issue, tNl)).toBe('de expressie houdt te vroeg op (positie 25)');
    expect(exprIssueText(issue, tEn)).toBe('expression ends too early (position 25)');
    expect(exprProblemText('syntax.argCountExact', { fn: 'not', count: 1, got: 2 }, tNl)).toBe('not() heeft 1 argument nodig, gekregen: 2');
    expect(exprProblemText('check.unknownVariable', { name: 'zz' }, tNl)).toBe('onbekende variabele ${zz}');
  });

  it('a refused rule (EXPRESSION_ERROR from the backend) is shown in Dutch', () => {
    const issues = checkRuleExpression(q([v('a', 'integer')]), '${a} > ${b}').map((i) => ({ ...i, path: ['expression'] }));
    const shown = localizeError({ code: 'EXPRESSION_ERROR', message: `Rule r: ${issues[0]!.message}`, issues }, tNl);
    expect(shown.message).toBe('onbekende variabele ${b} (positie 8)');
  });

  it('the builder field shows the problem in Dutch', () => {
    const el = createElement(I18nextProvider, { i18n }, createElement(ExprField, {
      label: 'Routering', value: '${a} = ', onChange: () => undefined, q: q([v('a', 'integer')]), kind: 'relevant', owner: undefined, position: 1,
    }));
    const html = renderToStaticMarkup(el);
    expect(html).toContain('de expressie houdt te vroeg op');
    expect(html).not.toContain('ends too early');
  });
});

describe('questionnaire problems from an XLSForm or the builder', () => {
  it('carry the key, and the problem table text is Dutch with the item and position', async () => {
    const { problemIssue } = await import('../../electron/backend/services/questionnaire');
    const probs = checkExpressions(q([v('a', 'integer', { constraint: '. >= 1 and' })]));
    const issue = problemIssue(probs[0]!);
    expect(issue).toMatchObject({ message: 'a: syntax error: expression ends too early (at character 11)', reason: 'expr.syntax.endsEarly', params: { at: 10, subject: 'a' } });
    expect(exprIssueText(issue, tNl)).toBe('a: de expressie houdt te vroeg op (positie 11)');
  });
});
