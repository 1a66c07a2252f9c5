// @ts-check
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import vue from 'eslint-plugin-vue'
import vueParser from 'vue-eslint-parser'
import globals from 'globals'

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
  { files: I18N_CHECKED, rules: noBareStrings },
)
