import type { CodedProblem } from '@/i18n/codes'

/** Why a meeting form refuses a value: a catalogue key with its parameters, worded when shown. */
export interface MeetingProblem {
  key: string
  params: Record<string, string | number>
}

/** A domain code (`errors.<code>`) as a meeting problem. */
export const fromCode = (problem: CodedProblem): MeetingProblem => ({ key: `errors.${problem.code}`, params: problem.params ?? {} })

/** A word of this feature's own (`meetings.problems.<name>`). */
export const meetingProblem = (name: string, params: Record<string, string | number> = {}): MeetingProblem => ({
  key: `meetings.problems.${name}`,
  params,
})
