import { onScopeDispose, readonly, ref, type Ref } from 'vue'

export interface UseOnlineOptions {
  /** The window to watch; tests hand in their own. */
  window?: Pick<Window, 'addEventListener' | 'removeEventListener'> & { navigator: Pick<Navigator, 'onLine'> }
}

/** Whether the browser believes it has a network connection, following online/offline events. */
export function useOnline(options: UseOnlineOptions = {}): Readonly<Ref<boolean>> {
  const target = options.window ?? (typeof window === 'undefined' ? undefined : window)
  const online = ref(target?.navigator.onLine ?? true)
  if (!target) return readonly(online)
  const update = () => {
    online.value = target.navigator.onLine
  }
  target.addEventListener('online', update)
  target.addEventListener('offline', update)
  onScopeDispose(() => {
    target.removeEventListener('online', update)
    target.removeEventListener('offline', update)
  })
  return readonly(online)
}
