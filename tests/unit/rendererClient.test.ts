// renderer/api: invoke over a transport (typed output, ApiError on {ok:false}) and the HTTP transport's wire format.
import { afterEach, describe, expect, it } from 'vitest';
import { invoke, setTransport, ApiError } from '../../renderer/api/client';
import { createHttpTransport, TOKEN_HEADER } from '../../renderer/api/httpTransport';
import { fail, ok, type Result } from '../../shared/contract/result';
import type { Transport } from '../../renderer/api/transport';

function fake(answer: (channel: string, input: unknown) => Result<unknown>): Transport & { calls: [string, unknown][] } {
  const calls: [string, unknown][] = [];
  return {
    kind: 'ipc',
    calls,
    async call(channel, input) {
      calls.push([channel, input]);
      return answer(channel, input);
    },
  };
}

afterEach(() => setTransport(fake(() => fail('INTERNAL', 'no transport'))));

describe('invoke', () => {
  it('returns the parsed output of a successful call', async () => {
    const t = fake(() => ok({ total: 1, rows: [{ id: 1, caseId: 'A1', status: 'open', batch: null, updatedAt: '2014-01-01T00:00:00Z' }] }));
    setTransport(t);
    const page = await invoke('case.list', { offset: 0, limit: 10 });
    expect(page.rows[0]?.caseId).toBe('A1');
    expect(t.calls).toEqual([['case.list', { offset: 0, limit: 10 }]]);
  });

  it('throws an ApiError carrying code, message and issues on {ok:false}', async () => {
    setTransport(fake(() => fail('INVALID_INPUT', 'bad path', [{ message: 'too long', path: ['path'] }])));
    const err = await invoke('project.open', { path: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'INVALID_INPUT', message: 'bad path', channel: 'project.open', issues: [{ message: 'too long' }] });
  });

  it('throws INTERNAL when the host answers something that is not the channel output', async () => {
    setTransport(fake(() => ok({ nonsense: true })));
    await expect(invoke('project.recent', {})).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});

describe('httpTransport', () => {
  it('POSTs JSON to /rpc/<channel> with the token header and returns the envelope', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const t = createHttpTransport({
      token: 'abc',
      baseUrl: 'http://127.0.0.1:1',
      fetchFn: (async (url: string, init: RequestInit) => {
        seen.push({ url, init });
        return new Response(JSON.stringify({ ok: true, value: null }), { status: 200 });
      }) as typeof fetch,
    });
    expect(await t.call('project.current', {})).toEqual({ ok: true, value: null });
    expect(seen[0]?.url).toBe('http://127.0.0.1:1/rpc/project.current');
    expect(seen[0]?.init.method).toBe('POST');
    expect((seen[0]?.init.headers as Record<string, string>)[TOKEN_HEADER]).toBe('abc');
    expect(seen[0]?.init.body).toBe('{}');
  });

  it('turns a non-envelope answer (e.g. 403 text) into an INTERNAL failure naming the status', async () => {
    const t = createHttpTransport({ token: 'x', fetchFn: (async () => new Response('Wrong token', { status: 403 })) as typeof fetch });
    const r = await t.call('app.info', {});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('403');
  });
});
