import { inject, ref, type InjectionKey, type Ref } from 'vue'

/** The shape of `useRegisterSW` from virtual:pwa-register/vue, injected so tests can replace it. */
export type RegisterServiceWorker = (options?: { immediate?: boolean }) => {
  needRefresh: Ref<boolean>
  offlineReady: Ref<boolean>
  updateServiceWorker: (reloadPage?: boolean) => Promise<void>
}

export const PWA_REGISTER: InjectionKey<RegisterServiceWorker> = Symbol('pwa-register')

/**
 * The waiting-update state of the service worker. A new version only takes over (and the page
 * reloads) when the user accepts, so nothing half-typed is lost.
 */
export function usePwaUpdate(register: RegisterServiceWorker | null = inject(PWA_REGISTER, null)) {
  // Registered once the page has loaded (Workbox waits for `load`), so precaching the app does not
  // compete with the first screen for the network and the CPU.
  const sw = register?.({ immediate: false }) ?? {
    needRefresh: ref(false),
    offlineReady: ref(false),
    updateServiceWorker: async () => {},
  }
  const updating = ref(false)

  async function update() {
    updating.value = true
    try {
      await sw.updateServiceWorker(true)
    } finally {
      updating.value = false
    }
  }

  function postpone() {
    sw.needRefresh.value = false
  }

  function acknowledgeOfflineReady() {
    sw.offlineReady.value = false
  }

  return { needRefresh: sw.needRefresh, offlineReady: sw.offlineReady, updating, update, postpone, acknowledgeOfflineReady }
}
