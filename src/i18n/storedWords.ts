import type { StudySource } from '@/domain/memberRecords'

/**
 * Words the database stores as they are, in Chinese (existing rows and the seed hold them): not
 * display text. The forms show the catalogue's label for the person's language and store these.
 */
export const STORED_STUDY_SOURCES: Record<StudySource, string> = {
  xuexiQiangguo: '学习强国',
  partyMemberNet: '共产党员网',
  partyPress: '党报党刊',
  lecture: '专题讲座',
  branchStudy: '支部集中学习',
  other: '其他',
}

/** The preset a stored study source is, or null for text someone typed. */
export function studySourceOf(stored: string | null | undefined): StudySource | null {
  if (!stored) return null
  for (const [code, word] of Object.entries(STORED_STUDY_SOURCES)) if (word === stored) return code as StudySource
  return null
}

/** The organisation's 主题党日 checklist when its row has none yet: the database's default items. */
export const DEFAULT_THEME_DAY_CHECKLIST = ['有主题', '有计划', '有记录', '有影像', '有总结'] as const
