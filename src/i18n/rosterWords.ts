import type { Gender, MemberStatus, MemberType } from '@/domain/roster'
import type { RosterField } from '@/domain/rosterImport'

/**
 * Words people write in roster spreadsheets, recognised on import (not display text): the headers
 * of each field and the values of gender, 政治面貌 and status. English ones are accepted too. Headers
 * are compared without spaces, NFKC-folded and in lower case; values NFKC-folded and in lower case.
 */
export const ROSTER_HEADER_WORDS: Record<RosterField, readonly string[]> = {
  name: ['姓名', '名字', 'name'],
  gender: ['性别', 'gender'],
  phone: ['手机', '手机号', '手机号码', '联系电话', '电话', '移动电话', 'phone', 'mobile'],
  id_number: ['身份证号', '身份证', '身份证号码', '公民身份号码', 'idnumber', 'id number'],
  birth_date: ['出生日期', '出生年月日', '生日', 'birthdate', 'birth date'],
  joined_party_on: ['入党时间', '入党日期', 'joinedpartyon', 'joined party on'],
  member_type: ['政治面貌', '党员类别', '人员类别', 'politicalstatus', 'political status'],
  group: ['党小组', '所在党小组', 'group', 'party group'],
  unit: ['处室/单位', '处室', '单位', '部门', '所在单位', '处室（单位）', 'unit'],
  committee_title: ['职务', '支委职务', '党内职务', 'title'],
  status: ['状态', '人员状态', 'status'],
  note: ['备注', '说明', 'note'],
}

export const ROSTER_GENDER_WORDS: Record<string, Gender> = { 男: 'male', 女: 'female', male: 'male', female: 'female', m: 'male', f: 'female' }

export const ROSTER_TYPE_WORDS: Record<string, MemberType> = {
  中共党员: 'full', 正式党员: 'full', 党员: 'full', 中国共产党党员: 'full', full: 'full',
  中共预备党员: 'probationary', 预备党员: 'probationary', probationary: 'probationary',
  共青团员: 'league', 团员: 'league', league: 'league',
  群众: 'masses', masses: 'masses',
  其他: 'other', other: 'other',
}

export const ROSTER_STATUS_WORDS: Record<string, MemberStatus> = {
  正常: 'active', 在册: 'active', 在职: 'active', active: 'active',
  退休: 'retired', 离退休: 'retired', retired: 'retired',
  停止党籍: 'suspended', 暂停: 'suspended', suspended: 'suspended',
  去世: 'deceased', 已故: 'deceased', 逝世: 'deceased', deceased: 'deceased',
  离开: 'left', 调离: 'left', 离职: 'left', left: 'left',
}

/** A transfer is made on the roster (transfer_member), never by import. */
export const ROSTER_TRANSFERRED_WORDS: readonly string[] = ['转出', '已转出', 'transferred']

/** Words of transfer_member's refusals (supabase/migrations/20261201005100_roles_org.sql) that tell them apart. */
export const TRANSFER_REFUSAL_WORDS = { inactive: '已停用', phoneTaken: '手机号', notTransferable: '不能转出' } as const
