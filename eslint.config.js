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
)
