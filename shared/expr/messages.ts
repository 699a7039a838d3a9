// The problems of the expression language by stable key: the English text (CLI, logs, stored messages) is made here
// from the key and its parameters; the renderer shows the same key in the UI language (i18n `expr.<key>`).

/** Parameters of a problem's message (names, tokens, counts); the same names are used in the i18n texts. */
export type ExprMessageParams = Record<string, string | number>;

/**
 * The English text of each problem, key → text from parameters. Syntax problems (lexer.ts, parser.ts) are under
 * `syntax.`, the static check (check.ts, the builder's live check) under `check.`.
 */
export const EXPR_MESSAGES = {
  // lexer.ts
  'syntax.braceAfterDollar': () => "expected '{' after '$'",
  'syntax.unterminatedRef': () => "unterminated '${' (missing '}')",
  'syntax.badRef': (p) => `'${p.text}' is not a variable reference`,
  'syntax.unterminatedString': () => 'unterminated string',
  'syntax.unexpectedChar': (p) => `unexpected character '${p.char}'`,
  // parser.ts
  'syntax.unmatchedParen': () => "unmatched ')'",
  'syntax.trailing': (p) => `unexpected '${p.token}' after a complete expression`,
  'syntax.emptyParens': () => 'empty parentheses',
  'syntax.missingParen': () => "missing ')'",
  'syntax.expectedParen': (p) => `expected ')' but found '${p.found}'`,
  'syntax.endsEarly': () => 'expression ends too early',
  'syntax.unexpected': (p) => `unexpected '${p.token}'`,
  'syntax.unknownName': (p) => `unknown name '${p.name}' (write a variable as \${${p.name}})`,
  'syntax.unknownFunction': (p) => `unknown function '${p.name}'`,
  'syntax.missingArgsParen': (p) => `missing ')' after the arguments of ${p.fn}()`,
  'syntax.expectedCommaOrParen': (p) => `expected ',' or ')' but found '${p.found}'`,
  'syntax.argCountAtLeast': (p) => `${p.fn}() takes at least ${p.min} arguments, got ${p.got}`,
  'syntax.argCountExact': (p) => `${p.fn}() takes ${p.count} argument${p.count === 1 ? '' : 's'}, got ${p.got}`,
  'syntax.argCountRange': (p) => `${p.fn}() takes ${p.min} to ${p.max} arguments, got ${p.got}`,
  // check.ts checkExpr
  'check.numberNotChoices': (p) => `type mismatch: ${p.op} needs a number, not a multiple choice (use selected() or count-selected())`,
  'check.numberNotLiteral': (p) => `type mismatch: ${p.op} needs a number, not the text '${p.text}'`,
  'check.numberNotText': (p) => `type mismatch: ${p.op} needs a number, not a text`,
  'check.codeNotInList': (p) => `code ${p.code} is not a code of ${p.variable}`,
  'check.selfHere': () => "'.' (the current value) has no meaning here",
  'check.unknownVariable': (p) => `unknown variable \${${p.name}}`,
  'check.noteNoValue': (p) => `\${${p.name}} is a note and has no value`,
  'check.compareChoices': () => 'type mismatch: compare a multiple choice with selected(), not = or !=',
  'check.choiceNeeded': (p) => `type mismatch: ${p.fn}() needs a choice variable`,
  'check.badRegex': (p) => `invalid regular expression: ${p.detail}`,
  // check.ts checkExpressions (a whole questionnaire) and the builder's live check (renderer exprCheck.ts)
  'check.routingLater': (p) => `routing refers to \${${p.name}}, which comes later in the questionnaire`,
  'check.routingHere': (p) => `routing refers to \${${p.name}}, which comes at this question`,
  'check.checkLater': (p) => `check refers to \${${p.name}}, which comes later in the questionnaire`,
  'check.refLater': (p) => `\${${p.name}} comes later in the questionnaire`,
  'check.refHere': (p) => `\${${p.name}} comes at this question`,
  'check.cycleCalc': (p) => `cycle among calculations: ${p.path}`,
  'check.cycleRouting': (p) => `cycle among calculations and routing: ${p.path}`,
} as const satisfies Record<string, (p: ExprMessageParams) => string>;

/** The stable key of an expression problem (i18n key `expr.<key>` in the renderer). */
export type ExprMessageKey = keyof typeof EXPR_MESSAGES;

/** Every problem key, for tests that check each has a text in every UI language. */
export const EXPR_MESSAGE_KEYS = Object.keys(EXPR_MESSAGES) as ExprMessageKey[];

/**
 * The English text of a problem.
 * @param key the problem
 * @param params its values (missing ones print as `undefined`)
 * @returns the text, without position
 */
export function exprMessage(key: ExprMessageKey, params: ExprMessageParams = {}): string {
  return (EXPR_MESSAGES[key] as (p: ExprMessageParams) => string)(params);
}
