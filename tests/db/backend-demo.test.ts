import { createClient, type SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import WebSocket from 'ws'
import { startLocalBackendServer, type LocalBackendServer } from '../../supabase/local/serve'

// The project's own migrations and seed behind the local backend, as `npm run dev` serves them.

const PASSWORD = 'Zhibu@2026'
let server: LocalBackendServer

function client(): SupabaseClient {
  return createClient(server.url, server.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as never },
  })
}

beforeAll(async () => {
  server = await startLocalBackendServer()
})

afterAll(async () => {
  await server?.close()
})

describe('demo organisation through the local backend', () => {
  test('should let the demo member sign in and see themself with a name through me()', async () => {
    const supabase = client()
    const { error } = await supabase.auth.signInWithPassword({ email: 'member@demo.zhibu.cn', password: PASSWORD })
    expect(error).toBeNull()
    const { data, error: rpcError } = await supabase.rpc('me')
    expect(rpcError).toBeNull()
    expect(data.email).toBe('member@demo.zhibu.cn')
    expect(data.member?.name).toBe('李晓梅')
    expect(data.roles).toContainEqual(expect.objectContaining({ role: 'member' }))
  })

  test('should let every demo login sign in by phone number', async () => {
    for (const [n, role] of [[1, 'member'], [2, 'organizer'], [3, 'secretary'], [4, 'leader'], [5, 'admin']] as const) {
      const supabase = client()
      const { error } = await supabase.auth.signInWithPassword({ phone: `1390000000${n}`, password: PASSWORD })
      expect(error).toBeNull()
      const { data } = await supabase.rpc('me')
      expect(data.roles.map((r: { role: string }) => r.role)).toContain(role)
    }
  })

  test('should refuse me() to anon with 401', async () => {
    const { status, error } = await client().rpc('me')
    expect(status).toBe(401)
    expect(error?.code).toBe('42501')
  })

  test('should link a new login to its roster row with join_branch', async () => {
    await server.backend.db.query(
      `insert into auth.users (id, aud, role, email, phone, phone_confirmed_at, encrypted_password, email_confirmed_at)
       values ('30000000-0000-4000-8000-000000000001', 'authenticated', 'authenticated', 'liuyang@example.test',
               '8613900000011', now(), extensions.crypt($1, extensions.gen_salt('bf')), now())`,
      [PASSWORD],
    )
    const supabase = client()
    expect((await supabase.auth.signInWithPassword({ email: 'liuyang@example.test', password: PASSWORD })).error).toBeNull()
    const before = await supabase.rpc('me')
    expect(before.data.member).toBeNull()

    const wrongCode = await supabase.rpc('join_branch', { p_invite_code: 'NOPE00', p_phone: '13900000011' })
    expect(wrongCode.status).toBe(400)
    expect(wrongCode.error?.code).toBe('P0001')

    const { data, error } = await supabase.rpc('join_branch', { p_invite_code: 'zb1001', p_phone: '13900000011' })
    expect(error).toBeNull()
    expect(data.member?.name).toBe('刘洋')
    expect((await supabase.rpc('me')).data.member?.name).toBe('刘洋')
  })
})
