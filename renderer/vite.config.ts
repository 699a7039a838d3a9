// Vite build of the renderer for the browser host (`npm run build:web` → out/web, served by electron/host).
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { META_CSP } from '../electron/host/csp';

const here = fileURLToPath(new URL('.', import.meta.url));

/** Adds the renderer's CSP as a meta tag to the built index.html (not in dev, where HMR needs inline script). */
export function cspMetaPlugin(): Plugin {
  return {
    name: 'veldwerk-csp-meta',
    apply: 'build',
    transformIndexHtml(html) {
      return html.replace(/<meta charset="UTF-8" \/>/i, (m) => `${m}\n    <meta http-equiv="Content-Security-Policy" content="${META_CSP}" />`);
    },
  };
}

export default defineConfig({
  root: here,
  base: './',
  plugins: [react(), cspMetaPlugin()],
  build: {
    outDir: fileURLToPath(new URL('../out/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    modulePreload: { polyfill: false },
  },
});
