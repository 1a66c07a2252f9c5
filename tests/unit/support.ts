import { createApp, defineComponent, type Component } from 'vue'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter, RouterView, type Router, type RouteRecordRaw } from 'vue-router'
import type { Locale } from '@/i18n'
import { createAppI18n } from '../helpers/i18n'
import type { Profile } from '@/domain/profile'
import type { AuthClient } from '@/data/auth'
import { SESSION_DEPENDENCIES, useSessionStore, type SessionDependencies } from '@/stores/session'

/** A page that renders nothing: the places a view navigates to. */
const Blank = defineComponent({ render: () => null })

export function makeProfile(overrides: Partial<Profile> = {}): Profile {
  return {
    user_id: 'user-1',
    email: 'member@demo.zhibu.cn',
    phone: '13900000001',
    member: {
      id: 'member-1',
      name: '王小红',
      branch_id: 'branch-1',
      branch_name: '第一党支部',
      org_id: 'org-1',
      org_name: '市直机关事务局',
    },
    roles: [{ role: 'member', branch_id: 'branch-1' }],
    ...overrides,
  }
}

/** Dependencies whose restore finds `profile` signed in. */
export function signedInDependencies(profile: Profile, overrides: Partial<SessionDependencies['auth']> = {}) {
  const base = makeDependencies()
  return makeDependencies({
    auth: { ...base.auth, restore: async () => ({ status: 'signed-in', profile, offline: false }), ...overrides },
  })
}

export function makeDependencies(overrides: Partial<SessionDependencies> = {}): SessionDependencies {
  return {
    auth: {
      restore: async () => ({ status: 'signed-out', expired: false }),
      signIn: async () => makeProfile(),
      join: async () => makeProfile(),
      signOut: async () => {},
    },
    pendingWork: async () => ({ pending: 0, photos: 0 }),
    confirmSignOut: async () => true,
    ...overrides,
  }
}

/** A pinia installed in an app that provides the session's dependencies (as main.ts does). */
export function installPinia(deps: SessionDependencies): Pinia {
  const app = createApp(Blank)
  const pinia = createPinia()
  app.provide(SESSION_DEPENDENCIES, deps)
  app.use(pinia)
  setActivePinia(pinia)
  return pinia
}

/** A stand-in for the server's answers, one method at a time. */
export function fakeAuthClient(overrides: Partial<AuthClient> = {}): AuthClient {
  return {
    getSession: async () => ({ session: { user: { id: 'user-1' } }, error: null }),
    refreshSession: async () => ({ error: null }),
    signInWithPassword: async () => ({ error: null }),
    signOut: async () => ({ error: null }),
    rpc: async () => ({ data: makeProfile(), error: null, status: 200 }),
    ...overrides,
  }
}

/** The rpc answer supabase-js gives when fetch itself fails. */
export const networkRpcFailure = {
  data: null,
  error: { message: 'TypeError: Failed to fetch', details: '', hint: '', code: '' },
  status: 0,
}

export interface MountOptions {
  deps?: SessionDependencies
  routes?: RouteRecordRaw[]
  path?: string
  provide?: Record<string | symbol, unknown>
  /** Restore the session (through deps.auth.restore) before mounting. */
  restored?: boolean
  /** The app's language (Chinese unless told). */
  locale?: Locale
}

/** Mounts a component inside a memory router with i18n and the session store wired up. */
export async function mountView(component: Component, options: MountOptions = {}) {
  const deps = options.deps ?? makeDependencies()
  const pinia = installPinia(deps)
  if (options.restored) await useSessionStore(pinia).restore()
  const i18n = createAppI18n(options.locale ?? 'zh-CN')
  const routes = options.routes ?? [
    { path: '/', name: 'home', component: Blank },
    { path: '/login', name: 'login', component: Blank },
    { path: '/view', name: 'view', component },
  ]
  const router: Router = createRouter({ history: createMemoryHistory(), routes })
  await router.push(options.path ?? '/view')
  const wrapper = mount(RouterView, {
    global: {
      plugins: [pinia, i18n, router],
      provide: { [SESSION_DEPENDENCIES as symbol]: deps, ...options.provide },
    },
    attachTo: document.body,
  })
  await router.isReady()
  return { wrapper, router, pinia, i18n, deps }
}
