import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import { VitePWA } from 'vite-plugin-pwa'
import { localSupabase } from './supabase/local/vite-plugin.ts'

export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  plugins: [
    vue(),
    // The embedded local backend (PGlite + PostgREST/GoTrue-style endpoints) in `vite` and
    // `vite preview`, unless the app is pointed at a real Supabase project.
    localSupabase(),
    VitePWA({
      // Prompt-to-update: a new service worker waits until the user accepts the banner, so a
      // half-filled form is never reloaded away. We register it ourselves (useRegisterSW).
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['favicon.svg', 'apple-touch-icon.png'],
      manifest: {
        id: '/',
        name: '支部 · 党支部工作',
        short_name: '支部',
        description: '党员签到、学习、捐款、献血、廉洁承诺与走访慰问的离线优先记录工具',
        lang: 'zh-CN',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        theme_color: '#c8161d',
        background_color: '#ffffff',
        icons: [
          { src: 'pwa-192x192.png', sizes: '192x192', type: 'image/png' },
          { src: 'pwa-512x512.png', sizes: '512x512', type: 'image/png' },
          { src: 'maskable-icon-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/^\/rest\//, /^\/auth\//],
        clientsClaim: false,
        skipWaiting: false,
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  build: { target: 'es2022', sourcemap: false },
})
