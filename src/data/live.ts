import { liveQuery } from 'dexie'

/** A read of the device database; observed live, it runs again whenever a table it read changes. */
export type LiveRead<T> = () => Promise<T>

export interface LiveObserver<T> {
  next(value: T): void
  /** The read failed (IndexedDB unavailable, a bad query): shown to the person, never swallowed. */
  error(error: unknown): void
}

/** Runs `read` now and after every change to what it read; returns the function that stops it. */
export function observeLive<T>(read: LiveRead<T>, observer: LiveObserver<T>): () => void {
  const subscription = liveQuery(read).subscribe({
    next: (value) => observer.next(value),
    error: (error: unknown) => observer.error(error),
  })
  return () => subscription.unsubscribe()
}
