// The preload exposes exactly the contract's channel functions (plus the File-menu listener), frozen, and nothing of Electron.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { channelNames } from '../../shared/contract/api';
import { MENU_CHANNEL, RPC_PREFIX } from '../../electron/main/menuCommands';

const exposed: { key: string; api: unknown }[] = [];
const invoke = vi.fn((..._args: unknown[]) => Promise.resolve({ ok: true, value: null }));
const on = vi.fn();
const removeListener = vi.fn();

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.push({ key, api }) },
  ipcRenderer: { invoke, on, removeListener, send: vi.fn(), sendSync: vi.fn() },
}));

beforeAll(async () => {
  await import('../../electron/preload/index');
});

describe('the preload bridge', () => {
  it('exposes one object, window.veldwerk, frozen', () => {
    expect(exposed.map((e) => e.key)).toEqual(['veldwerk']);
    expect(Object.isFrozen(exposed[0]!.api)).toBe(true);
  });

  it('holds one function per contract channel and onMenuCommand, nothing else (no ipcRenderer, no objects)', () => {
    const api = exposed[0]!.api as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...channelNames, 'onMenuCommand'].sort());
    for (const [k, v] of Object.entries(api)) expect(typeof v, k).toBe('function');
    for (const v of Object.values(api)) expect(v).not.toBe(invoke);
  });

  it('each channel function invokes only its own rpc channel, passing the input through', async () => {
    const api = exposed[0]!.api as Record<string, (input: unknown) => Promise<unknown>>;
    for (const c of channelNames) {
      invoke.mockClear();
      await api[c]!({ probe: c });
      expect(invoke).toHaveBeenCalledTimes(1);
      expect(invoke).toHaveBeenCalledWith(`${RPC_PREFIX}${c}`, { probe: c });
    }
  });

  it('onMenuCommand passes only known menu commands to the listener and can be removed', () => {
    const api = exposed[0]!.api as { onMenuCommand(l: (c: unknown) => void): () => void };
    const seen: unknown[] = [];
    const off = api.onMenuCommand((c) => seen.push(c));
    expect(on).toHaveBeenCalledWith(MENU_CHANNEL, expect.any(Function));
    const wrapped = on.mock.calls[0]![1] as (e: unknown, cmd: unknown) => void;
    wrapped({}, 'nonsense');
    wrapped({}, { evil: true });
    expect(seen).toEqual([]);
    off();
    expect(removeListener).toHaveBeenCalledWith(MENU_CHANNEL, wrapped);
    expect(() => api.onMenuCommand('not a function' as unknown as (c: unknown) => void)).toThrow(TypeError);
  });
});
