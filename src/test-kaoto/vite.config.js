// Builds the host page of the Kaoto browser test (scripts/kaoto-test.sh). No React plugin: esbuild's automatic JSX
// runtime is enough for a page that is built once and never hot-reloaded.
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  esbuild: { jsx: 'automatic' },
  resolve: {
    // Kaoto's and PatternFly's stylesheets import '~@patternfly/...' (the webpack convention)
    alias: [{ find: /^~(.*)$/, replacement: '$1' }],
  },
  css: { preprocessorOptions: { scss: { api: 'modern-compiler', quietDeps: true } } },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 100000, reportCompressedSize: false, sourcemap: false },
  logLevel: 'warn',
});
