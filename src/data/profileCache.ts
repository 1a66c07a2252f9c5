import { profileSchema, type Profile } from '@/domain/profile'

/** The last profile the server returned, kept so the app shell can render offline. */
export interface ProfileCache {
  read(): Profile | null
  write(profile: Profile): void
  clear(): void
}

const STORAGE_KEY = 'zhibu-profile'

export function storageProfileCache(storage: Storage = globalThis.localStorage): ProfileCache {
  return {
    read() {
      const raw = storage.getItem(STORAGE_KEY)
      if (!raw) return null
      try {
        const parsed = profileSchema.safeParse(JSON.parse(raw))
        return parsed.success ? parsed.data : null
      } catch {
        return null
      }
    },
    write(profile) {
      storage.setItem(STORAGE_KEY, JSON.stringify(profile))
    },
    clear() {
      storage.removeItem(STORAGE_KEY)
    },
  }
}

export function memoryProfileCache(initial: Profile | null = null): ProfileCache {
  let value = initial
  return {
    read: () => value,
    write: (profile) => {
      value = profile
    },
    clear: () => {
      value = null
    },
  }
}
