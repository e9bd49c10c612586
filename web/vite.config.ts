// The web console's build: React (JSX through Vite's own transform; no plugin is needed for a
// production build), output in web/dist, served by the service at /.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    rolldownOptions: {
      onLog(level, log, handler) {
        // TanStack Query marks its modules "use client" for React Server Components (a browser bundle has
        // none), and a build on a loaded machine need not report its plugins' timings.
        if (log.code === 'MODULE_LEVEL_DIRECTIVE' || log.code === 'PLUGIN_TIMINGS') return;
        handler(level, log);
      },
    },
  },
  server: { proxy: { '/api': 'http://localhost:8080' } },
});
