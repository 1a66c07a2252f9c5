/** Fixed ids of the demo organisation in supabase/seed.sql, and the demo logins as test actors. */
import { user, type Actor } from './sql'

export const ORG_ID = '10000000-0000-4000-8000-000000000001'

export const UNIT = {
  office: '11000000-0000-4000-8000-000000000001', // 办公室 (department)
  finance: '11000000-0000-4000-8000-000000000002', // 财务处 (department)
  assets: '11000000-0000-4000-8000-000000000003', // 资产管理处 (department)
  serviceCentre: '11000000-0000-4000-8000-000000000004', // 机关服务中心 (subunit)
  fleetCentre: '11000000-0000-4000-8000-000000000005', // 公务用车服务中心 (subunit)
} as const

export const BRANCH = {
  first: '12000000-0000-4000-8000-000000000001', // 机关第一党支部, invite ZB1001
  second: '12000000-0000-4000-8000-000000000002', // 机关第二党支部, invite ZB1002
  retired: '12000000-0000-4000-8000-000000000003', // 离退休党支部, invite ZB1003
} as const

export const INVITE = {
  first: '13000000-0000-4000-8000-000000000001',
  second: '13000000-0000-4000-8000-000000000002',
  retired: '13000000-0000-4000-8000-000000000003',
} as const
export const INVITE_CODE = { first: 'ZB1001', second: 'ZB1002', retired: 'ZB1003' } as const

export const GROUP = {
  firstA: '14000000-0000-4000-8000-000000000001',
  firstB: '14000000-0000-4000-8000-000000000002',
  second: '14000000-0000-4000-8000-000000000003',
  retired: '14000000-0000-4000-8000-000000000004',
} as const

/** Demo logins (password Zhibu@2026). */
export const USER = {
  member: '20000000-0000-4000-8000-000000000001', // member@demo.zhibu.cn 李晓梅, 机关第一党支部
  organizer: '20000000-0000-4000-8000-000000000002', // organizer@demo.zhibu.cn 王建国
  secretary: '20000000-0000-4000-8000-000000000003', // secretary@demo.zhibu.cn 陈志强
  leader: '20000000-0000-4000-8000-000000000004', // leader@demo.zhibu.cn 赵立新 (roster: 机关第二党支部)
  admin: '20000000-0000-4000-8000-000000000005', // admin@demo.zhibu.cn 孙丽华 (no roster row)
  secretary2: '20000000-0000-4000-8000-000000000006', // secretary2@demo.zhibu.cn 周海波, 机关第二党支部
  member2: '20000000-0000-4000-8000-000000000007', // member2@demo.zhibu.cn 吴佳怡, 机关第二党支部
  member3: '20000000-0000-4000-8000-000000000008', // member3@demo.zhibu.cn 杨帆, 机关第一党支部 (李晓梅's colleague)
} as const

export const DEMO_PASSWORD = 'Zhibu@2026'

export const EMAIL: Record<keyof typeof USER, string> = {
  member: 'member@demo.zhibu.cn',
  organizer: 'organizer@demo.zhibu.cn',
  secretary: 'secretary@demo.zhibu.cn',
  leader: 'leader@demo.zhibu.cn',
  admin: 'admin@demo.zhibu.cn',
  secretary2: 'secretary2@demo.zhibu.cn',
  member2: 'member2@demo.zhibu.cn',
  member3: 'member3@demo.zhibu.cn',
}

/** Roster rows (members.id). */
export const MEMBER = {
  secretary: '15000000-0000-4000-8000-000000000001', // 陈志强
  organizer: '15000000-0000-4000-8000-000000000002', // 王建国
  member: '15000000-0000-4000-8000-000000000003', // 李晓梅
  unlinked: '15000000-0000-4000-8000-000000000004', // 刘洋, 13900000011, no login yet
  yangFan: '15000000-0000-4000-8000-000000000006', // 杨帆, 机关第一党支部, login member3
  secretary2: '15000000-0000-4000-8000-000000000019', // 周海波
  member2: '15000000-0000-4000-8000-000000000020', // 吴佳怡
  leader: '15000000-0000-4000-8000-000000000021', // 赵立新
  retiredNoLogin: '15000000-0000-4000-8000-000000000033', // 郑守仁, retired, no phone, no login
} as const

export const UNLINKED_PHONE = '13900000011'

export const ROLE_ROW = {
  member: '16000000-0000-4000-8000-000000000001', // 李晓梅's member role
  peer: '16000000-0000-4000-8000-000000000009', // 杨帆's member role
} as const

export const EVENT = {
  generalMeeting: '17000000-0000-4000-8000-000000000001', // 机关第一党支部, 2026-01-16
  committeeMeeting: '17000000-0000-4000-8000-000000000002',
  groupMeeting: '17000000-0000-4000-8000-000000000003',
  partyLecture: '17000000-0000-4000-8000-000000000004',
  themeDay: '17000000-0000-4000-8000-000000000005',
  bloodDrive: '17000000-0000-4000-8000-000000000008',
  secondGeneralMeeting: '17000000-0000-4000-8000-000000000009', // 机关第二党支部
} as const

/** 李晓梅's check-in at the general meeting (present, qr). */
export const ATTENDANCE_MEMBER = '18000000-0000-4000-8000-000000000003'
/** 韩雪's pending leave request for the general meeting. */
export const ATTENDANCE_PENDING_LEAVE = '18000000-0000-4000-8000-000000000018'
export const CAMPAIGN = '19000000-0000-4000-8000-000000000001' // 2026年“博爱一日捐”
export const DONATION_MEMBER = '1a000000-0000-4000-8000-000000000003' // 李晓梅's
export const DONATION_PEER = '1a000000-0000-4000-8000-000000000006' // 杨帆's
export const BLOOD_MEMBER = '1b000000-0000-4000-8000-000000000003' // 李晓梅's, 200 ml
export const BLOOD_PEER = '1b000000-0000-4000-8000-000000000001' // 杨帆's, 400 ml
export const PLEDGE_TEMPLATE = {
  personal2026: '1c000000-0000-4000-8000-000000000001', // 干部职工廉洁从政承诺书
  department2026: '1c000000-0000-4000-8000-000000000002', // 党风廉政建设责任书
} as const
export const SIGNATURE_SECRETARY = '1d000000-0000-4000-8000-000000000001' // 陈志强's personal pledge
export const VISIT_FIRST = '1e000000-0000-4000-8000-000000000001' // 机关第一党支部, poverty
export const STUDY_LOG = {
  member: '1f000000-0000-4000-8000-000000000001', // 李晓梅's
  organizer: '1f000000-0000-4000-8000-000000000003', // 王建国's
} as const

/** Test actors: the anonymous key and demo logins. "peer" is 杨帆, a plain member of 李晓梅's branch. */
export type ActorName = 'anon' | 'member' | 'peer' | 'otherMember' | 'organizer' | 'secretary' | 'otherSecretary' | 'leader' | 'admin'

/** The actors of the per-table role-operation tests (roleOperations.ts). */
export const ACTOR_NAMES: readonly ActorName[] = [
  'anon',
  'member',
  'otherMember',
  'organizer',
  'secretary',
  'otherSecretary',
  'leader',
  'admin',
]

/** The actors of the RLS matrix (tests/db/matrix.ts): the above plus the same-branch colleague. */
export const MATRIX_ACTOR_NAMES: readonly ActorName[] = [
  'anon',
  'member',
  'peer',
  'otherMember',
  'organizer',
  'secretary',
  'otherSecretary',
  'leader',
  'admin',
]

export const ACTORS: Record<ActorName, Actor> = {
  anon: { kind: 'anon' },
  member: user(USER.member, EMAIL.member),
  peer: user(USER.member3, EMAIL.member3),
  otherMember: user(USER.member2, EMAIL.member2),
  organizer: user(USER.organizer, EMAIL.organizer),
  secretary: user(USER.secretary, EMAIL.secretary),
  otherSecretary: user(USER.secretary2, EMAIL.secretary2),
  leader: user(USER.leader, EMAIL.leader),
  admin: user(USER.admin, EMAIL.admin),
}
