/**
 * Integrity pledges (廉洁承诺): the hash of the exact text a member signs, and the rule that a
 * member signs each template once. The database checks the same hash (pledge_templates.body_sha256:
 * sha256 of the body's UTF-8 bytes, hex), so only line endings are normalised, nothing else.
 */

/** Why a member cannot sign; the UI words each as `errors.pledge.<problem>`. */
export type PledgeProblem = 'already' | 'noTemplate' | 'changed'
export type PledgeErrorCode = `pledge.${PledgeProblem}`

export function pledgeProblemCode(problem: PledgeProblem): { code: PledgeErrorCode; params: Record<string, never> } {
  return { code: `pledge.${problem}`, params: {} }
}

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
export async function pledgeSignProblem(
  template: PledgeTemplateLike | null,
  signatures: readonly PledgeSignatureLike[],
  memberId: string,
): Promise<PledgeProblem | null> {
  if (!template) return 'noTemplate'
  if (signatureOf(signatures, template.id, memberId)) return 'already'
  if ((await pledgeTextHash(template.body)) !== template.body_sha256) return 'changed'
  return null
}

export interface DrawnPoint {
  x: number
  y: number
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null)

function pointOf(raw: unknown): DrawnPoint | null {
  if (Array.isArray(raw)) {
    const [x, y] = [num(raw[0]), num(raw[1])]
    return x === null || y === null ? null : { x, y }
  }
  if (raw && typeof raw === 'object') {
    const { x, y } = raw as { x?: unknown; y?: unknown }
    return num(x) === null || num(y) === null ? null : { x: x as number, y: y as number }
  }
  return null
}

/**
 * Stored strokes as points in 0..1 for drawing: this app's {x, y, t} points as they are; points
 * stored as [x, y, t] pixels (signatures made elsewhere) scaled into the pad. Null when nothing in
 * it can be drawn (the signature is kept, and the screen says it cannot show it).
 */
export function drawableStrokes(strokes: unknown): DrawnPoint[][] | null {
  if (!Array.isArray(strokes)) return null
  const parsed = strokes.map((s) => (Array.isArray(s) ? s.map(pointOf) : [null]))
  if (parsed.length === 0 || parsed.some((s) => s.length === 0 || s.some((p) => p === null))) return null
  const points = parsed as DrawnPoint[][]
  const all = points.flat()
  const maxX = Math.max(...all.map((p) => p.x))
  const maxY = Math.max(...all.map((p) => p.y))
  if (maxX <= 1 && maxY <= 1 && all.every((p) => p.x >= 0 && p.y >= 0)) return points
  const minX = Math.min(...all.map((p) => p.x))
  const minY = Math.min(...all.map((p) => p.y))
  // Pixels: keep the shape, fit it into the 3:1 pad with a margin.
  const scale = Math.max((maxX - minX) / 3, maxY - minY, 1e-9)
  return points.map((s) => s.map((p) => ({ x: 0.05 + ((p.x - minX) / scale / 3) * 0.9, y: 0.05 + ((p.y - minY) / scale) * 0.9 })))
}
