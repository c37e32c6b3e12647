import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The host serves dist/ (copied beside its assembly as web/); `npm run dev` proxies the API to a running host.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    // No source maps in what the host serves: they would publish the sources' comments, nothing more useful.
    sourcemap: false,
  },
  server: {
    proxy: {
      '/api': 'http://localhost:5080',
      '/bff': 'http://localhost:5080',
      '/simulators': 'http://localhost:5080',
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['src/test-setup.ts'],
    // The design system imports its own SCSS modules: let Vite transform it rather than Node load it raw.
    server: { deps: { inline: [/@helsenorge\/designsystem-react/] } },
  },
});
