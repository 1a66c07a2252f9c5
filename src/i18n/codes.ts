import { useI18n } from 'vue-i18n'
import type { Messages } from './zh-CN'
import type { NumberErrorCode } from '@/domain/numberInput'
import type { TextErrorCode } from '@/domain/textInput'
import type { MoneyErrorCode } from '@/domain/money'
import type { CheckinErrorCode } from '@/domain/checkin'
import type { PledgeErrorCode } from '@/domain/pledge'
import type { RecordErrorCode } from '@/domain/memberRecords'
import type { VisitErrorCode } from '@/domain/visits'
import type { SetupErrorCode } from '@/domain/yearSetup'

/** 'a.b' for every string at path a.b of T. */
type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>
}[keyof T & string]

/** Every code the domain may return: a message exists at `errors.<code>` in each language. */
export type ErrorCode = Leaves<Messages['errors']>

/** Every code src/domain/ returns. Typecheck fails here when one has no message in the catalogue. */
export type DomainCode = NumberErrorCode | TextErrorCode | MoneyErrorCode | CheckinErrorCode | PledgeErrorCode | RecordErrorCode | SetupErrorCode | VisitErrorCode
type Assert<T extends true> = T
export type EveryDomainCodeHasAMessage = Assert<DomainCode extends ErrorCode ? true : false>

/** A refusal as the domain reports it (`{ ok: false, code, params }` of src/domain/numberInput.ts and others). */
export interface CodedProblem {
  code: ErrorCode
  params?: Record<string, string | number>
}

type Translate = (key: string, params: Record<string, unknown>) => string

/** The message for a domain code in the current language. */
export function problemMessage(t: Translate, problem: CodedProblem): string {
  return t(`errors.${problem.code}`, problem.params ?? {})
}

/** `message(problem)` in the current language, for views and composables. */
export function useProblemMessage() {
  const { t } = useI18n()
  return (problem: CodedProblem) => problemMessage(t, problem)
}
