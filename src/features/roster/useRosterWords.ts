import { useI18n } from 'vue-i18n'
import type { RosterProblemCode, RosterPerson } from '@/domain/roster'
import type { ImportProblem } from '@/domain/rosterImport'
import type { Messages } from '@/i18n/zh-CN'

type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>
}[keyof T & string]
type Assert<T extends true> = T
/** Typecheck fails here when a roster rule returns a code without a message at `roster.problems.<code>`. */
export type EveryRosterCodeHasAMessage = Assert<RosterProblemCode extends Leaves<Messages['roster']['problems']> ? true : false>

/** The roster's words: problems, political status, status and gender of a person. */
export function useRosterWords() {
  const { t } = useI18n()
  /** A list the rules joined with commas (rows 3,4), in the language's own way (3、4). */
  const list = (items: string) => items.split(',').join(t('roster.importer.listSeparator'))
  const problem = (p: { code: RosterProblemCode; params?: Record<string, string | number> } | undefined) =>
    p ? t(`roster.problems.${p.code}`, p.params?.rows !== undefined ? { ...p.params, rows: list(String(p.params.rows)) } : (p.params ?? {})) : ''
  return {
    t,
    problem,
    list,
    /** 第 5 行（郑和）· 手机号码：…; the name is left out when the row has none. */
    importProblem: (p: ImportProblem) => {
      const key = `roster.importer.${p.column ? 'problem' : 'problemRow'}${p.name ? 'Named' : ''}`
      return t(key, { row: p.row, name: p.name ?? '', column: p.column, message: problem(p) })
    },
    type: (p: Pick<RosterPerson, 'member_type'>) => t(`roster.types.${p.member_type}`),
    status: (s: RosterPerson['status']) => t(`roster.statuses.${s}`),
    gender: (g: RosterPerson['gender']) => (g ? t(`roster.genders.${g}`) : t('roster.none')),
  }
}
