import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { BUNDLED_PACKAGES } from './scripts/bundled-packages';

/**
 * Vite's dev server injects inline scripts (React refresh) that the strict CSP forbids; in
 * development only, the policy is relaxed for them. Builds keep the strict policy of index.html.
 */
function devCsp(): Plugin {
  return {
    name: 'kep-dev-csp',
    apply: 'serve',
    transformIndexHtml: (html: string) =>
      html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace("connect-src 'self'", "connect-src 'self' ws://localhost:*"),
  };
}

export default defineConfig({
  main: {
    build: {
      externalizeDeps: { exclude: BUNDLED_PACKAGES },
      outDir: 'out/main',
      rollupOptions: { input: { main: resolve(__dirname, 'src-main/electron/main.ts') } },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require only 'electron': everything else is bundled in.
      externalizeDeps: false,
      outDir: 'out/preload',
      rollupOptions: { input: { index: resolve(__dirname, 'src-preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    plugins: [react(), devCsp()],
    // simple-peer's package entry needs Node globals; its browser bundle is self-contained.
    resolve: { alias: { 'simple-peer': 'simple-peer/simplepeer.min.js' } },
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(__dirname, 'src-renderer/index.html') } },
    },
  },
});
