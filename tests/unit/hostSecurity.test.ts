// Electron glue security: the pure IPC sender check, renderer location, channel binding and menu-command guard.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { IpcMainInvokeEvent } from 'electron';
import { channelNames, hostChannelNames } from '../../shared/contract/api';
import { ok } from '../../shared/contract/result';
import { isTrustedRendererUrl, isTrustedSender, rendererLocation, rendererUrl, type RendererLocation } from '../../electron/main/senderCheck';
import { bindChannels, type HostHandlers } from '../../electron/main/ipc';
import { RPC_PREFIX, isMenuCommand } from '../../electron/main/menuCommands';
import { resolveNativeBinding } from '../../electron/main/nativeBinding';

const indexFile = join('/opt', 'Veldwerk', 'resources', 'app.asar', 'out', 'renderer', 'index.html');
const fileLoc: RendererLocation = { kind: 'file', indexFile };
const devLoc: RendererLocation = { kind: 'dev', origin: 'http://localhost:5173' };
const ourUrl = pathToFileURL(indexFile).href;

describe('rendererLocation', () => {
  it('uses the dev server only when not packaged', () => {
    expect(rendererLocation({ isPackaged: false, devServerUrl: 'http://localhost:5173/', indexFile })).toEqual(devLoc);
    expect(rendererLocation({ isPackaged: true, devServerUrl: 'http://localhost:5173/', indexFile })).toEqual(fileLoc);
    expect(rendererLocation({ isPackaged: false, devServerUrl: undefined, indexFile })).toEqual(fileLoc);
  });

  it('refuses a dev server that is not on this machine', () => {
    expect(() => rendererLocation({ isPackaged: false, devServerUrl: 'http://evil.example:5173/', indexFile })).toThrow(/non-local/);
    expect(() => rendererLocation({ isPackaged: false, devServerUrl: 'file:///tmp/x.html', indexFile })).toThrow(/non-local/);
  });

  it('gives the URL to load', () => {
    expect(rendererUrl(fileLoc)).toBe(ourUrl);
    expect(rendererUrl(devLoc)).toBe('http://localhost:5173/');
  });
});

describe('isTrustedRendererUrl', () => {
  it('accepts exactly our index.html (query and hash ignored)', () => {
    expect(isTrustedRendererUrl(ourUrl, fileLoc)).toBe(true);
    expect(isTrustedRendererUrl(`${ourUrl}#/invoer`, fileLoc)).toBe(true);
    expect(isTrustedRendererUrl(`${ourUrl}?x=1`, fileLoc)).toBe(true);
  });

  it('refuses other files, other schemes, remote hosts and garbage', () => {
    for (const url of [
      pathToFileURL('/tmp/evil.html').href,
      pathToFileURL(join(indexFile, '..', 'other.html')).href,
      ourUrl.replace('file://', 'file://evil.example'),
      ourUrl.replace('file:', 'http:'),
      'https://example.org/index.html',
      'about:blank',
      'data:text/html,<script>1</script>',
      'not a url',
      '',
      undefined,
    ]) {
      expect(isTrustedRendererUrl(url, fileLoc), String(url)).toBe(false);
    }
  });

  it('in dev accepts only the dev server origin', () => {
    expect(isTrustedRendererUrl('http://localhost:5173/', devLoc)).toBe(true);
    expect(isTrustedRendererUrl('http://localhost:5173/src/x', devLoc)).toBe(true);
    expect(isTrustedRendererUrl('http://localhost:5174/', devLoc)).toBe(false);
    expect(isTrustedRendererUrl('http://127.0.0.1:5173/', devLoc)).toBe(false);
    expect(isTrustedRendererUrl('http://user:pw@localhost:5173/', devLoc)).toBe(false);
    expect(isTrustedRendererUrl(ourUrl, devLoc)).toBe(false);
  });
});

describe('isTrustedSender', () => {
  it('requires a live top-level frame showing our renderer', () => {
    expect(isTrustedSender({ frameUrl: ourUrl, isTopFrame: true }, fileLoc)).toBe(true);
    expect(isTrustedSender({ frameUrl: ourUrl, isTopFrame: false }, fileLoc)).toBe(false);
    expect(isTrustedSender({ frameUrl: undefined, isTopFrame: true }, fileLoc)).toBe(false);
    expect(isTrustedSender({ frameUrl: 'https://example.org/', isTopFrame: true }, fileLoc)).toBe(false);
  });
});

describe('bindChannels', () => {
  function setup() {
    const handlers = new Map<string, (event: IpcMainInvokeEvent, input: unknown) => Promise<unknown>>();
    const dispatched: string[] = [];
    const projectCalls: string[] = [];
    const host: HostHandlers = {
      'dialog.openProject': async () => ok({ path: '/x.vwk' }),
      'dialog.saveProject': async () => ok({ path: null }),
      'dialog.openFile': async () => ok({ path: null }),
      'dialog.saveFile': async () => ok({ path: null }),
      'files.list': async () => ok({ dir: '/', parent: null, entries: [] }),
    };
    const unbind = bindChannels({
      ipcMain: {
        handle: (ch: string, fn: (event: IpcMainInvokeEvent, input: unknown) => Promise<unknown>) => void handlers.set(ch, fn),
        removeHandler: (ch: string) => void handlers.delete(ch),
      } as never,
      backend: {
        dispatch: async (channel) => {
          dispatched.push(channel);
          return ok({ channel });
        },
      },
      host,
      isTrusted: (s) => isTrustedSender(s, fileLoc),
      onProjectChannel: (c) => projectCalls.push(c),
    });
    const event = (url: string, top = true) => ({ senderFrame: { url, parent: top ? null : {} } }) as unknown as IpcMainInvokeEvent;
    return { handlers, dispatched, projectCalls, unbind, event };
  }

  it('binds every contract channel once under the rpc prefix', () => {
    const { handlers, unbind } = setup();
    expect([...handlers.keys()].sort()).toEqual(channelNames.map((c) => `${RPC_PREFIX}${c}`).sort());
    unbind();
    expect(handlers.size).toBe(0);
  });

  it('routes backend channels to dispatch and host channels to the host handlers', async () => {
    const { handlers, dispatched, projectCalls, event } = setup();
    expect(await handlers.get(`${RPC_PREFIX}project.current`)!(event(ourUrl), {})).toEqual(ok({ channel: 'project.current' }));
    expect(await handlers.get(`${RPC_PREFIX}dialog.openProject`)!(event(ourUrl), {})).toEqual(ok({ path: '/x.vwk' }));
    expect(dispatched).toEqual(['project.current']);
    expect(projectCalls).toEqual(['project.current']);
    for (const c of hostChannelNames) expect(dispatched).not.toContain(c);
  });

  it('rejects messages from an untrusted frame before anything runs', async () => {
    const { handlers, dispatched, event } = setup();
    await expect(handlers.get(`${RPC_PREFIX}project.open`)!(event('https://evil.example/'), { path: '/x' })).rejects.toThrow(/untrusted/);
    await expect(handlers.get(`${RPC_PREFIX}project.open`)!(event(ourUrl, false), { path: '/x' })).rejects.toThrow(/untrusted/);
    await expect(handlers.get(`${RPC_PREFIX}dialog.openProject`)!(event('about:blank'), {})).rejects.toThrow(/untrusted/);
    expect(dispatched).toEqual([]);
  });
});

describe('isMenuCommand', () => {
  it('accepts the four commands and nothing else', () => {
    expect(isMenuCommand({ command: 'newProject' })).toBe(true);
    expect(isMenuCommand({ command: 'openProject' })).toBe(true);
    expect(isMenuCommand({ command: 'closeProject' })).toBe(true);
    expect(isMenuCommand({ command: 'openRecent', path: '/a.vwk' })).toBe(true);
    expect(isMenuCommand({ command: 'openRecent' })).toBe(false);
    expect(isMenuCommand({ command: 'rm -rf' })).toBe(false);
    expect(isMenuCommand(null)).toBe(false);
  });
});

describe('resolveNativeBinding', () => {
  it('prefers $VELDWERK_SQLITE_BINDING, else the default in a packaged app', () => {
    expect(resolveNativeBinding({ isPackaged: true, appRoot: '/x', env: { VELDWERK_SQLITE_BINDING: '/b.node' } })).toBe('/b.node');
    expect(resolveNativeBinding({ isPackaged: true, appRoot: '/x', env: {} })).toBeUndefined();
    expect(resolveNativeBinding({ isPackaged: false, appRoot: '/nonexistent', env: {} })).toBeUndefined();
  });
});
