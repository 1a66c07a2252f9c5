import { defineComponent } from 'vue'
import { flushPromises } from '@vue/test-utils'
import { vi } from 'vitest'
import type { RouteRecordRaw } from 'vue-router'
import type { Component } from 'vue'
import { ZhibuDb } from '@/data/db'
import { createRepositories } from '@/data/repositories'
import { CLOCK } from '@/composables/useClock'
import { REPOSITORIES } from '@/composables/useRepositories'
import type { Role } from '@/domain/profile'
import type { Locale } from '@/i18n'
import { makeProfile, mountView, signedInDependencies } from './support'

export const ORG = '10000000-0000-4000-8000-000000000001'
export const BRANCH = '12000000-0000-4000-8000-000000000001'
export const ME = '15000000-0000-4000-8000-000000000003'

const Blank = defineComponent({ render: () => null })
let dbCounter = 0

/** A fresh device database (fake-indexeddb) per test. */
export function freshDb(): ZhibuDb {
  return new ZhibuDb(`member-test-${Date.now()}-${++dbCounter}`)
}

export interface MemberMountOptions {
  db?: ZhibuDb
  now?: Date
  roles?: Role[]
  routes?: RouteRecordRaw[]
  path?: string
  provide?: Record<string | symbol, unknown>
  locale?: Locale
}

/**
 * Mounts a member-facing view signed in as 李晓梅 of 机关第一党支部, with the app's real repositories
 * on a device database of its own (fake-indexeddb).
 */
export async function mountMemberView(component: Component, options: MemberMountOptions = {}) {
  const db = options.db ?? freshDb()
  const now = options.now ?? new Date('2026-03-10T07:05:00Z')
  const profile = makeProfile({
    member: { id: ME, name: '李晓梅', branch_id: BRANCH, branch_name: '机关第一党支部', org_id: ORG, org_name: '市直机关事务局' },
    roles: (options.roles ?? ['member']).map((role) => ({ role, branch_id: BRANCH })),
  })
  const repositories = createRepositories({ db, now: () => now })
  const mounted = await mountView(component, {
    deps: signedInDependencies(profile),
    restored: true,
    locale: options.locale,
    path: options.path,
    routes: options.routes ?? [
      { path: '/', name: 'home', component: Blank },
      { path: '/view/:id?', name: 'view', component },
      { path: '/me/record', name: 'my-record', component: Blank },
      { path: '/checkin/display/:eventId', name: 'checkin-display', component: Blank },
      { path: '/checkin/leave/:eventId', name: 'checkin-leave', component: Blank },
      { path: '/pledge', name: 'pledge', component: Blank },
      { path: '/checkin/scan', name: 'checkin-scan', component: Blank },
      { path: '/records/study/:id?', name: 'record-study', component: Blank },
      { path: '/records/donation/:id?', name: 'record-donation', component: Blank },
      { path: '/records/blood/:id?', name: 'record-blood', component: Blank },
      { path: '/records/visit/:id?', name: 'record-visit', component: Blank },
    ],
    provide: { [REPOSITORIES as symbol]: repositories, [CLOCK as symbol]: () => now, ...options.provide },
  })
  await flushPromises()
  return { ...mounted, db, repositories, now }
}

/**
 * Waits until `check` passes (live reads and IndexedDB answer asynchronously, slower on a loaded
 * machine), failing after 4 s: inside the unit tests' 5 s, so a failed wait still shows its diff.
 */
export function until<T>(check: () => T | Promise<T>): Promise<T> {
  return vi.waitFor(check, { timeout: 4000, interval: 10 })
}
