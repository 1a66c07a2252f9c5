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
  /** 1, 2, ...: once signed a template is never edited; the admin publishes a new version. */
  version?: number | null
  body: string
  body_sha256: string
  _deleted?: boolean
}

export interface PledgeSignatureLike {
  template_id: string
  member_id?: string | null
  unit_id?: string | null
  _deleted?: boolean
}

/** Who signs: a person (the personal pledge) or a unit, by its head (the 责任书). */
export type PledgeSigner = { memberId: string } | { unitId: string }

const versionOf = (t: PledgeTemplateLike) => t.version ?? 1

/** The year's template of a kind, its latest version, if published. */
export function currentTemplate<T extends PledgeTemplateLike>(templates: readonly T[], year: number, kind: 'personal' | 'department'): T | null {
  let best: T | null = null
  for (const t of templates) {
    if (t._deleted || t.kind !== kind || t.year !== year) continue
    if (!best || versionOf(t) > versionOf(best)) best = t
  }
  return best
}

/** This year's personal template (《干部职工廉洁从政承诺书》), if published. */
export function currentPersonalTemplate<T extends PledgeTemplateLike>(templates: readonly T[], year: number): T | null {
  return currentTemplate(templates, year, 'personal')
}

const signedBy = (s: PledgeSignatureLike, signer: PledgeSigner) =>
  'memberId' in signer ? s.member_id === signer.memberId : s.unit_id === signer.unitId

/** The member's signature of a template, if any: one per member per template. */
export function signatureOf<S extends PledgeSignatureLike>(signatures: readonly S[], templateId: string, memberId: string): S | null {
  return signatures.find((s) => !s._deleted && s.template_id === templateId && s.member_id === memberId) ?? null
}

/**
 * The signer's signature of the year's pledge of a kind: of any version of it (who signed the first
 * text has signed the year's pledge; the server's pledge_progress counts the same).
 */
export function yearSignatureOf<S extends PledgeSignatureLike>(
  signatures: readonly S[],
  templates: readonly PledgeTemplateLike[],
  year: number,
  kind: 'personal' | 'department',
  signer: PledgeSigner,
): S | null {
  const ids = new Set(templates.filter((t) => !t._deleted && t.year === year && t.kind === kind).map((t) => t.id))
  return signatures.find((s) => !s._deleted && ids.has(s.template_id) && signedBy(s, signer)) ?? null
}

/** Why the signer cannot sign this template now, or null when he may. */
export async function pledgeSignProblem(
  template: PledgeTemplateLike | null,
  signatures: readonly PledgeSignatureLike[],
  signer: string | PledgeSigner,
  templates: readonly PledgeTemplateLike[] = template ? [template] : [],
): Promise<PledgeProblem | null> {
  if (!template) return 'noTemplate'
  const who = typeof signer === 'string' ? { memberId: signer } : signer
  const kind = template.kind === 'department' ? 'department' : 'personal'
  if (yearSignatureOf(signatures, [template, ...templates], template.year, kind, who)) return 'already'
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
