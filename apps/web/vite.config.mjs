import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.API_URL ?? 'http://localhost:3000';

// JSX through esbuild's automatic runtime: the production build needs no Babel plugin.
export default defineConfig({
  root: here,
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: process.env.WEB_OUT_DIR ?? fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      // Libraries mark themselves "use client" for React Server Components; a browser bundle has nothing to do with it.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  // `npm run web:dev` against an API on :3000 (or API_URL).
  server: { proxy: { '/graphql': { target: api, ws: true }, '/auth': api } },
});
