import { fileURLToPath, URL } from 'node:url'
import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'
import { VitePWA } from 'vite-plugin-pwa'
import { localSupabase } from './supabase/local/vite-plugin.ts'

/**
 * Writes the shell's stylesheet into index.html: the first paint then waits for no request but the
 * page itself (the routes' own stylesheets still load with their chunks).
 */
function inlineShellCss(): Plugin {
  return {
    name: 'zhibu:inline-shell-css',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        const bundle = context.bundle
        if (!bundle) return html
        return html.replace(/<link rel="stylesheet" crossorigin href="\/(assets\/[^"]+\.css)">/g, (link, file: string) => {
          const asset = bundle[file]
          if (asset?.type !== 'asset') return link
          delete bundle[file]
          return `<style>${String(asset.source)}</style>`
        })
      },
    },
  }
}

export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  plugins: [
    vue(),
    inlineShellCss(),
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
  build: {
    target: 'es2022',
    sourcemap: false,
    rolldownOptions: {
      output: {
        // Everything the entry imports statically in one chunk: a phone on a slow link fetches the
        // shell in one request instead of some twenty small ones, each a round trip.
        codeSplitting: {
          groups: [{ name: 'shell', tags: ['$initial'] }],
        },
      },
    },
  },
})
