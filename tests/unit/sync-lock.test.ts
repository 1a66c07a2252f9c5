import { describe, expect, test, vi } from 'vitest'
import { createSyncLock } from '@/data/sync/lock'

function memoryStorage() {
  const m = new Map<string, string>()
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) }
}

describe('sync lock', () => {
  test('should let only one tab sync at a time with Web Locks, the other skipping', async () => {
    let held = false
    const locks = {
      request: async <T>(_n: string, _o: { ifAvailable: boolean }, cb: (lock: unknown) => Promise<T>) => {
        if (held) return cb(null)
        held = true
        try {
          return await cb({})
        } finally {
          held = false
        }
      },
    }
    const tab1 = createSyncLock({ locks })
    const tab2 = createSyncLock({ locks })
    let release!: () => void
    const first = tab1(() => new Promise<string>((r) => (release = () => r('tab1'))))
    expect(await tab2(async () => 'tab2')).toBeUndefined()
    release()
    expect(await first).toBe('tab1')
    expect(await tab2(async () => 'tab2')).toBe('tab2')
  })

  test('should fall back to a lease in localStorage that another tab may take once it expires', async () => {
    const storage = memoryStorage()
    let now = 1000
    const tab1 = createSyncLock({ locks: null, storage, now: () => now, leaseMs: 500, ownerId: 'a' })
    const tab2 = createSyncLock({ locks: null, storage, now: () => now, leaseMs: 500, ownerId: 'b' })
    let release!: () => void
    const first = tab1(() => new Promise<void>((r) => (release = r)))
    await Promise.resolve()
    expect(await tab2(async () => 'b')).toBeUndefined()
    now += 600
    expect(await tab2(async () => 'b')).toBe('b')
    release()
    await first
  })

  test('should never run two syncs of one page at once', async () => {
    const lock = createSyncLock({ locks: null, storage: null })
    const order: string[] = []
    let release!: () => void
    const a = lock(async () => {
      order.push('a start')
      await new Promise<void>((r) => (release = r))
      order.push('a end')
    })
    const b = lock(async () => {
      order.push('b')
    })
    await vi.waitFor(() => expect(order).toEqual(['a start']))
    // However long the first run takes, the second has not started.
    for (let i = 0; i < 20; i++) await Promise.resolve()
    expect(order).toEqual(['a start'])
    release()
    await Promise.all([a, b])
    expect(order).toEqual(['a start', 'a end', 'b'])
  })
})
