import type { SupabaseClient } from '@supabase/supabase-js'
import type { ZhibuDb } from '../db'
import { getSupabase } from '../supabase'
import { REVIEW_ANSWERS, type ReviewAnswer, type ReviewFunction } from '@/domain/review'

/** What the server answered one call: the JSON, or the failure (status 0 = no answer at all). */
export type ReviewReply = { ok: true; data: unknown } | { ok: false; status: number; code?: string; message: string }
export type ReviewRpc = (fn: ReviewFunction, args: Record<string, unknown>) => Promise<ReviewReply>

/**
 * Why the server's answer could not be shown: `offline` (no answer), `forbidden` (42501 / 403:
 * not a leader, admin or the branch's committee), `notSignedIn` (401 / 28000), `invalidAnswer`
 * (an answer that does not have the documented shape), `failed` (any other error).
 */
export type ReviewProblemCode = 'offline' | 'forbidden' | 'notSignedIn' | 'invalidAnswer' | 'failed'

export class ReviewError extends Error {
  constructor(
    readonly code: ReviewProblemCode,
    detail = '',
  ) {
    super(detail || code)
    this.name = 'ReviewError'
  }
}

/** An answer and when it was fetched; `fromCache` with the reason the server's was not used. */
export interface ReviewResult<T> {
  value: T
  /** ISO instant the answer came from the server. */
  fetchedAt: string
  fromCache: boolean
  problem?: ReviewProblemCode
}

/** The `_meta` key of a call's last good answer: `review:<fn>:<args in order, comma-separated>`. */
export function reviewCacheKey(fn: ReviewFunction, args: readonly unknown[]): string {
  return `review:${fn}:${args.map(String).join(',')}`
}

/** Calls through supabase-js (the app's client, loaded on first use, unless another is given). */
export function supabaseReviewRpc(getClient: () => Promise<SupabaseClient> = getSupabase): ReviewRpc {
  return async (fn, args) => {
    try {
      const client = await getClient()
      const { data, error, status } = await client.rpc(fn, args)
      if (error) return { ok: false, status: status ?? 0, code: error.code, message: error.message }
      return { ok: true, data }
    } catch (e) {
      return { ok: false, status: 0, message: e instanceof Error ? e.message : String(e) }
    }
  }
}

function problemOf(reply: Extract<ReviewReply, { ok: false }>): ReviewProblemCode {
  if (reply.status === 0) return 'offline'
  if (reply.code === '42501' || reply.status === 403) return 'forbidden'
  if (reply.code === '28000' || reply.status === 401) return 'notSignedIn'
  return 'failed'
}

export interface ReviewRepositoryOptions {
  db: ZhibuDb
  rpc?: ReviewRpc
  now?: () => Date
}

/**
 * The leaders' aggregates (`review_*`), fetched from the server and checked against their schemas.
 * Each good answer is kept in `_meta` for offline viewing; offline or failing, the kept one is served
 * with `fromCache` and the reason. A refusal (not allowed, signed out) serves nothing and forgets the
 * kept answer: a revoked leader's phone stops showing the organisation's figures.
 */
export function reviewRepository(options: ReviewRepositoryOptions) {
  const { db } = options
  const rpc = options.rpc ?? supabaseReviewRpc()
  const now = options.now ?? (() => new Date())

  async function cached<F extends ReviewFunction>(fn: F, key: string): Promise<{ value: ReviewAnswer<F>; fetchedAt: string } | null> {
    const entry = await db._meta.get(key)
    const stored = entry?.value as { value?: unknown; fetchedAt?: unknown } | undefined
    if (!stored || typeof stored.fetchedAt !== 'string') return null
    const parsed = REVIEW_ANSWERS[fn].safeParse(stored.value)
    // A kept answer that no longer parses (an older shape) is not shown; the next good answer replaces it.
    return parsed.success ? { value: parsed.data as ReviewAnswer<F>, fetchedAt: stored.fetchedAt } : null
  }

  async function call<F extends ReviewFunction>(fn: F, args: Record<string, unknown>): Promise<ReviewResult<ReviewAnswer<F>>> {
    const key = reviewCacheKey(fn, Object.values(args))
    const reply = await rpc(fn, args)
    let problem: ReviewProblemCode
    let detail: string
    if (reply.ok) {
      const parsed = REVIEW_ANSWERS[fn].safeParse(reply.data)
      if (parsed.success) {
        const fetchedAt = now().toISOString()
        const value = parsed.data as ReviewAnswer<F>
        await db._meta.put({ key, value: { value, fetchedAt } })
        return { value, fetchedAt, fromCache: false }
      }
      problem = 'invalidAnswer'
      detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).slice(0, 3).join('; ')
    } else {
      problem = problemOf(reply)
      detail = reply.message
    }
    if (problem === 'forbidden' || problem === 'notSignedIn') {
      await db._meta.delete(key)
      throw new ReviewError(problem, detail)
    }
    const kept = await cached(fn, key)
    if (kept) return { ...kept, fromCache: true, problem }
    throw new ReviewError(problem, detail)
  }

  return {
    participation: (year: number) => call('review_participation', { p_year: year }),
    held: (year: number) => call('review_held', { p_year: year }),
    branches: () => call('review_branches', {}),
    totals: (year: number) => call('review_totals', { p_year: year }),
    figureRecords: (year: number, figure: string) => call('review_figure_records', { p_year: year, p_figure: figure }),
    branchEvents: (branchId: string, year: number) => call('review_branch_events', { p_branch_id: branchId, p_year: year }),
    eventAttendance: (eventId: string) => call('review_event_attendance', { p_event_id: eventId }),
    memberAttendance: (year: number) => call('review_member_attendance', { p_year: year }),
    /** The kept answer of a call without asking the server (to draw at once while fetching). */
    async cachedAnswer<F extends ReviewFunction>(fn: F, args: readonly unknown[]): Promise<ReviewResult<ReviewAnswer<F>> | null> {
      const kept = await cached(fn, reviewCacheKey(fn, args))
      return kept ? { ...kept, fromCache: true } : null
    },
  }
}

export type ReviewRepository = ReturnType<typeof reviewRepository>
