import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The gateway's routes: in dev mode Vite serves the console and hands these to the gateway. */
const API_PATHS = [
  '/auth',
  '/accounts',
  '/doctors',
  '/sagas',
  '/private',
  '/health',
  '/hospitals',
  '/schedules',
  '/education',
  '/admin',
  '/events',
  '/metrics',
  '/docs',
];

/**
 * The gateway replaces this placeholder in index.html with a fresh nonce per response (its
 * Content-Security-Policy names it); Vite puts it on every tag it writes and in a
 * `<meta property="csp-nonce">` that the style engine reads.
 */
export const CSP_NONCE_PLACEHOLDER = 'MEDICALINK_CSP_NONCE';

export default defineConfig({
  root: here('.'),
  base: '/console/',
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^@medicalink\/sdk\/react$/, replacement: here('../../libs/sdk/src/react.ts') },
      { find: /^@medicalink\/sdk$/, replacement: here('../../libs/sdk/src/index.ts') },
    ],
  },
  html: { cspNonce: CSP_NONCE_PLACEHOLDER },
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    reportCompressedSize: false,
  },
  server: {
    port: Number(process.env.WEB_DEV_PORT ?? 5173),
    proxy: Object.fromEntries(
      API_PATHS.map((path) => [
        path,
        { target: process.env.MEDICALINK_URL ?? 'http://localhost:3000' },
      ]),
    ),
  },
});
