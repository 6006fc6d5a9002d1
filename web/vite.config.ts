import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// The C++ server serves web/dist itself; in development Vite forwards its routes to it.
const server = 'http://127.0.0.1:8080'
const serverRoutes = ['/api', '/healthz', '/readyz', '/metrics']

export default defineConfig({
  plugins: [vue()],
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  server: {
    proxy: Object.fromEntries(serverRoutes.map((route) => [route, { target: server }])),
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    chunkSizeWarningLimit: 600,
  },
})
