/**
 * One tab syncs at a time. Web Locks when the browser has them (the lock dies with its tab);
 * otherwise a lease in localStorage that another tab may take over once it has expired; and in
 * every case a promise chain so one engine never overlaps itself.
 */

export type SyncLock = <T>(fn: () => Promise<T>) => Promise<T | undefined>

interface LockManagerLike {
  request<T>(name: string, options: { ifAvailable: boolean }, cb: (lock: unknown) => Promise<T>): Promise<T>
}

export interface SyncLockOptions {
  name?: string
  locks?: LockManagerLike | null
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null
  leaseMs?: number
  now?: () => number
  ownerId?: string
}

export function createSyncLock(options: SyncLockOptions = {}): SyncLock {
  const name = options.name ?? 'zhibu-sync'
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator
  const locks = options.locks === undefined ? nav?.locks ?? null : options.locks
  const storage = options.storage === undefined ? (globalThis as { localStorage?: Storage }).localStorage ?? null : options.storage
  const leaseMs = options.leaseMs ?? 60_000
  const now = options.now ?? Date.now
  const owner = options.ownerId ?? Math.random().toString(36).slice(2)
  let chain: Promise<unknown> = Promise.resolve()

  async function withLease<T>(fn: () => Promise<T>): Promise<T | undefined> {
    if (!storage) return fn()
    const held = parseLease(storage.getItem(name))
    if (held && held.owner !== owner && held.until > now()) return undefined
    storage.setItem(name, JSON.stringify({ owner, until: now() + leaseMs }))
    try {
      return await fn()
    } finally {
      if (parseLease(storage.getItem(name))?.owner === owner) storage.removeItem(name)
    }
  }

  return <T>(fn: () => Promise<T>): Promise<T | undefined> => {
    const run = async (): Promise<T | undefined> => {
      if (locks) {
        return locks.request(name, { ifAvailable: true }, async (lock) => (lock ? fn() : undefined))
      }
      return withLease(fn)
    }
    const next = chain.then(run, run)
    chain = next.catch(() => undefined)
    return next
  }
}

function parseLease(raw: string | null): { owner: string; until: number } | null {
  if (!raw) return null
  try {
    const v = JSON.parse(raw) as { owner?: unknown; until?: unknown }
    return typeof v.owner === 'string' && typeof v.until === 'number' ? { owner: v.owner, until: v.until } : null
  } catch {
    return null
  }
}
