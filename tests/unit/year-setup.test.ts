/**
 * The year's setup (年度工作): its pure rules (src/domain/yearSetup.ts, template versions in
 * pledge.ts) and its screens on the real repositories (fake-indexeddb); the server's read
 * functions answer through an injected rpc in the shape tests/db/year-setup.test.ts checks.
 */
import { createHash } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { defineComponent } from 'vue'
import type { VueWrapper } from '@vue/test-utils'
import { createRepositories } from '@/data/repositories'
import type { YearSetupRpc } from '@/data/repositories/yearSetup'
import { REPOSITORIES } from '@/composables/useRepositories'
import { currentTemplate, yearSignatureOf } from '@/domain/pledge'
import { attendanceRowId } from '@/domain/syncIds'
import { campaignProblems, templateAction, xuexiProblems, xuexiRate, xuexiUsageRowId } from '@/domain/yearSetup'
import PledgeSignView from '@/features/pledges/PledgeSignView.vue'
import SetupCampaignForm from '@/features/setup/SetupCampaignForm.vue'
import SetupTemplateView from '@/features/setup/SetupTemplateView.vue'
import SetupXuexiView from '@/features/setup/SetupXuexiView.vue'
import { BRANCH, ME, ORG, freshDb, mountMemberView, until } from './member-support'

const UNIT = '11000000-0000-4000-8000-000000000002'
const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')
const template = (id: string, year: number, kind: 'personal' | 'department', body: string, version?: number) => ({
  id,
  org_id: ORG,
  year,
  kind,
  version,
  title: kind === 'personal' ? '干部职工廉洁从政承诺书' : '党风廉政建设责任书',
  body,
  body_sha256: sha(body),
  _ver: 1,
})
const Blank = defineComponent({ render: () => null })
let mounted: VueWrapper | null = null

beforeEach(() => {
  vi.spyOn(HTMLCanvasElement.prototype, 'getBoundingClientRect').mockReturnValue({ left: 0, top: 0, width: 300, height: 100, right: 300, bottom: 100, x: 0, y: 0, toJSON: () => ({}) })
})
afterEach(() => {
  mounted?.unmount()
  mounted = null
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

describe('rules', () => {
  const t2025 = template('a0000000-0000-4000-8000-000000000001', 2025, 'personal', '去年的承诺')
  const t2026 = template('a0000000-0000-4000-8000-000000000002', 2026, 'personal', '今年的承诺')
  const t2026v2 = template('a0000000-0000-4000-8000-000000000003', 2026, 'personal', '今年的承诺（第二版）', 2)

  test('a year without a template starts from last year\'s latest text', () => {
    expect(templateAction([t2025], 2026, 'personal', new Set())).toEqual({ kind: 'create', version: 1, from: t2025 })
    expect(templateAction([t2025], 2026, 'department', new Set())).toEqual({ kind: 'create', version: 1, from: null })
  })

  test('an unsigned template is edited; a signed one gets the next version', () => {
    expect(templateAction([t2025, t2026], 2026, 'personal', new Set())).toEqual({ kind: 'edit', template: t2026 })
    expect(templateAction([t2025, t2026], 2026, 'personal', new Set([t2026.id]))).toEqual({ kind: 'newVersion', version: 2, from: t2026 })
    expect(templateAction([t2026, t2026v2], 2026, 'personal', new Set([t2026.id]))).toEqual({ kind: 'edit', template: t2026v2 })
  })

  test('the current template is the latest version; a signature of any version of the year counts', () => {
    expect(currentTemplate([t2026v2, t2026, t2025], 2026, 'personal')).toBe(t2026v2)
    const signatures = [{ template_id: t2026.id, member_id: ME }]
    expect(yearSignatureOf(signatures, [t2026, t2026v2], 2026, 'personal', { memberId: ME })).toBe(signatures[0])
    expect(yearSignatureOf(signatures, [t2025, t2026, t2026v2], 2025, 'personal', { memberId: ME })).toBeNull()
    expect(yearSignatureOf(signatures, [t2026], 2026, 'personal', { unitId: UNIT })).toBeNull()
  })

  test('学习强国: using never above total; the rate is whole percent, none without members', () => {
    expect(xuexiProblems({ month: '2026-03', total: 18, using: 19 })).toEqual({ using: { code: 'setup.usingOverTotal', params: { total: 18 } } })
    expect(xuexiProblems({ month: '2026-13', total: 18, using: 18 })).toEqual({ month: { code: 'setup.monthInvalid' } })
    expect(xuexiProblems({ month: '2026-03', total: 18, using: 18 })).toEqual({})
    expect(xuexiRate([{ members_total: 18, members_using: 17 }, { members_total: 14, members_using: 13 }])).toBe(93)
    expect(xuexiRate([{ members_total: 0, members_using: 0 }])).toBeNull()
    expect(xuexiRate([])).toBeNull()
  })

  test('学习强国 row ids: one per branch and month, the same on every device', () => {
    expect(xuexiUsageRowId(BRANCH, '2026-03-01')).toBe(xuexiUsageRowId(BRANCH, '2026-03-01'))
    expect(xuexiUsageRowId(BRANCH, '2026-03-01')).not.toBe(xuexiUsageRowId(BRANCH, '2026-04-01'))
    expect(xuexiUsageRowId(BRANCH, '2026-03-01')).toBe(attendanceRowId(BRANCH, '20260301-0000-8000-8000-000000000000'))
  })

  test('a campaign needs a name, ends after it starts, and an amount handed over needs its day', () => {
    const base = { name: '博爱一日捐', recipient: '', starts_on: '2026-05-06', ends_on: '2026-05-20', handed_over_on: null, handed_over_fen: null, receipt_note: '' }
    expect(campaignProblems(base)).toEqual({})
    expect(campaignProblems({ ...base, name: '  ' })).toEqual({ name: { code: 'setup.nameRequired' } })
    expect(campaignProblems({ ...base, ends_on: '2026-05-01' })).toEqual({ ends_on: { code: 'setup.datesOrder' } })
    expect(campaignProblems({ ...base, handed_over_fen: 100 })).toEqual({ handed_over_on: { code: 'setup.handedOverWithoutDate' } })
  })
})

function draw(canvas: Element, points: [number, number][]) {
  const fire = (type: string, [x, y]: [number, number]) =>
    canvas.dispatchEvent(Object.assign(new MouseEvent(type, { clientX: x, clientY: y, bubbles: true, cancelable: true }), { pointerId: 1 }))
  fire('pointerdown', points[0]!)
  for (const p of points.slice(1)) fire('pointermove', p)
  fire('pointerup', points[points.length - 1]!)
}

describe('the unit head signs the 党风廉政建设责任书', () => {
  test('stores the unit\'s signature (no member, no branch) with the text hash, then shows it signed', async () => {
    const db = freshDb()
    const body = '党风廉政建设责任书正文'
    await db.data('pledge_templates').put(template('1c000000-0000-4000-8000-000000000002', 2026, 'department', body))
    await db.data('units').put({ id: UNIT, org_id: ORG, name: '财务处', kind: 'department', head_member_id: ME, _ver: 1 })
    const { wrapper } = await mountMemberView(PledgeSignView, {
      db,
      routes: [{ path: '/pledge/unit/:unitId', name: 'pledge-unit', component: PledgeSignView }, { path: '/', name: 'home', component: Blank }],
      path: `/pledge/unit/${UNIT}`,
    })
    mounted = wrapper
    await until(() => expect(wrapper.get('[data-testid="pledge-as-head"]').text()).toBe('你是本单位负责人，代表本单位签署'))
    const canvas = wrapper.get('[data-testid="pledge-pad"]').element
    draw(canvas, Array.from({ length: 8 }, (_, i) => [30 + i * 10, 50] as [number, number]))
    draw(canvas, Array.from({ length: 6 }, (_, i) => [150, 20 + i * 10] as [number, number]))
    await wrapper.get('[data-testid="pledge-submit"]').trigger('click')
    await until(() => expect(wrapper.find('[data-testid="pledge-signed"]').exists()).toBe(true))
    const rows = await db.data('pledge_signatures').toArray()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ unit_id: UNIT, member_id: null, branch_id: null, template_id: '1c000000-0000-4000-8000-000000000002', signed_text_sha256: sha(body) })
    expect((await db._outbox.toArray()).map((e) => e.ops.map((o) => [o.table, o.op]))).toEqual([[['pledge_signatures', 'upsert']]])
  })
})

/** Repositories whose server answers come from `answers` (function name → JSON). */
function withServer(db: ReturnType<typeof freshDb>, answers: Record<string, unknown>) {
  const calls: string[] = []
  const rpc: YearSetupRpc = async (fn, args) => {
    calls.push(`${fn}(${JSON.stringify(args)})`)
    return fn in answers ? { ok: true, data: answers[fn] } : { ok: false, status: 0, message: 'offline' }
  }
  return { repos: createRepositories({ db, yearSetupRpc: rpc }), calls }
}
const progressOf = (signed: string[]) => ({
  year: 2026,
  persons: { signed: 0, expected: 1, missing: [{ member_id: ME, name: '李晓梅', branch_name: '机关第一党支部' }] },
  units: { signed: 0, total: 1, missing: [{ unit_id: UNIT, name: '财务处', kind: 'department' }] },
  signed_templates: signed,
})

describe('templates (admin)', () => {
  const last = template('b0000000-0000-4000-8000-000000000001', 2025, 'personal', '2025年承诺正文')
  const current = template('b0000000-0000-4000-8000-000000000002', 2026, 'personal', '2026年承诺正文')
  const mountTemplate = async (signed: string[], rows: ReturnType<typeof template>[]) => {
    const db = freshDb()
    for (const row of rows) await db.data('pledge_templates').put(row)
    const { repos } = withServer(db, { pledge_progress: progressOf(signed) })
    const view = await mountMemberView(SetupTemplateView, {
      db,
      roles: ['admin'],
      routes: [{ path: '/admin/year/template/:kind', name: 'setup-template', component: SetupTemplateView }, { path: '/', name: 'home', component: Blank }],
      path: '/admin/year/template/personal?year=2026',
      provide: { [REPOSITORIES as symbol]: repos },
    })
    mounted = view.wrapper
    return { ...view, db }
  }

  test('creates this year\'s from last year\'s text, as version 1 with the hash of what was typed', async () => {
    const { wrapper, db } = await mountTemplate([], [last])
    await until(() => expect(wrapper.get('[data-testid="setup-template-note"]').text()).toBe('已带入2025年度的正文，请修改后发布'))
    expect((wrapper.get('#setup-template-body').element as HTMLTextAreaElement).value).toBe('2025年承诺正文')
    await wrapper.get('#setup-template-body').setValue('2026年承诺正文\r\n第二条')
    await wrapper.get('form').trigger('submit')
    await until(async () => expect(await db.data('pledge_templates').count()).toBe(2))
    const made = (await db.data('pledge_templates').toArray()).find((r) => r.year === 2026)!
    expect(made).toMatchObject({ kind: 'personal', version: 1, body: '2026年承诺正文\n第二条', body_sha256: sha('2026年承诺正文\n第二条'), title: '干部职工廉洁从政承诺书' })
  })

  test('once someone signed, saving publishes version 2 and leaves the signed text as it was', async () => {
    const { wrapper, db } = await mountTemplate([current.id], [last, current])
    await until(() => expect(wrapper.get('[data-testid="setup-template-note"]').text()).toContain('保存将发布第2版'))
    await wrapper.get('#setup-template-body').setValue('2026年承诺正文（修订）')
    await wrapper.get('form').trigger('submit')
    await until(async () => expect(await db.data('pledge_templates').count()).toBe(3))
    expect(await db.data('pledge_templates').get(current.id)).toMatchObject({ body: '2026年承诺正文', _ver: 1 })
    const outbox = await db._outbox.toArray()
    expect(outbox.flatMap((e) => e.ops.map((o) => [o.table, o.op]))).toEqual([['pledge_templates', 'upsert']])
    expect(outbox[0]!.ops[0]!.id).not.toBe(current.id)
  })

  test('an empty text is refused, and nothing is stored', async () => {
    const { wrapper, db } = await mountTemplate([], [current])
    await until(() => expect(wrapper.get('[data-testid="setup-template-note"]').text()).toBe('第1版尚无人签署，可以直接修改'))
    await wrapper.get('#setup-template-body').setValue('   ')
    await wrapper.get('form').trigger('submit')
    await until(() => expect(wrapper.text()).toContain('请填写正文'))
    expect(await db._outbox.count()).toBe(0)
  })

  test('offline: says it cannot tell whether anyone signed, and offers no save', async () => {
    const db = freshDb()
    const { repos } = withServer(db, {})
    const { wrapper } = await mountMemberView(SetupTemplateView, {
      db,
      roles: ['admin'],
      routes: [{ path: '/admin/year/template/:kind', name: 'setup-template', component: SetupTemplateView }, { path: '/', name: 'home', component: Blank }],
      path: '/admin/year/template/department',
      provide: { [REPOSITORIES as symbol]: repos },
    })
    mounted = wrapper
    await until(() => expect(wrapper.get('[role="alert"]').text()).toContain('离线时无法读取，请联网后重试'))
    expect(wrapper.find('[data-testid="setup-template-save"]').exists()).toBe(false)
  })
})

describe('学习强国 usage (secretary)', () => {
  const mountXuexi = async () => {
    const db = freshDb()
    await db.data('branches').put({ id: BRANCH, org_id: ORG, name: '机关第一党支部', sort_order: 1, _ver: 1 })
    await db.data('branches').put({ id: '12000000-0000-4000-8000-000000000002', org_id: ORG, name: '机关第二党支部', sort_order: 2, _ver: 1 })
    const view = await mountMemberView(SetupXuexiView, {
      db,
      roles: ['secretary'],
      now: new Date('2026-04-10T02:00:00Z'),
      routes: [{ path: '/admin/year/xuexi', name: 'setup-xuexi', component: SetupXuexiView }, { path: '/', name: 'home', component: Blank }],
      path: '/admin/year/xuexi',
    })
    mounted = view.wrapper
    return { ...view, db }
  }

  test('records last month for his own branch only, with the id every device derives', async () => {
    const { wrapper, db } = await mountXuexi()
    await until(() => expect(wrapper.find(`[data-testid="xuexi-branch-${BRANCH}"]`).exists()).toBe(true))
    expect(wrapper.findAll('fieldset')).toHaveLength(1)
    expect((wrapper.get('[data-testid="xuexi-month"] input').element as HTMLInputElement).value).toBe('2026-03')
    const inputs = wrapper.get(`[data-testid="xuexi-branch-${BRANCH}"]`).findAll('input')
    await inputs[0]!.setValue('１８')
    await inputs[1]!.setValue('16')
    await wrapper.get('form').trigger('submit')
    await until(() => expect(wrapper.get('[data-testid="xuexi-saved"]').text()).toBe('已保存，联网后自动同步'))
    expect(await db.data('xuexi_usage').toArray()).toEqual([
      expect.objectContaining({ id: xuexiUsageRowId(BRANCH, '2026-03-01'), branch_id: BRANCH, month: '2026-03-01', members_total: 18, members_using: 16 }),
    ])
    await until(() => expect(wrapper.get('[data-testid="xuexi-rate"]').text()).toBe('2026年使用率 88%'))
  })

  test('refuses more users than members, keeps what was typed, stores nothing', async () => {
    const { wrapper, db } = await mountXuexi()
    await until(() => expect(wrapper.find(`[data-testid="xuexi-branch-${BRANCH}"]`).exists()).toBe(true))
    const inputs = wrapper.get(`[data-testid="xuexi-branch-${BRANCH}"]`).findAll('input')
    await inputs[0]!.setValue('18')
    await inputs[1]!.setValue('19')
    await wrapper.get('form').trigger('submit')
    await until(() => expect(wrapper.text()).toContain('使用人数不能多于人员总数（18人）'))
    expect((inputs[1]!.element as HTMLInputElement).value).toBe('19')
    expect(await db.data('xuexi_usage').count()).toBe(0)
    expect(await db._outbox.count()).toBe(0)
  })
})

describe('campaigns (admin)', () => {
  test('saves the hand-over read exactly in fen; an amount without its day is refused first', async () => {
    const db = freshDb()
    const { wrapper } = await mountMemberView(SetupCampaignForm, {
      db,
      roles: ['admin'],
      routes: [{ path: '/admin/year/campaign/:id?', name: 'setup-campaign', component: SetupCampaignForm }, { path: '/', name: 'home', component: Blank }],
      path: '/admin/year/campaign?year=2026',
    })
    mounted = wrapper
    await wrapper.get('[data-testid="campaign-name"] input').setValue('2026年“博爱一日捐”')
    await wrapper.get('[data-testid="campaign-handed-over"] input').setValue('1,234.50')
    await wrapper.get('form').trigger('submit')
    await until(() => expect(wrapper.text()).toContain('填写了交付金额，请同时填写交付日期'))
    expect(await db.data('donation_campaigns').count()).toBe(0)
    await wrapper.get('[data-testid="campaign-handed-over-on"] input').setValue('2026-05-22')
    await wrapper.get('form').trigger('submit')
    await until(() => expect(wrapper.get('[data-testid="campaign-saved"]').text()).toBe('已保存，联网后自动同步'))
    const rows = await db.data('donation_campaigns').toArray()
    expect(rows).toEqual([expect.objectContaining({ org_id: ORG, year: 2026, name: '2026年“博爱一日捐”', handed_over_fen: 123450, handed_over_on: '2026-05-22' })])
    // Saving again edits the same campaign.
    await wrapper.get('form').trigger('submit')
    await until(async () => expect(await db._outbox.count()).toBeGreaterThan(0))
    expect(await db.data('donation_campaigns').count()).toBe(1)
  })
})

describe('首页 for a unit head', () => {
  test('lists the unit\'s 责任书 to sign until the unit\'s signature is on the phone', async () => {
    const { default: HomeOwedList } = await import('@/features/home/HomeOwedList.vue')
    const db = freshDb()
    const body = '党风廉政建设责任书正文'
    await db.data('pledge_templates').put(template('1c000000-0000-4000-8000-000000000002', 2026, 'department', body))
    await db.data('units').put({ id: UNIT, org_id: ORG, name: '财务处', kind: 'department', head_member_id: ME, _ver: 1 })
    await db.data('units').put({ id: '11000000-0000-4000-8000-000000000003', org_id: ORG, name: '资产管理处', kind: 'department', head_member_id: null, _ver: 1 })
    const { wrapper } = await mountMemberView(HomeOwedList, {
      db,
      routes: [{ path: '/view', name: 'view', component: HomeOwedList }, { path: '/pledge/unit/:unitId', name: 'pledge-unit', component: Blank }, { path: '/pledge', name: 'pledge', component: Blank }, { path: '/', name: 'home', component: Blank }],
      path: '/view',
    })
    mounted = wrapper
    await until(() => expect(wrapper.findAll('[data-testid="home-owed-unit-pledge"]').map((w) => w.text())).toEqual(['签署财务处的《党风廉政建设责任书》']))
    expect(wrapper.get('[data-testid="home-owed-unit-pledge"] a').attributes('href')).toBe(`/pledge/unit/${UNIT}`)
    await db.data('pledge_signatures').put({
      id: 'c0000000-0000-4000-8000-000000000001', org_id: ORG, branch_id: null, member_id: null, unit_id: UNIT, template_id: '1c000000-0000-4000-8000-000000000002',
      signer_name: '李晓梅', signed_text_sha256: sha(body), strokes: [[{ x: 0.1, y: 0.1, t: 0 }, { x: 0.2, y: 0.2, t: 5 }, { x: 0.3, y: 0.1, t: 9 }]], signed_at: '2026-03-10T07:00:00Z', _ver: 1,
    })
    await until(() => expect(wrapper.findAll('[data-testid="home-owed-unit-pledge"]')).toHaveLength(0))
  })
})

describe('the year\'s overview and a blood drive (admin)', () => {
  test('shows X of Y units and persons from pledge_progress, and who is missing', async () => {
    const { default: SetupYearView } = await import('@/features/setup/SetupYearView.vue')
    const db = freshDb()
    const { repos, calls } = withServer(db, { pledge_progress: progressOf([]) })
    const { wrapper } = await mountMemberView(SetupYearView, {
      db,
      roles: ['admin'],
      routes: [{ path: '/admin/year', name: 'setup-year', component: SetupYearView }, { path: '/:rest(.*)*', name: 'other', component: Blank }],
      path: '/admin/year?year=2026',
      provide: { [REPOSITORIES as symbol]: repos },
    })
    mounted = wrapper
    await until(() => expect(wrapper.get('[data-testid="setup-progress-units"]').text()).toBe('责任书：0 / 1 个单位已签'))
    expect(wrapper.get('[data-testid="setup-progress-persons"]').text()).toBe('承诺书：0 / 1 人已签')
    expect(wrapper.get('[data-testid="setup-progress"]').text()).toContain('未签单位：财务处（处室）')
    expect(wrapper.get('[data-testid="setup-template-personal"]').text()).toContain('未发布')
    expect(calls).toEqual(['pledge_progress({"p_year":2026})'])
  })

  test('records a registered member\'s donation in his own branch, linked to the drive', async () => {
    const { default: SetupBloodDriveView } = await import('@/features/setup/SetupBloodDriveView.vue')
    const db = freshDb()
    const DRIVE = 'd0000000-0000-4000-8000-000000000001'
    const SECOND = '12000000-0000-4000-8000-000000000002'
    const PERSON = '15000000-0000-4000-8000-000000000020'
    const { repos } = withServer(db, {
      blood_drive_roll: {
        event: { id: DRIVE, title: '机关无偿献血日', starts_at: '2026-09-15T17:00:00Z', place: '市中心血站', branch_id: null },
        registered: [{ member_id: PERSON, name: '吴佳怡', branch_id: SECOND, branch_name: '机关第二党支部', status: 'present' }],
        donations: [],
      },
      org_people: { people: [
        { member_id: PERSON, name: '吴佳怡', branch_id: SECOND, branch_name: '机关第二党支部', unit_id: null },
        { member_id: ME, name: '李晓梅', branch_id: BRANCH, branch_name: '机关第一党支部', unit_id: null },
      ] },
    })
    const { wrapper } = await mountMemberView(SetupBloodDriveView, {
      db,
      roles: ['admin'],
      routes: [{ path: '/admin/year/blood/:eventId', name: 'setup-blood', component: SetupBloodDriveView }, { path: '/', name: 'home', component: Blank }],
      path: `/admin/year/blood/${DRIVE}`,
      provide: { [REPOSITORIES as symbol]: repos },
    })
    mounted = wrapper
    await until(() => expect(wrapper.get('[data-testid="blood-totals"]').text()).toBe('报名1人， 献血0人，共0毫升'))
    await wrapper.get('[data-testid="blood-volume"] input').setValue('300')
    await wrapper.get('form').trigger('submit')
    await until(() => expect(wrapper.text()).toContain('请选择献血人'))
    expect(await db.data('blood_donations').count()).toBe(0)
    await wrapper.get('[data-testid="blood-member"]').setValue(PERSON)
    await wrapper.get('[data-testid="blood-volume"] input').setValue('900')
    await wrapper.get('form').trigger('submit')
    await until(() => expect(wrapper.text()).toContain('不能大于 800'))
    await wrapper.get('[data-testid="blood-volume"] input').setValue('300')
    await wrapper.get('form').trigger('submit')
    await until(() => expect(wrapper.get('[data-testid="blood-totals"]').text()).toBe('报名1人， 献血1人，共300毫升'))
    expect(await db.data('blood_donations').toArray()).toEqual([
      expect.objectContaining({ org_id: ORG, branch_id: SECOND, member_id: PERSON, event_id: DRIVE, volume_ml: 300, donated_on: '2026-09-16' }),
    ])
    // Someone who gave without registering: chosen from the roster, recorded in his own branch.
    await wrapper.get('[data-testid="blood-member"]').setValue(ME)
    await wrapper.get('[data-testid="blood-volume"] input').setValue('200')
    await wrapper.get('form').trigger('submit')
    await until(() => expect(wrapper.get('[data-testid="blood-totals"]').text()).toBe('报名1人， 献血2人，共500毫升'))
    expect((await db.data('blood_donations').toArray()).find((r) => r.member_id === ME)).toMatchObject({ branch_id: BRANCH, volume_ml: 200 })
  })
})

describe('offline', () => {
  test('the year\'s overview shows the progress last fetched, with its time, when the server cannot be reached', async () => {
    const { default: SetupYearView } = await import('@/features/setup/SetupYearView.vue')
    const db = freshDb()
    const first = withServer(db, { pledge_progress: progressOf([]) })
    expect(await first.repos.yearSetup.pledgeProgress(2026)).toMatchObject({ ok: true, value: { units: { signed: 0, total: 1 } } })
    const offline = withServer(db, {})
    const { wrapper } = await mountMemberView(SetupYearView, {
      db,
      roles: ['admin'],
      routes: [{ path: '/admin/year', name: 'setup-year', component: SetupYearView }, { path: '/:rest(.*)*', name: 'other', component: Blank }],
      path: '/admin/year?year=2026',
      provide: { [REPOSITORIES as symbol]: offline.repos },
    })
    mounted = wrapper
    await until(() => expect(wrapper.get('[data-testid="setup-progress-units"]').text()).toBe('责任书：0 / 1 个单位已签'))
    expect(wrapper.get('[data-testid="setup-progress-kept"]').text()).toMatch(/^离线，显示的是2026.+的数据/)
  })

  test('a refusal forgets the kept answer', async () => {
    const db = freshDb()
    await withServer(db, { pledge_progress: progressOf([]) }).repos.yearSetup.pledgeProgress(2026)
    const refusing = createRepositories({ db, yearSetupRpc: async () => ({ ok: false, status: 403, code: '42501', message: '无权查看' }) })
    expect(await refusing.yearSetup.pledgeProgress(2026)).toEqual({ ok: false, problem: 'forbidden' })
    expect(await withServer(db, {}).repos.yearSetup.pledgeProgress(2026)).toEqual({ ok: false, problem: 'offline' })
  })
})

describe('in English', () => {
  test('the unit\'s signing page and the 学习强国 form show no Chinese outside the data', async () => {
    const db = freshDb()
    await db.data('pledge_templates').put(template('1c000000-0000-4000-8000-000000000002', 2026, 'department', 'Agreement text'))
    await db.data('branches').put({ id: BRANCH, org_id: ORG, name: 'First branch', sort_order: 1, _ver: 1 })
    const sign = await mountMemberView(PledgeSignView, {
      db,
      locale: 'en',
      routes: [{ path: '/pledge/unit/:unitId', name: 'pledge-unit', component: PledgeSignView }, { path: '/', name: 'home', component: Blank }],
      path: `/pledge/unit/${UNIT}`,
    })
    mounted = sign.wrapper
    await until(() => expect(sign.wrapper.get('[data-testid="pledge-as-head"]').text()).toBe('You head this unit and sign on its behalf'))
    expect(sign.wrapper.text().replace('党风廉政建设责任书', '')).not.toMatch(/[\u3400-\u9fff]/)
    sign.wrapper.unmount()
    const xuexi = await mountMemberView(SetupXuexiView, {
      db,
      locale: 'en',
      roles: ['secretary'],
      routes: [{ path: '/admin/year/xuexi', name: 'setup-xuexi', component: SetupXuexiView }, { path: '/', name: 'home', component: Blank }],
      path: '/admin/year/xuexi',
    })
    mounted = xuexi.wrapper
    await until(() => expect(xuexi.wrapper.find(`[data-testid="xuexi-branch-${BRANCH}"]`).exists()).toBe(true))
    await xuexi.wrapper.get('form').trigger('submit')
    expect(xuexi.wrapper.text()).toContain('People using it')
    expect(xuexi.wrapper.text()).not.toMatch(/[\u3400-\u9fff]/)
  })
})

describe('支部 for the secretary', () => {
  test('opens who in the branch has signed this year\'s pledge, without units', async () => {
    const { default: BranchPledgeProgress } = await import('@/components/BranchPledgeProgress.vue')
    const db = freshDb()
    const { repos, calls } = withServer(db, {
      pledge_progress: { year: 2026, persons: { signed: 2, expected: 3, missing: [{ member_id: ME, name: '李晓梅', branch_name: '机关第一党支部' }] }, units: null },
    })
    const { wrapper } = await mountMemberView(BranchPledgeProgress, {
      db,
      roles: ['secretary'],
      routes: [{ path: '/view', name: 'view', component: BranchPledgeProgress }, { path: '/', name: 'home', component: Blank }],
      path: '/view',
      provide: { [REPOSITORIES as symbol]: repos },
    })
    mounted = wrapper
    expect(calls).toEqual([])
    await wrapper.get('[data-testid="branch-pledge-progress"]').trigger('click')
    await until(() => expect(wrapper.get('[data-testid="setup-progress-persons"]').text()).toBe('承诺书：2 / 3 人已签'))
    expect(wrapper.find('[data-testid="setup-progress-units"]').exists()).toBe(false)
    expect(wrapper.text()).toContain('李晓梅')
    expect(calls).toEqual(['pledge_progress({"p_year":2026})'])
  })
})
