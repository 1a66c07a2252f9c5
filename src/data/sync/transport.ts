import type { SupabaseClient } from '@supabase/supabase-js'

export interface RpcFailure {
  /** HTTP status; 0 when the request never got an answer (offline, DNS, reset, timeout). */
  status: number
  message: string
  code?: string
}

export type RpcReply<T> = { ok: true; data: T } | { ok: false; error: RpcFailure }

/** How the sync engine calls the server: `sync_push` and `sync_pull` by name. */
export interface SyncTransport {
  rpc<T>(fn: 'sync_push' | 'sync_pull', args: Record<string, unknown>): Promise<RpcReply<T>>
  /** Try to get a fresh access token after a 401; resolves false when that is not possible now. */
  refreshAuth?(): Promise<boolean>
}

export function supabaseTransport(client: SupabaseClient): SyncTransport {
  return {
    async rpc<T>(fn: string, args: Record<string, unknown>): Promise<RpcReply<T>> {
      try {
        const { data, error, status } = await client.rpc(fn, args)
        if (error) return { ok: false, error: { status: status ?? 0, message: error.message, code: error.code } }
        return { ok: true, data: data as T }
      } catch (e) {
        return { ok: false, error: { status: 0, message: e instanceof Error ? e.message : String(e) } }
      }
    },
    async refreshAuth(): Promise<boolean> {
      try {
        const { data, error } = await client.auth.refreshSession()
        return !error && !!data.session
      } catch {
        return false
      }
    },
  }
}
