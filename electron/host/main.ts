// `npm run start:web` entry: creates the backend, opens a project and serves the UI on 127.0.0.1.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createBackend } from '../backend/backend';
import { startHttpHost } from './server';

/**
 * The app-data folder shared by all hosts: $VELDWERK_HOME, else $XDG_CONFIG_HOME/veldwerk,
 * else %APPDATA%\\veldwerk on Windows, else ~/.config/veldwerk.
 */
export function defaultAppDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.VELDWERK_HOME) return env.VELDWERK_HOME;
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, 'veldwerk');
  if (process.platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'veldwerk');
  return join(homedir(), '.config', 'veldwerk');
}

const USAGE = 'usage: tsx electron/host/main.ts [--project <file.vwk>] [--port <n>] [--static <dir>]';

async function main(): Promise<number> {
  let values: { project?: string; port?: string; static?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { project: { type: 'string' }, port: { type: 'string' }, static: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`invalid --port: ${values.port}\n${USAGE}\n`);
    return 2;
  }
  const staticDir = values.static ?? fileURLToPath(new URL('../../out/web', import.meta.url));
  if (!existsSync(join(staticDir, 'index.html'))) {
    process.stderr.write(`The renderer is not built (${join(staticDir, 'index.html')} is missing). Run: npm run build:web\n`);
    return 1;
  }

  const backend = createBackend({ appDataDir: defaultAppDataDir(), hostLabel: 'http-host' });
  const opened = values.project
    ? await backend.dispatch('project.open', { path: values.project })
    : await backend.dispatch('project.openDefault', {});
  if (!opened.ok) {
    process.stderr.write(`${opened.error.message}\n`);
    backend.close();
    return 1;
  }

  const host = await startHttpHost({ backend, staticDir, port });
  process.stdout.write(`Veldwerk is running at ${host.launchUrl}\n(open this address in a browser; press Ctrl+C to stop)\n`);

  await new Promise<void>((resolveStop) => {
    let stopping = false;
    const stop = () => {
      if (stopping) process.exit(130); // a second Ctrl+C does not wait for a clean close
      stopping = true;
      resolveStop();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await host.close();
  backend.close();
  process.stdout.write('Veldwerk stopped.\n');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
