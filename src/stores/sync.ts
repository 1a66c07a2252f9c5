import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { observeLive } from '@/data/live'
import { changeRepository } from '@/data/repositories/changes'
import { appSync, readLastSyncedAt, requestPersistentStorage, type AppSync } from '@/data/sync/app'
import type { SyncSchedulerState } from '@/data/sync/scheduler'

export type SyncIndicatorState =
  | { kind: 'offline' }
  | { kind: 'needs-attention'; count: number }
  | { kind: 'syncing' }
  | { kind: 'pending'; count: number; photos: number }
  | { kind: 'synced'; at: string | null }

/** Sync status for the indicator and the 需处理 page. The engine and the outbox live in src/data/. */
export const useSyncStore = defineStore('sync', () => {
  const pending = ref(0)
  const pendingPhotos = ref(0)
  const rejectedCount = ref(0)
  const syncing = ref(false)
  const offline = ref(typeof navigator !== 'undefined' && navigator.onLine === false)
  const lastSyncedAt = ref<string | null>(null)
  const lastError = ref<string | null>(null)
  const persisted = ref<boolean | null>(null)
  let stopCounts: (() => void) | null = null

  function applyState(s: SyncSchedulerState) {
    syncing.value = s.syncing
    offline.value = s.offline
    lastSyncedAt.value = s.lastSyncedAt ?? lastSyncedAt.value
    lastError.value = s.lastError ? s.lastError.message : null
  }

  /** Start syncing (after login): counts, triggers, and a request for persistent storage. */
  async function start(sync: AppSync = appSync(applyState)) {
    stopCounts ??= observeLive(changeRepository(sync.db).counts, {
      next: (c) => {
        pending.value = c.pending
        pendingPhotos.value = c.photos
        rejectedCount.value = c.rejected
      },
      // The counts could not be read: say so where the indicator shows errors.
      error: (e) => void (lastError.value = e instanceof Error ? e.message : String(e)),
    })
    lastSyncedAt.value ??= await readLastSyncedAt(sync.db)
    sync.scheduler.start()
    persisted.value = await requestPersistentStorage()
  }

  function stop() {
    appSync().scheduler.stop()
    stopCounts?.()
    stopCounts = null
  }

  function syncNow() {
    return appSync(applyState).scheduler.syncNow()
  }

  /** What the indicator shows: problems first, then activity, then the quiet state. */
  const indicator = computed<SyncIndicatorState>(() => {
    if (rejectedCount.value > 0) return { kind: 'needs-attention', count: rejectedCount.value }
    if (offline.value) return { kind: 'offline' }
    if (syncing.value) return { kind: 'syncing' }
    if (pending.value > 0 || pendingPhotos.value > 0) return { kind: 'pending', count: pending.value, photos: pendingPhotos.value }
    return { kind: 'synced', at: lastSyncedAt.value }
  })

  /** Unsynced work (changes or photos) on a device whose storage the browser may evict. */
  const storageAtRisk = computed(() => pending.value + pendingPhotos.value > 0 && persisted.value === false)

  return { pending, pendingPhotos, rejectedCount, syncing, offline, lastSyncedAt, lastError, persisted, indicator, storageAtRisk, start, stop, syncNow, applyState }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useSyncStore, import.meta.hot))
