import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is served from app:// in Electron and from 127.0.0.1 in browser mode: relative URLs work for both.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      // zod ships /*#__PURE__*/ comments Rollup cannot place; it drops them harmlessly, so say nothing.
      onwarn: (warning, warn) => {
        if (warning.code !== 'INVALID_ANNOTATION') warn(warning);
      },
    },
  },
});
