import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createClient } from '@supabase/supabase-js'
import WebSocket from 'ws'
import { supabaseAnonKey } from '@/data/config'
import { supabaseReviewRpc, type ReviewRpc } from '@/data/repositories/review'
import { FIGURE_KEYS, type FigureKey } from '@/domain/review'

export const BRANCH_A = '11111111-1111-4111-8111-111111111111'
export const BRANCH_B = '22222222-2222-4222-8222-222222222222'
export const EVENT_1 = '33333333-3333-4333-8333-333333333333'
export const GROUP_1 = '44444444-4444-4444-8444-444444444444'

/** Answers of the shapes the review functions document, for a year of two branches. */
export function documentedAnswers(year: number): Record<string, (args: Record<string, unknown>) => unknown> {
  const figures = Object.fromEntries(FIGURE_KEYS.map((k, i) => [k, i + 1])) as Record<FigureKey, number | null>
  figures.donation_fen = 1_234_500
  figures.xuexi_total = null
  return {
    review_participation: () => ({
      year,
      rows: [
        { branch_id: BRANCH_A, month: 1, kind: 'theme_day', events: 1, expected: 10, present: 8, late: 1, leave: 1, absent: 0 },
        { branch_id: BRANCH_A, month: 2, kind: 'committee_meeting', events: 1, expected: 5, present: 5, late: 0, leave: 0, absent: 0 },
        { branch_id: BRANCH_B, month: 1, kind: 'theme_day', events: 1, expected: 20, present: 10, late: 0, leave: 2, absent: 8 },
        { branch_id: BRANCH_B, month: 3, kind: 'training', events: 2, expected: 30, present: 24, late: 3, leave: 0, absent: 3 },
      ],
    }),
    review_held: () => ({
      year,
      rows: [
        { branch_id: BRANCH_A, month: 1, kind: 'theme_day', held: 1 },
        { branch_id: BRANCH_A, month: 1, kind: 'committee_meeting', held: 1 },
        { branch_id: BRANCH_A, month: 2, kind: 'committee_meeting', held: 1 },
        { branch_id: BRANCH_A, month: 1, kind: 'group_meeting', held: 1, group_id: GROUP_1 },
        { branch_id: BRANCH_B, month: 1, kind: 'theme_day', held: 1 },
      ],
    }),
    review_branches: () => ({
      branches: [
        { id: BRANCH_A, name: '机关第一党支部', unit_id: null, unit_name: '办公室', active: true, party_members: 10, staff: 14 },
        { id: BRANCH_B, name: '机关第二党支部', unit_id: null, unit_name: null, active: true, party_members: 20, staff: 31 },
      ],
    }),
    review_totals: () => ({ year, figures, goods: [{ name: '电视机', unit: '台', quantity: 2 }] }),
    review_figure_records: (args) => ({
      figure: args.p_figure,
      rows: [{ id: 'r1', on: `${year}-01-12`, branch_name: '机关第一党支部', label: '博爱一日捐', detail: null, value: 50_000 }],
    }),
    review_branch_events: () => ({
      events: [
        { id: EVENT_1, kind: 'theme_day', title: '一月主题党日', starts_at: `${year}-01-15T01:00:00Z`, status: 'held', expected: 10, present: 8, late: 1, leave: 1, absent: 0 },
      ],
    }),
    review_member_attendance: () => ({
      year,
      rows: [
        { member_id: 'm1', name: '李晓梅', branch_id: BRANCH_A, branch_name: '机关第一党支部', group_name: '第一党小组', expected: 8, present: 6, late: 1, leave: 1, absent: 0 },
        { member_id: 'm2', name: '杨帆', branch_id: BRANCH_B, branch_name: '机关第二党支部', group_name: null, expected: 0, present: 0, late: 0, leave: 0, absent: 0 },
      ],
    }),
    review_event_attendance: () => ({
      event: { id: EVENT_1, kind: 'theme_day', title: '一月主题党日', starts_at: `${year}-01-15T01:00:00Z`, branch_name: '机关第一党支部' },
      rows: [
        { member_id: 'm1', name: '李晓梅', group_name: '第一党小组', status: 'present', checked_in_at: `${year}-01-15T01:02:00Z` },
        { member_id: 'm2', name: '杨帆', group_name: null, status: 'leave', checked_in_at: null },
      ],
    }),
  }
}

export interface Reply {
  status: number
  body: unknown
}

/** A PostgREST-shaped HTTP server on 127.0.0.1 answering `POST /rest/v1/rpc/<fn>` by `answer`. */
export async function startReviewServer(answer: (fn: string, args: Record<string, unknown>) => Reply) {
  const calls: { fn: string; args: Record<string, unknown> }[] = []
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = ''
      req.on('data', (c: Buffer) => (text += c.toString()))
      req.on('end', () => resolve(text))
    })
  const cors = {
    'access-control-allow-origin': '*',
    'access-control-allow-headers': '*',
    'access-control-allow-methods': 'POST, GET, OPTIONS',
  }
  const server: Server = createServer((req, res) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors)
      res.end()
      return
    }
    void read(req).then((text) => {
      const fn = /\/rest\/v1\/rpc\/([a-z_]+)/.exec(req.url ?? '')?.[1] ?? ''
      const args = text ? (JSON.parse(text) as Record<string, unknown>) : {}
      calls.push({ fn, args })
      const reply = answer(fn, args)
      res.writeHead(reply.status, { ...cors, 'content-type': 'application/json' })
      res.end(JSON.stringify(reply.body))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const client = createClient(url, supabaseAnonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as never },
  })
  const rpc: ReviewRpc = supabaseReviewRpc(async () => client)
  return {
    url,
    calls,
    rpc,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** Answers every function with the documented JSON for `year`. */
export function documented(year: number) {
  const answers = documentedAnswers(year)
  return (fn: string, args: Record<string, unknown>): Reply => {
    const make = answers[fn]
    return make ? { status: 200, body: make(args) } : { status: 404, body: { code: 'PGRST202', message: 'not found' } }
  }
}
