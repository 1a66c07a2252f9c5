import type { OpParts } from '@/domain/syncDescribe'

type Translate = (key: string, params?: Record<string, unknown>) => string

/** The name people read for a synced table (`syncChange.tables`); a table this version does not know is shown by its own name. */
export function tableName(t: Translate, te: (key: string) => boolean, table: string): string {
  const key = `syncChange.tables.${table}`
  return te(key) ? t(key) : table
}

/**
 * One line naming a change in the current language, e.g. “Edit study log: 党章” / “修改 学习记录：党章”.
 * `te` says whether a key exists: a table this version does not know is shown by its own name.
 */
export function describeChange(t: Translate, te: (key: string) => boolean, parts: OpParts): string {
  const table = tableName(t, te, parts.table)
  const op = t(`syncChange.ops.${parts.op}`)
  return parts.name ? t('syncChange.lineNamed', { op, table, name: parts.name }) : t('syncChange.line', { op, table })
}
