// Audit and derived-variable tabs: the audit filter becomes the channel's input (local days → instants), and checker messages are split into text and position.
import { describe, expect, it } from 'vitest';
import { auditFilterInput, NO_AUDIT_FILTER } from '../../renderer/stores/cleaningSlice';
import { locatedMessage } from '../../renderer/features/cleaning/format';
import { AuditFilterSchema } from '../../shared/contract/cleaning';
import { checkRuleExpression } from '../../shared/cleaning/rules';
import { defaultMissing, type Questionnaire } from '../../shared/domain/questionnaire';

describe('auditFilterInput', () => {
  it('leaves empty fields out and trims the others', () => {
    expect(auditFilterInput(NO_AUDIT_FILTER)).toEqual({});
    expect(auditFilterInput({ ...NO_AUDIT_FILTER, caseId: ' 900001 ', variable: 'groep', operator: '  ', source: 'cleaning', text: ' papier ' })).toEqual({ caseId: '900001', variable: 'groep', source: 'cleaning', text: 'papier' });
  });

  it('turns local days into instants: from = local midnight of that day, to = local midnight after the last day', () => {
    const r = auditFilterInput({ ...NO_AUDIT_FILTER, from: '2014-03-30', to: '2014-03-31' });
    const from = new Date(r.from!);
    const to = new Date(r.to!);
    expect([from.getFullYear(), from.getMonth(), from.getDate(), from.getHours(), from.getMinutes()]).toEqual([2014, 2, 30, 0, 0]);
    expect([to.getFullYear(), to.getMonth(), to.getDate(), to.getHours(), to.getMinutes()]).toEqual([2014, 3, 1, 0, 0]);
    // Two calendar days (one may hold a DST change: 47–49 hours).
    expect(Math.abs((to.getTime() - from.getTime()) / 3_600_000 - 48)).toBeLessThanOrEqual(1);
    // The channel accepts what the form sends, and refuses a bare date.
    expect(AuditFilterSchema.safeParse({ ...r, offset: 0, limit: 200 }).success).toBe(true);
    expect(AuditFilterSchema.safeParse({ from: '2014-03-30' }).success).toBe(false);
    expect(auditFilterInput({ ...NO_AUDIT_FILTER, from: '30-03-2014' })).toEqual({});
  });
});

describe('locatedMessage', () => {
  const q: Questionnaire = {
    id: 't', title: 't', version: '1', languages: ['nl'], defaultLanguage: 'nl', lists: [], missingDefaults: defaultMissing('nl'),
    items: [{ kind: 'variable', variable: { name: 'leeftijd', type: 'integer', label: { nl: 'Leeftijd' }, hint: {}, required: true, constraintMessage: {}, softConstraintMessage: {}, identifier: false } }],
  };

  it('takes the 0-based position off the checker\'s messages (syntax and unknown names)', () => {
    const syntax = checkRuleExpression(q, 'if(${leeftijd} < 35, 1')[0]!;
    expect(locatedMessage(syntax.message)).toEqual({ text: "missing ')' after the arguments of if()", at: 22 });
    const unknown = checkRuleExpression(q, '1 + ${lftd}')[0]!;
    expect(locatedMessage(unknown.message)).toEqual({ text: 'unknown variable ${lftd}', at: 4 });
    expect(locatedMessage('no position here')).toEqual({ text: 'no position here', at: null });
  });
});
