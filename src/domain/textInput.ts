/**
 * Text a person writes, measured as they see it and never cut: a note over its limit is reported
 * (with how long it is) so the person decides what to drop. Length counts code points, like
 * PostgreSQL's char_length() in the CHECK constraints: '学习' is 2, an emoji is 1 (not 2 UTF-16 units).
 */
import { problem, type Checked } from './numberInput'

export const TEXT_ERROR_CODES = ['text.required', 'text.tooShort', 'text.tooLong'] as const
export type TextErrorCode = (typeof TEXT_ERROR_CODES)[number]

/** Characters as a person counts them (code points). */
export function textLength(text: string): number {
  let n = 0
  for (const _ of text) n++
  return n
}

export interface TextLimitOptions {
  /** Most characters allowed (inclusive). */
  max: number
  /** Fewest characters required after trimming; default 0 (may be empty). 1 = required. */
  min?: number
}

/** The text unchanged when it fits, else why not (`text.tooLong` with max, length and over). */
export function checkTextLength(text: string, options: TextLimitOptions): Checked<string, TextErrorCode> {
  const min = options.min ?? 0
  const length = textLength(text)
  if (length > options.max) return problem('text.tooLong', { max: options.max, length, over: length - options.max })
  const written = textLength(text.trim())
  if (min > 0 && written === 0) return problem('text.required')
  if (written < min) return problem('text.tooShort', { min, length: written })
  return { ok: true, value: text }
}
