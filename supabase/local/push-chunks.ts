/**
 * A large sync_push in short turns, on the embedded backend only.
 *
 * PGlite runs one statement at a time and cannot cancel one, so the largest push sync_push accepts
 * (5,000 operations, about 18 s here) made every other user's request wait for all of it. Here such
 * a request runs as a sequence of calls of sync_push, each of whole client transactions and at most
 * PUSH_CHUNK_OPS operations, every call in the caller's turn of the fair queue, so other callers are
 * served between them. It is the same push: sync_push applies each transaction on its own and
 * records its outcome (sync_applied), so applying them in several calls gives the same results, in
 * order. The request's own limits still hold for the whole request: app_private.sync_push_check
 * refuses it (the same 400) before any part runs. A part that fails (a transient error, the queue
 * refusing) fails the request as one call would; a retry gets the parts already applied back as
 * `duplicate`, which the client counts as applied.
 *
 * On PostgreSQL (a Supabase project) none of this exists: PostgREST calls sync_push once, and other
 * users' requests run beside it on their own connections.
 */
import type { RpcCall, RpcResponse } from './rest.ts'

/**
 * Most operations in one call: about 150-300 ms of upserts on PGlite (measured 2 shared cores). A
 * transaction of more goes alone: it cannot be split, so it alone bounds another user's wait
 * (100 operations, the most one may hold, take about 0.2-0.5 s).
 */
export const PUSH_CHUNK_OPS = 40

const PUSH_ARGS = ['p_client_id', 'p_schema', 'p_txs']

/** What one transaction costs a call: its operations, at least 1 (so a call holds at most PUSH_CHUNK_OPS of them). */
function txCost(tx: unknown): number {
  const ops = tx !== null && typeof tx === 'object' ? (tx as { ops?: unknown }).ops : undefined
  return Math.max(1, Array.isArray(ops) ? ops.length : 0)
}

/** `txs` cut into runs of whole transactions, in order, each costing at most `maxOps` (or one transaction). */
export function pushChunks(txs: readonly unknown[], maxOps: number = PUSH_CHUNK_OPS): unknown[][] {
  const chunks: unknown[][] = []
  let current: unknown[] = []
  let cost = 0
  for (const tx of txs) {
    const c = txCost(tx)
    if (current.length > 0 && cost + c > maxOps) {
      chunks.push(current)
      current = []
      cost = 0
    }
    current.push(tx)
    cost += c
  }
  if (current.length > 0) chunks.push(current)
  return chunks
}

/**
 * Answers `POST /rpc/sync_push` of a signed-in user in parts when it is larger than one part;
 * `null` for every other call (made as one call, as before). `rpc` makes one database call in the
 * caller's turn.
 */
export async function chunkedSyncPush(
  call: RpcCall,
  rpc: (call: RpcCall) => Promise<RpcResponse>,
  maxOps: number = PUSH_CHUNK_OPS,
): Promise<RpcResponse | null> {
  if (call.name !== 'sync_push' || call.method !== 'POST' || call.role !== 'authenticated' || call.schema) return null
  const args = call.args
  if (args === null || typeof args !== 'object' || Array.isArray(args)) return null
  const keys = Object.keys(args)
  // Any other shape (an unknown argument, p_txs not an array) gets sync_push's own answer.
  if (keys.length !== PUSH_ARGS.length || !PUSH_ARGS.every((key) => keys.includes(key))) return null
  const txs = (args as { p_txs: unknown }).p_txs
  if (!Array.isArray(txs)) return null
  const chunks = pushChunks(txs, maxOps)
  if (chunks.length <= 1) return null

  const check = await rpc({ ...call, schema: 'app_private', name: 'sync_push_check' })
  if (check.status !== 200) return check

  const results: unknown[] = []
  let headers: Record<string, string> = {}
  for (const chunk of chunks) {
    const reply = await rpc({ ...call, args: { ...args, p_txs: chunk } })
    if (reply.status !== 200 || reply.body === undefined) return reply
    results.push(...(JSON.parse(reply.body) as { results: unknown[] }).results)
    headers = reply.headers
  }
  return { status: 200, body: JSON.stringify({ results }), headers }
}
