/**
 * Integrity pledges (廉洁承诺): the hash of the exact text a member signs, and the rule that a
 * member signs each template once. The database checks the same hash (pledge_templates.body_sha256:
 * sha256 of the body's UTF-8 bytes, hex), so only line endings are normalised, nothing else.
 */

export const PLEDGE_MESSAGES = {
  already: '你已签署本年度承诺书，不能重复签署',
  noTemplate: '本年度承诺书尚未发布，请联网同步或联系管理员',
  changed: '承诺书内容与发布的版本不一致，请同步后重新阅读',
} as const

/** CRLF and CR become LF: the same text typed on Windows or a phone hashes the same. */
export function normalisePledgeText(text: string): string {
  return text.replace(/\r\n?/g, '\n')
}

/** sha256 of the normalised text's UTF-8 bytes, lowercase hex. */
export async function pledgeTextHash(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(normalisePledgeText(text)))
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
}

export interface PledgeTemplateLike {
  id: string
  year: number
  kind: string
  body: string
  body_sha256: string
  _deleted?: boolean
}

export interface PledgeSignatureLike {
  template_id: string
  member_id?: string | null
  _deleted?: boolean
}

/** This year's personal template (《干部职工廉洁从政承诺书》), if published. */
export function currentPersonalTemplate<T extends PledgeTemplateLike>(templates: readonly T[], year: number): T | null {
  return templates.find((t) => !t._deleted && t.kind === 'personal' && t.year === year) ?? null
}

/** The member's signature of a template, if any: one per member per template. */
export function signatureOf<S extends PledgeSignatureLike>(signatures: readonly S[], templateId: string, memberId: string): S | null {
  return signatures.find((s) => !s._deleted && s.template_id === templateId && s.member_id === memberId) ?? null
}

/** Why the member cannot sign this template now, or null when he may. */
export async function signProblem(
  template: PledgeTemplateLike | null,
  signatures: readonly PledgeSignatureLike[],
  memberId: string,
): Promise<string | null> {
  if (!template) return PLEDGE_MESSAGES.noTemplate
  if (signatureOf(signatures, template.id, memberId)) return PLEDGE_MESSAGES.already
  if ((await pledgeTextHash(template.body)) !== template.body_sha256) return PLEDGE_MESSAGES.changed
  return null
}
