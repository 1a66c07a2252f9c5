import { describe, expect, it } from 'vitest'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { createAppI18n } from '../helpers/i18n'
import { createAppI18n as createAppOnlyChinese, loadLocale } from '@/i18n'
import zhCN from '@/i18n/zh-CN'
import en from '@/i18n/en'
import { problemMessage } from '@/i18n/codes'
import { zhText } from '@/i18n/zhText'
import { NUMBER_ERROR_CODES, parseWholeNumber } from '@/domain/numberInput'
import { TEXT_ERROR_CODES } from '@/domain/textInput'
import { parseMoney } from '@/domain/money'
import { SERVER_CHECKIN_PROBLEMS, serverCheckinText } from '@/domain/checkin'
import { SYNCED_TABLES } from '@/domain/syncTables'
import { describeOpParts } from '@/domain/syncDescribe'
import { describeChange } from '@/i18n/describeChange'

/** path → message for every string in a catalogue. */
function leaves(node: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') out.set(path, value)
    else for (const [p, v] of leaves(value, path)) out.set(p, v)
  }
  return out
}

const placeholders = (message: string) => [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('the message catalogues', () => {
  const zh = leaves(zhCN)
  const english = leaves(en)

  it('should give English every message Chinese has, and nothing else', () => {
    expect([...english.keys()].sort()).toEqual([...zh.keys()].sort())
  })

  it('should fill the same placeholders in both languages', () => {
    const differing = [...zh].filter(([path, message]) => placeholders(message).join() !== placeholders(english.get(path) ?? '').join())
    expect(differing).toEqual([])
  })

  it('should leave no English message empty or still in Chinese', () => {
    const notEnglish = [...english].filter(([path, m]) => !path.startsWith('language.') && (!m.trim() || /[\u4e00-\u9fff]/.test(m)))
    expect(notEnglish).toEqual([])
  })

  it('should compile every message with vue-i18n and fill its placeholders', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const { t } = createAppI18n(locale).global
      for (const [path, message] of locale === 'en' ? english : zh) {
        const params = Object.fromEntries(placeholders(message).map((p) => [p, `<${p}>`]))
        const out = t(path, params)
        for (const p of placeholders(message)) expect(out, `${locale} ${path}`).toContain(`<${p}>`)
        expect(out, `${locale} ${path}`).not.toMatch(/\{\w+\}/)
      }
    }
  })
})

describe('wording domain codes', () => {
  it('should have a message in both languages for every number and text code', () => {
    for (const code of [...NUMBER_ERROR_CODES, ...TEXT_ERROR_CODES]) {
      expect(leaves(zhCN).has(`errors.${code}`), code).toBe(true)
      expect(leaves(en).has(`errors.${code}`), code).toBe(true)
    }
  })

  it('should word a refusal in the current language with its params', () => {
    const { t, locale } = createAppI18n('en').global
    const tooLarge = parseWholeNumber('1441', { min: 1, max: 1440 })
    if (tooLarge.ok) throw new Error('expected a refusal')
    expect(problemMessage(t, tooLarge)).toBe('Must be at most 1440')
    locale.value = 'zh-CN'
    expect(problemMessage(t, tooLarge)).toBe('不能大于 1440')
    const money = parseMoney('100000.01')
    if (money.ok) throw new Error('expected a refusal')
    expect(problemMessage(t, money)).toBe('单笔金额不能超过 100000 元')
  })

  it('should fill the deprecated Chinese text the same way', () => {
    expect(zhText('number.tooSmall', { min: 200 })).toBe('不能小于 200')
    expect(() => zhText('number.nothing')).toThrow(/errors\.number\.nothing/)
  })
})

describe('naming a change that needs attention', () => {
  it('should name every synced table in both languages', () => {
    expect(Object.keys(zhCN.syncChange.tables).sort()).toEqual(Object.keys(SYNCED_TABLES).sort())
  })

  it('should word the operation, the table and the record\'s name in the current language', () => {
    const { t, te, locale } = createAppI18n('en').global
    const op = { table: 'study_logs', op: 'update' as const, id: 'i', row: { id: 'i', topic: '党章 {x} @y' } }
    expect(describeChange(t, te, describeOpParts(op))).toBe('Edit study log: 党章 {x} @y')
    expect(describeChange(t, te, describeOpParts({ table: 'future_table', op: 'delete', id: 'i' }))).toBe('Delete future_table')
    locale.value = 'zh-CN'
    expect(describeChange(t, te, describeOpParts(op))).toBe('修改 学习记录：党章 {x} @y')
  })
})

describe('messages the server sends word for word', () => {
  const sql = readdirSync('supabase/migrations')
    .map((f) => readFileSync(join('supabase/migrations', f), 'utf8'))
    .join('\n')
  const raised = new Set([...sql.matchAll(/raise exception '([^']*)'/g)].map((m) => m[1]))

  it('should match every join refusal the catalogue recognises to one the database raises', () => {
    const missing = Object.values(zhCN.errors.join).filter((m) => !raised.has(m))
    expect(missing).toEqual([])
  })

  it('should match every check-in refusal the server raises, params filled', () => {
    const missing = SERVER_CHECKIN_PROBLEMS.map(serverCheckinText).filter((m) => !raised.has(m))
    expect(missing).toEqual([])
  })
})

describe('loading a language', () => {
  it('should start with Chinese only and fetch English when it is chosen', async () => {
    const { global } = createAppOnlyChinese('zh-CN')
    expect(global.availableLocales).toEqual(['zh-CN'])
    global.locale.value = 'en'
    expect(global.t('tabs.home')).toBe(zhCN.tabs.home) // not loaded yet: the Chinese fallback
    await loadLocale(global, 'en')
    expect(global.availableLocales).toEqual(['en', 'zh-CN'])
    expect(global.t('tabs.home')).toBe('Home')
  })
})
