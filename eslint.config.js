// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import vue from 'eslint-plugin-vue'
import vueParser from 'vue-eslint-parser'
import globals from 'globals'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** Only src/data/ may talk to IndexedDB (Dexie) or the server (supabase-js). */
const dataBoundary = {
  'no-restricted-imports': [
    'error',
    {
      paths: [
        { name: 'dexie', message: 'Only src/data/ may import dexie: go through a repository.' },
        { name: '@supabase/supabase-js', message: 'Only src/data/ may import supabase-js: go through src/data/.' },
      ],
      patterns: [
        { group: ['dexie/*'], message: 'Only src/data/ may import dexie.' },
        { group: ['@supabase/*'], message: 'Only src/data/ may import Supabase packages.' },
      ],
    },
  ],
}

const SRC = fileURLToPath(new URL('./src/', import.meta.url))
const FEATURES = path.join(SRC, 'features')
/** The feature folder a file lies in (src/features/<name>/...), or null. */
const featureOf = (/** @type {string} */ file) => {
  const parts = path.relative(FEATURES, file).split(path.sep)
  return parts.length > 1 && parts[0] !== '..' && !path.isAbsolute(parts[0]) ? parts[0] : null
}

/**
 * A feature never imports another feature's folder (`@/features/<other>/...` or `../<other>/...`,
 * static, dynamic or re-exported): what two features share lives in src/composables, src/components,
 * src/domain or src/data. Only src/router.ts, outside the features, imports each one's routes.
 */
const featureBoundary = {
  meta: { type: 'problem', schema: [], messages: { crossFeature: 'src/features/{{from}}/ may not import from src/features/{{to}}/: move what both need to src/composables, src/components, src/domain or src/data.' } },
  create(/** @type {import('eslint').Rule.RuleContext} */ context) {
    const from = featureOf(context.filename)
    if (!from) return {}
    /** @param {any} source */
    const check = (source) => {
      const spec = source?.type === 'Literal' && typeof source.value === 'string' ? source.value : null
      const target = spec?.startsWith('@/') ? path.join(SRC, spec.slice(2)) : spec?.startsWith('.') ? path.resolve(path.dirname(context.filename), spec) : null
      const to = target && featureOf(target)
      if (to && to !== from) context.report({ node: source, messageId: 'crossFeature', data: { from, to } })
    }
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    }
  },
}

/**
 * Every word a person reads comes from the i18n catalogue (src/i18n/): no bare text in templates,
 * nor in the attributes people read (Vant's label/placeholder/title/text props included).
 */
const noBareStrings = {
  'vue/no-bare-strings-in-template': [
    'error',
    {
      attributes: {
        '/.+/': [
          'title', 'aria-label', 'aria-placeholder', 'aria-roledescription', 'aria-valuetext', 'alt', 'placeholder',
          'label', 'text', 'message', 'description', 'loading-text', 'confirm-button-text', 'cancel-button-text',
        ],
      },
    },
  ],
}

/** Every template is worded through vue-i18n: no bare text anywhere in the app's components. */
const I18N_CHECKED = ['src/**/*.vue']

export default tseslint.config(
  { ignores: ['dist/', 'dev-dist/', 'node_modules/', '.data/', 'coverage/', 'tests/e2e/.artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parser: vueParser, parserOptions: { parser: tseslint.parser, sourceType: 'module' } },
  },
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      'vue/multi-word-component-names': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['src/**/*.{ts,vue}'], ignores: ['src/data/**'], rules: dataBoundary },
  {
    files: ['src/features/**/*.{ts,vue}'],
    plugins: { zhibu: { rules: { 'feature-boundary': featureBoundary } } },
    rules: { 'zhibu/feature-boundary': 'error' },
  },
  { files: I18N_CHECKED, rules: noBareStrings },
)
