/**
 * Quorum and resolutions of branch meetings, in whole numbers (no rounding anywhere).
 *
 * - Who is counted (应到): the meeting's expected members who have a vote: 正式党员 only (预备党员 have
 *   no vote, nor members under 留党察看, `suspended`; transferred and deceased members are not
 *   counted). For 支委会 only the committee members count.
 * - A meeting is quorate when MORE than half of them are present: `present * 2 > expected`.
 * - An election when MORE than four fifths are present: `present * 5 > expected * 4`.
 * - A resolution passes when MORE than half of the members entitled to vote (应到会有表决权的党员, not
 *   those present, not the votes cast) vote for it: `for * 2 > expected`. Since the votes for are
 *   at most the members present, a passed resolution always had more than half present.
 *
 * Returns codes only; the UI words them (`quorum.*`).
 */

export type QuorumWarning = 'quorum.notMet' | 'quorum.electionNotMet'
export type VoteProblem = 'quorum.invalidVotes' | 'quorum.votesExceedPresent'
export const QUORUM_CODES: readonly (QuorumWarning | VoteProblem)[] = [
  'quorum.notMet',
  'quorum.electionNotMet',
  'quorum.invalidVotes',
  'quorum.votesExceedPresent',
]

export interface QuorumMember {
  id: string
  member_type?: string | null
  is_committee?: boolean | null
  status?: string | null
}

export interface QuorumMeeting {
  kind: string
  is_election?: boolean | null
}

export interface Quorum {
  /** Members with a vote who were expected (应到). */
  expected: number
  /** Of those, how many are present (实到). */
  present: number
  /** The fewest present that meets the rule. */
  needed: number
  met: boolean
  warning: QuorumWarning | null
}

const NOT_VOTING = new Set(['suspended', 'transferred', 'deceased', 'left'])

/** Whether a member counts for a meeting's quorum (正式党员; for 支委会 also on the committee). */
export function hasVote(member: QuorumMember, meeting: QuorumMeeting): boolean {
  // The roster's default is 'full': a row without the field is a full member, so counted. 预备党员
  // and staff who are not party members (共青团员, 群众, 其他) have no vote.
  if (member.member_type != null && member.member_type !== 'full') return false
  if (member.status != null && NOT_VOTING.has(member.status)) return false
  return meeting.kind !== 'committee_meeting' || member.is_committee === true
}

/**
 * The quorum of a meeting from its expected members and the ids of those present (present or late).
 * Someone present who has no vote (a 预备党员, a guest) does not count; each person counts once.
 */
export function quorumOf(input: {
  meeting: QuorumMeeting
  members: readonly QuorumMember[]
  presentIds: Iterable<string>
}): Quorum {
  const voters = new Set(input.members.filter((m) => hasVote(m, input.meeting)).map((m) => m.id))
  const here = new Set([...input.presentIds].filter((id) => voters.has(id)))
  const expected = voters.size
  const present = here.size
  const election = input.meeting.is_election === true
  const met = election ? present * 5 > expected * 4 : present * 2 > expected
  const needed = election ? Math.floor((expected * 4) / 5) + 1 : Math.floor(expected / 2) + 1
  return { expected, present, needed, met, warning: met ? null : election ? 'quorum.electionNotMet' : 'quorum.notMet' }
}

export interface Votes {
  for: number
  against: number
  abstain: number
}

export type ResolutionOutcome =
  | { ok: true; passed: boolean; needed: number; warning: QuorumWarning | null }
  | { ok: false; code: VoteProblem }

/**
 * Whether a resolution passed: votes for MORE than half of the members entitled to vote (the
 * quorum's `expected`). Votes must be whole numbers ≥ 0 and at most the members present. The
 * quorum's warning is passed on: a resolution saved without quorum needs an explicit note.
 */
export function resolutionOutcome(quorum: Quorum, votes: Votes): ResolutionOutcome {
  const counts = [votes.for, votes.against, votes.abstain]
  if (!counts.every((n) => Number.isSafeInteger(n) && n >= 0)) return { ok: false, code: 'quorum.invalidVotes' }
  if (votes.for + votes.against + votes.abstain > quorum.present) return { ok: false, code: 'quorum.votesExceedPresent' }
  return {
    ok: true,
    passed: votes.for * 2 > quorum.expected,
    needed: Math.floor(quorum.expected / 2) + 1,
    warning: quorum.warning,
  }
}
