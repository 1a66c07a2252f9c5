import zhCN from './zh-CN'

/**
 * @deprecated For the Chinese-returning exports kept while their callers move to codes: the
 * catalogue's Chinese text for `errors.<code>`, `{name}` placeholders filled. New code words codes
 * with vue-i18n (src/i18n/codes.ts). Plain lookup, so src/domain/ can use it without vue-i18n.
 */
export function zhText(code: string, params: Record<string, string | number> = {}): string {
  let node: unknown = zhCN.errors
  for (const part of code.split('.')) node = (node as Record<string, unknown> | undefined)?.[part]
  if (typeof node !== 'string') throw new Error(`no message for errors.${code}`)
  return fillPlaceholders(node, params)
}

/** `{name}` placeholders of a catalogue message filled from params (unknown ones left as they are). */
export function fillPlaceholders(message: string, params: Record<string, string | number>): string {
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
}
