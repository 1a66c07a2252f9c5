/**
 * 管理 screens on the real repositories: the invite screen against the local backend (the demo
 * organisation's real org_directory and rotate_branch_invite through supabase-js), the same screen
 * on a phone without a network (the synced invite row on the device), and 党小组 on the device's
 * synced rows; in Chinese and in English. Deactivated branches, groups and units are not offered in
 * the roster's pickers.
 */
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import { createRepositories } from '@/data/repositories'
import { supabaseAdminRpc } from '@/data/repositories/admin'
import { REPOSITORIES } from '@/composables/useRepositories'
import AdminInvitesView from '@/features/admin/AdminInvitesView.vue'
import AdminGroupsView from '@/features/admin/AdminGroupsView.vue'
import RosterFormView from '@/features/roster/RosterFormView.vue'
import RosterMemberView from '@/features/roster/RosterMemberView.vue'
import type { ZhibuDb } from '@/data/db'
import type { Role } from '@/domain/profile'
import { spawn, type ChildProcess } from 'node:child_process'
import { BRANCH, ORG, freshDb, mountMemberView, until } from './member-support'

/** The demo data's branches and password (supabase/seed.sql), as the sync tests know them. */
const BRANCH1 = BRANCH
const BRANCH2 = '12000000-0000-4000-8000-000000000002'
const PASSWORD = 'Zhibu@2026'

/**
 * The local backend runs in a process of its own (its database worker starts from a file URL,
 * which this page-like environment cannot make); it prints where it listens.
 */
let backend: ChildProcess
let server: { url: string; anonKey: string }
let online = true

beforeAll(async () => {
  const script = `import('./supabase/local/serve.ts').then(async ({ startLocalBackendServer }) => {
    const s = await startLocalBackendServer({ seed: true, log: false })
    console.log('LISTENING ' + JSON.stringify({ url: s.url, anonKey: s.anonKey }))
  })`
  backend = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] })
  server = await new Promise((resolve, reject) => {
    let out = ''
    backend.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const line = /LISTENING (\{.*\})/.exec(out)
      if (line) resolve(JSON.parse(line[1]!))
    })
    backend.on('exit', (code) => reject(new Error(`the local backend exited with ${code}`)))
  })
}, 180_000)
afterAll(() => {
  backend?.kill()
})

/** The live invite code of a branch, as the demo admin reads it through org_directory. */
async function liveCode(branchId: string): Promise<string> {
  const { data, error } = await (await signIn('admin')).rpc('org_directory')
  if (error) throw error
  return (data as { branches: { id: string; invite_code: string }[] }).branches.find((b) => b.id === branchId)!.invite_code
}

async function signIn(login: 'admin' | 'secretary'): Promise<SupabaseClient> {
  const client = createClient(server.url, server.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    global: {
      fetch: (input, init) => (online ? fetch(input, init) : Promise.reject(new TypeError('Failed to fetch'))),
    },
  })
  const { error } = await client.auth.signInWithPassword({ email: `${login}@demo.zhibu.cn`, password: PASSWORD })
  if (error) throw error
  return client
}

async function mountAdmin(component: unknown, client: SupabaseClient, options: { roles: Role[]; db?: ZhibuDb; locale?: 'en' }) {
  const db = options.db ?? freshDb()
  const repositories = createRepositories({ db, adminRpc: supabaseAdminRpc(async () => client) })
  return mountMemberView(component as never, { db, roles: options.roles, locale: options.locale, provide: { [REPOSITORIES as symbol]: repositories } })
}

/** Waits for the backend's answer on the screen (longer than `until`: a loaded machine answers slowly). */
const answered = <T,>(check: () => T | Promise<T>) => vi.waitFor(check, { timeout: 30_000, interval: 20 })

const confirmDialog = async () => {
  await until(() => expect(document.querySelector('.van-dialog__confirm')).not.toBeNull())
  ;(document.querySelector('.van-dialog__confirm') as HTMLElement).click()
}

describe('邀请码 on the local backend', () => {
  test('should show an admin every active branch’s code and QR, and rotate one after a confirmation', async () => {
    online = true
    const client = await signIn('admin')
    const { wrapper } = await mountAdmin(AdminInvitesView, client, { roles: ['admin'] })
    await answered(() => expect(wrapper.findAll('[data-testid="admin-invite-code"]').length).toBe(3))
    const before = await liveCode(BRANCH2)
    expect(wrapper.findAll('[data-testid="admin-invite-code"]').map((c) => c.text())).toContain(before)
    expect(wrapper.findAll('[data-testid="app-qr"]').length).toBe(3)
    const second = wrapper.findAll('[data-testid="admin-invite"]').find((b) => b.text().includes(before))!
    await second.get('[data-testid="admin-invite-rotate"]').trigger('click')
    await confirmDialog()
    await answered(() => expect(wrapper.find('[data-testid="admin-invites-outcome"]').exists()).toBe(true))
    const after = await liveCode(BRANCH2)
    expect(after).not.toBe(before)
    expect(wrapper.get('[data-testid="admin-invites-outcome"]').text()).toContain(after)
    await answered(() => expect(wrapper.findAll('[data-testid="admin-invite-code"]').map((c) => c.text())).toContain(after))
    expect(wrapper.findAll('[data-testid="admin-invite-code"]').map((c) => c.text())).not.toContain(before)
    wrapper.unmount()
  }, 60_000)

  for (const locale of [undefined, 'en'] as const) {
    test(`should show the secretary’s saved code and QR without a network and say rotating needs it (${locale ?? 'zh-CN'})`, async () => {
      online = true
      const code = { id: '0190b1c2-0000-7000-8000-00000000aa01', code: await liveCode(BRANCH1) }
      const client = await signIn('secretary')
      online = false
      const db = freshDb()
      await db.data('branches').put({ id: BRANCH, org_id: ORG, name: '机关第一党支部', active: true, _ver: 1 })
      await db.data('branch_invites').put({ id: code.id, org_id: ORG, branch_id: BRANCH, code: code.code, _ver: 1 })
      const { wrapper } = await mountAdmin(AdminInvitesView, client, { roles: ['secretary'], db, locale })
      await until(() => expect(wrapper.find('[data-testid="admin-invite-code"]').exists()).toBe(true))
      expect(wrapper.findAll('[data-testid="admin-invite-code"]').map((c) => c.text())).toEqual([code.code])
      await until(() => expect(wrapper.get('[data-testid="app-qr"]').attributes('data-qr')).toContain(`code=${code.code}`))
      expect(wrapper.find('[data-testid="admin-problem"]').exists()).toBe(false)
      expect(wrapper.get('[data-testid="admin-invites-offline"]').text()).toBe(
        locale === 'en'
          ? 'Offline: these are the invite codes saved on this device. Replacing a code needs the network.'
          : '离线：显示的是本机保存的邀请码。更换邀请码需要联网。',
      )
      await wrapper.get('[data-testid="admin-invite-rotate"]').trigger('click')
      await until(() =>
        expect(wrapper.get('[data-testid="admin-invites-outcome"]').text()).toBe(
          locale === 'en' ? 'Replacing an invite code needs the network; try again once you are online' : '更换邀请码需要联网，请联网后再试',
        ),
      )
      // No confirmation was asked (an earlier test's closed dialog may still be in the page).
      expect(document.body.textContent).not.toContain(locale === 'en' ? 'Replace the invite code of “机关第一党支部”' : '更换“机关第一党支部”的邀请码？')
      if (locale === 'en') expect(wrapper.text().replace('机关第一党支部', '').match(/[\u4e00-\u9fff]+/g)).toBeNull()
      wrapper.unmount()
      online = true
    }, 60_000)
  }

  test('should say the server cannot be reached when the device holds no code either', async () => {
    online = true
    const client = await signIn('secretary')
    online = false
    const { wrapper } = await mountAdmin(AdminInvitesView, client, { roles: ['secretary'] })
    await until(() => expect(wrapper.find('[data-testid="admin-problem"]').text()).toContain('无法连接服务器，请联网后重试'))
    expect(wrapper.find('[data-testid="admin-invite"]').exists()).toBe(false)
    wrapper.unmount()
    online = true
  }, 60_000)
})

describe('党小组 on the device', () => {
  const GROUP = '14000000-0000-4000-8000-000000000001'
  async function groupsDevice(): Promise<ZhibuDb> {
    const db = freshDb()
    await db.data('branches').put({ id: BRANCH, org_id: ORG, name: '机关第一党支部', _ver: 1 })
    await db.data('party_groups').put({ id: GROUP, org_id: ORG, branch_id: BRANCH, name: '第一党小组', active: true, _ver: 1 })
    return db
  }

  test('should let the secretary add a group, refuse a name too long with nothing saved, and deactivate one after a confirmation', async () => {
    const db = await groupsDevice()
    const client = await signIn('secretary')
    const { wrapper } = await mountAdmin(AdminGroupsView, client, { roles: ['secretary'], db })
    await until(() => expect(wrapper.findAll('[data-testid="admin-org-row"]').map((r) => r.text())).toEqual([expect.stringContaining('第一党小组')]))
    const input = wrapper.get('[data-testid="admin-org-new"] input')
    await input.setValue('组'.repeat(51))
    await wrapper.get('[data-testid="admin-org-add"]').trigger('click')
    await until(() => expect(wrapper.text()).toContain('最多 50 个字'))
    expect(await db._outbox.count()).toBe(0)
    expect((input.element as HTMLInputElement).value).toBe('组'.repeat(51))
    await input.setValue('第二党小组')
    await wrapper.get('[data-testid="admin-org-add"]').trigger('click')
    await until(() => expect(wrapper.findAll('[data-testid="admin-org-row"]').length).toBe(2))
    const added = (await db.data('party_groups').toArray()).find((g) => g.name === '第二党小组')!
    expect({ org_id: added.org_id, branch_id: added.branch_id, active: added.active }).toEqual({ org_id: ORG, branch_id: BRANCH, active: true })
    const first = wrapper.findAll('[data-testid="admin-org-row"]').find((r) => r.text().includes('第一党小组'))!
    await first.get('[data-testid="admin-org-active"]').trigger('click')
    await confirmDialog()
    await until(async () => expect((await db.data('party_groups').get(GROUP))?.active).toBe(false))
    const ops = (await db._outbox.toArray()).flatMap((e) => e.ops).map((o) => [o.table, o.op, o.row])
    expect(ops).toEqual([['party_groups', 'upsert', { id: added.id, org_id: ORG, branch_id: BRANCH, name: '第二党小组', active: true }], ['party_groups', 'update', { active: false }]])
    wrapper.unmount()
  }, 60_000)

  test('should word the screen in English and say when the device holds no branch to manage', async () => {
    const client = await signIn('secretary')
    const { wrapper } = await mountAdmin(AdminGroupsView, client, { roles: ['member'], locale: 'en' })
    await until(() => expect(wrapper.get('[data-testid="admin-groups-empty"]').text()).toBe('This device holds no branch whose party groups you manage'))
    expect(wrapper.text().match(/[\u4e00-\u9fff]+/g)).toBeNull()
    wrapper.unmount()
  }, 60_000)
})

describe('deactivated branches, groups and units in pickers', () => {
  const WANG = '15000000-0000-4000-8000-000000000011'
  async function device(): Promise<ZhibuDb> {
    const db = freshDb()
    await db.data('branches').bulkPut([
      { id: BRANCH, org_id: ORG, name: '机关第一党支部', active: true, _ver: 1 },
      { id: BRANCH2, org_id: ORG, name: '机关第二党支部', active: true, _ver: 1 },
      { id: '12000000-0000-4000-8000-000000000009', org_id: ORG, name: '已撤并党支部', active: false, _ver: 1 },
    ])
    await db.data('party_groups').bulkPut([
      { id: 'g-live', org_id: ORG, branch_id: BRANCH, name: '第一党小组', active: true, _ver: 1 },
      { id: 'g-old', org_id: ORG, branch_id: BRANCH, name: '原第三党小组', active: false, _ver: 1 },
      { id: 'g-gone', org_id: ORG, branch_id: BRANCH, name: '原第四党小组', active: false, _ver: 1 },
    ])
    await db.data('units').bulkPut([
      { id: 'u-live', org_id: ORG, name: '办公室', kind: 'department', active: true, _ver: 1 },
      { id: 'u-old', org_id: ORG, name: '原后勤科', kind: 'department', active: false, _ver: 1 },
    ])
    await db.data('members').put({ id: WANG, org_id: ORG, branch_id: BRANCH, group_id: 'g-old', name: '王强', member_type: 'full', status: 'active', _ver: 1 })
    return db
  }
  const optionTexts = (wrapper: { findAll: (s: string) => { text: () => string }[] }, selector: string) => wrapper.findAll(`${selector} option`).map((o) => o.text())

  test('should not offer a deactivated branch as a transfer destination', async () => {
    const { wrapper } = await mountMemberView(RosterMemberView, { db: await device(), roles: ['secretary'], path: `/r/${WANG}`, routes: [{ path: '/r/:memberId', component: RosterMemberView }, { path: '/', name: 'home', component: RosterMemberView }] })
    await until(() => expect(wrapper.find('[data-testid="roster-transfer-branch"]').exists()).toBe(true))
    expect(optionTexts(wrapper, '[data-testid="roster-transfer-branch"]').slice(1)).toEqual(['机关第二党支部'])
    wrapper.unmount()
  })

  test('should offer active groups and units in the roster form, and the deactivated group the person is already in', async () => {
    const { wrapper } = await mountMemberView(RosterFormView, { db: await device(), roles: ['secretary'], path: `/r/${WANG}/edit`, routes: [{ path: '/r/:memberId/edit', component: RosterFormView }, { path: '/', name: 'home', component: RosterFormView }] })
    const options = (name: string) => wrapper.findAll('select').map((s) => s.findAll('option').map((o) => o.text())).find((o) => o.includes(name))?.slice(1)
    await until(() => expect(options('第一党小组')).toEqual(['第一党小组', '原第三党小组']))
    await until(() => expect(options('办公室')).toEqual(['办公室']))
    wrapper.unmount()
  })
})
