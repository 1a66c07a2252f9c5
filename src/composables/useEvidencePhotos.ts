import { computed, onScopeDispose, shallowRef, watch } from 'vue'
import type { Repositories } from '@/data/repositories'
import { compressPhoto, type CompressedPhoto } from '@/data/photos/compressPhoto'
import type { PhotoSaveCode } from '@/data/photos/photoStore'
import { photoPathsOf, type EvidenceRecord } from '@/domain/photos'
import { useLiveQuery } from './useLiveQuery'
import { useOnline } from './useOnline'
import { useRepositories } from './useRepositories'

/** One photo of the record as the screen shows it. */
export interface EvidencePhotoItem {
  path: string
  /** An object URL of the bytes on this device, or null. */
  url: string | null
  /** `pending`/`refused`: this device's photo not (yet) uploaded; `fetching`, `offline`, `missing`: another phone's. */
  state: 'uploaded' | 'pending' | 'refused' | 'fetching' | 'offline' | 'missing'
}

export type PhotoProblem = PhotoSaveCode | 'photos.unreadable' | 'photos.failed'

/** A photo the person took that could not be saved yet: kept in memory until they save it again or let it go. */
export interface HeldPhoto {
  photo: CompressedPhoto
  code: PhotoProblem
}

export interface UseEvidencePhotosOptions {
  record: () => (EvidenceRecord & { photos?: readonly unknown[] | null }) | null
  repositories?: Pick<Repositories, 'photos'>
  online?: Readonly<{ value: boolean }>
  /** Compresses a chosen file (default: compressPhoto, in the browser). */
  compress?: (file: Blob) => Promise<CompressedPhoto>
  /** Makes an object URL of bytes (tests hand in their own). */
  objectUrl?: { create(bytes: Uint8Array, type: string): string; revoke(url: string): void }
}

const browserUrls = {
  create: (bytes: Uint8Array, type: string) => URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type })),
  revoke: (url: string) => URL.revokeObjectURL(url),
}

/**
 * A record's photos: this device's own from their local bytes at once (before any upload), other
 * phones' brought from the bucket when online and kept; adding compresses on the phone and saves the
 * photo with the record; a photo that cannot be saved (storage short) stays in memory with its reason.
 */
export function useEvidencePhotos(options: UseEvidencePhotosOptions) {
  const { photos } = options.repositories ?? useRepositories()
  const online = options.online ?? useOnline()
  const urls = options.objectUrl ?? browserUrls
  const recordKey = computed(() => {
    const r = options.record()
    return r ? `${r.table}:${r.id}` : null
  })
  // Keyed by the record's key only, so an edit of the record (or a new props object) keeps the read.
  const local = useLiveQuery(() => {
    const key = recordKey.value
    if (!key) return null
    const [table, id] = key.split(':') as [string, string]
    return () => photos.ofRecord(table, id)
  }, [])

  // Object URLs by photo id, made once per photo and revoked when it leaves the screen.
  const made = new Map<string, string>()
  const urlOf = (id: string, bytes: Uint8Array | null, type: string): string | null => {
    if (!bytes) return null
    let url = made.get(id)
    if (!url) made.set(id, (url = urls.create(bytes, type)))
    return url
  }
  onScopeDispose(() => {
    for (const url of made.values()) urls.revoke(url)
    made.clear()
  })

  const fetching = shallowRef(new Map<string, 'fetching' | 'offline' | 'missing'>())
  const items = computed<EvidencePhotoItem[]>(() => {
    const byPath = new Map(local.data.value.map((p) => [p.path, p]))
    return photoPathsOf(options.record() as { photos?: unknown[] } | null).map((path) => {
      const entry = byPath.get(path)
      if (entry) return { path, url: urlOf(entry.id, entry.bytes, entry.type), state: entry.state === 'removing' ? 'missing' : entry.state }
      const state = !online.value ? 'offline' : (fetching.value.get(path) ?? 'fetching')
      return { path, url: null, state }
    })
  })
  watch(
    [items, () => online.value],
    () => {
      if (!online.value || !local.ready.value) return
      for (const item of items.value) {
        if (item.url || fetching.value.has(item.path)) continue
        fetching.value = new Map(fetching.value).set(item.path, 'fetching')
        void photos.fetch(item.path).then((got) => {
          const next = new Map(fetching.value)
          // Offline: try again when the connection is back; ok: the live read shows the bytes.
          if (got === 'offline') next.delete(item.path)
          else next.set(item.path, got === 'ok' ? 'fetching' : 'missing')
          fetching.value = next
        })
      }
    },
    { immediate: true },
  )

  const busy = shallowRef(false)
  const held = shallowRef<HeldPhoto[]>([])

  async function save(photo: CompressedPhoto): Promise<PhotoProblem | null> {
    const record = options.record()
    if (!record) return 'photos.noRecord'
    try {
      const saved = await photos.add(record, photo)
      return saved.ok ? null : saved.code
    } catch {
      return 'photos.failed'
    }
  }

  /** Compresses and saves the chosen files one by one; what cannot be saved is held with its reason. */
  async function add(files: readonly Blob[]): Promise<PhotoProblem | null> {
    busy.value = true
    let problem: PhotoProblem | null = null
    try {
      for (const file of files) {
        let photo: CompressedPhoto
        try {
          photo = await (options.compress ?? compressPhoto)(file)
        } catch {
          problem = 'photos.unreadable'
          continue
        }
        const code = await save(photo)
        if (code) held.value = [...held.value, { photo, code }]
      }
    } finally {
      busy.value = false
    }
    return problem
  }

  /** Tries the held photos again (after the person freed space). */
  async function retryHeld(): Promise<void> {
    const waiting = held.value
    held.value = []
    for (const h of waiting) {
      const code = await save(h.photo)
      if (code) held.value = [...held.value, { photo: h.photo, code }]
    }
  }

  const remove = async (path: string) => {
    const record = options.record()
    if (record) await photos.remove(record, path)
  }

  return { items, busy, held, add, retryHeld, dropHeld: () => void (held.value = []), remove, ready: local.ready }
}
