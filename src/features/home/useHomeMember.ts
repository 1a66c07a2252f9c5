import { computed } from 'vue'
import { chinaDay } from '@/domain/chinaTime'
import { checkinOpen } from '@/domain/checkin'
import { currentPersonalTemplate, signatureOf, type PledgeTemplateLike } from '@/domain/pledge'
import type { Clock } from '@/composables/useClock'
import type { DataRow, MemberDataSource } from '../records/useMemberData'
import { useLiveRows } from '../records/useMemberData'
import type { RecordOwner } from '../records/useOwnRecordForm'

export interface HomeMemberOptions {
  source: MemberDataSource
  clock: Clock
  owner: () => RecordOwner | null
  /** How many upcoming events to list after today's. */
  upcomingLimit?: number
}

export interface HomeEvent {
  event: DataRow
  today: boolean
  checkinOpen: boolean
  /** 已签到 / 已请假 … for the member, or null. */
  mine: string | null
}

export interface OwedItem {
  key: string
  text: string
  to: { name: string; params?: Record<string, string> }
}

const when = (iso: unknown) => String(iso)

/** 首页 for a member: today's and upcoming events of the branch, and what the member still owes. */
export function useHomeMember(options: HomeMemberOptions) {
  const { source } = options
  const branchQuery = (table: string) => () => (options.owner() ? { table, index: 'branch_id', equals: options.owner()!.branch_id } : null)
  const events = useLiveRows(source, branchQuery('events')).rows
  const attendance = useLiveRows(source, () => (options.owner() ? { table: 'attendance', index: 'member_id', equals: options.owner()!.id } : null)).rows
  const templates = useLiveRows(source, () => (options.owner() ? { table: 'pledge_templates', index: 'org_id', equals: options.owner()!.org_id } : null)).rows
  const signatures = useLiveRows(source, () => (options.owner() ? { table: 'pledge_signatures', index: 'member_id', equals: options.owner()!.id } : null)).rows

  const mineFor = (eventId: string) => attendance.value.find((a) => a.event_id === eventId) ?? null
  const stateOf = (a: DataRow | null) => {
    if (!a) return null
    if (a.status === 'leave') return a.leave_status === 'approved' ? '已请假' : a.leave_status === 'rejected' ? '请假未批准' : '请假待审批'
    return a.status === 'absent' ? '缺席' : '已签到'
  }

  const list = computed<HomeEvent[]>(() => {
    const now = options.clock()
    const today = chinaDay(now)
    const upcoming = events.value
      .filter((e) => {
        const end = e.ends_at ? Date.parse(when(e.ends_at)) : Date.parse(when(e.starts_at))
        return chinaDay(new Date(when(e.starts_at))) === today || end >= now.getTime()
      })
      .sort((a, b) => when(a.starts_at).localeCompare(when(b.starts_at)))
    const todays = upcoming.filter((e) => chinaDay(new Date(when(e.starts_at))) === today)
    const later = upcoming.filter((e) => chinaDay(new Date(when(e.starts_at))) !== today).slice(0, options.upcomingLimit ?? 5)
    return [...todays, ...later].map((event) => ({
      event,
      today: chinaDay(new Date(when(event.starts_at))) === today,
      checkinOpen: checkinOpen({ starts_at: when(event.starts_at), ends_at: (event.ends_at as string | null) ?? null }, now),
      mine: stateOf(mineFor(event.id)),
    }))
  })

  const owed = computed<OwedItem[]>(() => {
    const owner = options.owner()
    if (!owner) return []
    const items: OwedItem[] = []
    const year = Number(chinaDay(options.clock()).slice(0, 4))
    const template = currentPersonalTemplate(templates.value as unknown as (PledgeTemplateLike & DataRow)[], year)
    if (template && !signatureOf(signatures.value as never[], template.id, owner.id)) {
      items.push({ key: 'pledge', text: `签署${year}年度${String(template.title)}`, to: { name: 'pledge' } })
    }
    const titleOf = (id: unknown) => String(events.value.find((e) => e.id === id)?.title ?? '活动')
    for (const a of attendance.value) {
      if (a.makeup_required && !a.makeup_done_at) items.push({ key: `makeup:${a.id}`, text: `补课：${titleOf(a.event_id)}`, to: { name: 'my-record' } })
      if (a.status === 'leave' && a.leave_status === 'pending') {
        items.push({ key: `leave:${a.id}`, text: `请假待审批：${titleOf(a.event_id)}`, to: { name: 'checkin-leave', params: { eventId: String(a.event_id) } } })
      }
    }
    return items
  })

  return { list, owed }
}
