import { describe, expect, it } from 'vitest'
import { QUORUM_CODES, quorumOf, resolutionOutcome, type QuorumMember } from '@/domain/quorum'
import zhCN from '@/i18n/zh-CN'
import en from '@/i18n/en'

const MEETING = { kind: 'general_meeting', is_election: false }
const ELECTION = { kind: 'general_meeting', is_election: true }
const COMMITTEE = { kind: 'committee_meeting', is_election: false }

/** n full members f-1 … f-n. */
const full = (n: number, prefix = 'f'): QuorumMember[] =>
  Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i + 1}`, member_type: 'full' }))
/** The ids of the first k of them. */
const firstIds = (members: QuorumMember[], k: number) => members.slice(0, k).map((m) => m.id)

describe('a meeting needs more than half of its voting members', () => {
  it.each([
    [10, 5, 6, false, 'exactly half'],
    [10, 6, 6, true, 'just over half'],
    [9, 4, 5, false, 'just under half of an odd number'],
    [9, 5, 5, true, 'just over half of an odd number'],
    [3, 2, 2, true, 'two of three'],
    [2, 1, 2, false, 'one of two is half'],
    [1, 1, 1, true, 'the only member'],
    [1, 0, 1, false, 'nobody'],
    [0, 0, 1, false, 'no voting member at all'],
  ])('%i expected, %i present: needs %i, met %s (%s)', (expected, present, needed, met) => {
    const members = full(expected)
    expect(quorumOf({ meeting: MEETING, members, presentIds: firstIds(members, present) })).toEqual({
      expected, present, needed, met, warning: met ? null : 'quorum.notMet',
    })
  })
})

describe('an election needs more than four fifths', () => {
  it.each([
    [10, 8, 9, false, 'exactly four fifths'],
    [10, 9, 9, true, 'just over four fifths'],
    [5, 4, 5, false, 'exactly four fifths of five'],
    [5, 5, 5, true, 'all five'],
    [7, 5, 6, false, '5/7 is under four fifths'],
    [7, 6, 6, true, '6/7 is over four fifths'],
    [20, 16, 17, false, 'exactly four fifths of twenty'],
    [20, 17, 17, true, 'one over four fifths of twenty'],
    [0, 0, 1, false, 'no voting member at all'],
  ])('%i expected, %i present: needs %i, met %s (%s)', (expected, present, needed, met) => {
    const members = full(expected)
    expect(quorumOf({ meeting: ELECTION, members, presentIds: firstIds(members, present) })).toEqual({
      expected, present, needed, met, warning: met ? null : 'quorum.electionNotMet',
    })
  })
})

describe('the fewest needed', () => {
  it('should be met exactly from `needed` present on, for every size up to 60', () => {
    const wrong: string[] = []
    for (let expected = 0; expected <= 60; expected++) {
      const members = full(expected)
      for (let present = 0; present <= expected; present++) {
        for (const meeting of [MEETING, ELECTION]) {
          const q = quorumOf({ meeting, members, presentIds: firstIds(members, present) })
          if (q.met !== present >= q.needed) wrong.push(`${meeting.is_election ? 'election' : 'meeting'} ${present}/${expected}`)
        }
      }
    }
    expect(wrong).toEqual([])
  })
})

describe('who counts', () => {
  it('should leave 预备党员 out of both the expected and the present', () => {
    const members = [...full(6), ...Array.from({ length: 4 }, (_, i): QuorumMember => ({ id: `p-${i + 1}`, member_type: 'probationary' }))]
    const presentIds = ['f-1', 'f-2', 'f-3', 'p-1', 'p-2', 'p-3', 'p-4']
    expect(quorumOf({ meeting: MEETING, members, presentIds })).toEqual({
      expected: 6, present: 3, needed: 4, met: false, warning: 'quorum.notMet',
    })
  })

  it('should count a 支委会 by the committee\'s size, not the branch\'s', () => {
    const committee = full(5, 'c').map((m) => ({ ...m, is_committee: true }))
    const members = [...committee, ...full(15)]
    expect(quorumOf({ meeting: COMMITTEE, members, presentIds: [...firstIds(committee, 3), ...firstIds(members.slice(5), 10)] }))
      .toEqual({ expected: 5, present: 3, needed: 3, met: true, warning: null })
    expect(quorumOf({ meeting: COMMITTEE, members, presentIds: [...firstIds(committee, 2), ...firstIds(members.slice(5), 15)] }))
      .toEqual({ expected: 5, present: 2, needed: 3, met: false, warning: 'quorum.notMet' })
  })

  it('should hold a 支委会 election to four fifths of the committee', () => {
    const committee = full(5, 'c').map((m) => ({ ...m, is_committee: true }))
    expect(quorumOf({ meeting: { ...COMMITTEE, is_election: true }, members: committee, presentIds: firstIds(committee, 4) }))
      .toEqual({ expected: 5, present: 4, needed: 5, met: false, warning: 'quorum.electionNotMet' })
  })

  it('should count each person once, and nobody who is not expected', () => {
    const members = full(4)
    expect(quorumOf({ meeting: MEETING, members, presentIds: ['f-1', 'f-1', 'f-2', 'guest', 'guest-2', 'guest-3'] }))
      .toEqual({ expected: 4, present: 2, needed: 3, met: false, warning: 'quorum.notMet' })
  })

  it('should leave out members without a vote by status, and count a member whose type is not filled in', () => {
    const members: QuorumMember[] = [
      { id: 'a', member_type: 'full', status: 'active' },
      { id: 'r', member_type: 'full', status: 'retired' },
      { id: 'u', member_type: null },
      { id: 's', member_type: 'full', status: 'suspended' },
      { id: 't', member_type: 'full', status: 'transferred' },
      { id: 'd', member_type: 'full', status: 'deceased' },
    ]
    expect(quorumOf({ meeting: MEETING, members, presentIds: ['a', 's', 't', 'd'] }))
      .toEqual({ expected: 3, present: 1, needed: 2, met: false, warning: 'quorum.notMet' })
  })
})

describe('a resolution', () => {
  const quorum = (expected: number, present: number) => {
    const members = full(expected)
    return quorumOf({ meeting: MEETING, members, presentIds: firstIds(members, present) })
  }

  it.each([
    [10, 8, 5, 3, 0, false, 'votes for are exactly half of the expected'],
    [10, 8, 6, 2, 0, true, 'votes for are just over half of the expected'],
    [10, 7, 5, 0, 2, false, 'a majority of those present is not enough'],
    [9, 9, 5, 4, 0, true, 'five of nine'],
    [9, 9, 4, 0, 5, false, 'four of nine, whatever the abstentions'],
  ])('with %i expected, %i present and %i for, %i against, %i abstaining: passed %s (%s)', (expected, present, yes, no, abstain, passed) => {
    expect(resolutionOutcome(quorum(expected, present), { for: yes, against: no, abstain }))
      .toEqual({ ok: true, passed, needed: Math.floor(expected / 2) + 1, warning: null })
  })

  it('should pass on the meeting\'s missing quorum as a warning', () => {
    expect(resolutionOutcome(quorum(10, 5), { for: 5, against: 0, abstain: 0 }))
      .toEqual({ ok: true, passed: false, needed: 6, warning: 'quorum.notMet' })
  })

  it('should refuse more votes than members present', () => {
    expect(resolutionOutcome(quorum(10, 6), { for: 4, against: 2, abstain: 1 })).toEqual({ ok: false, code: 'quorum.votesExceedPresent' })
    expect(resolutionOutcome(quorum(10, 6), { for: 4, against: 1, abstain: 1 }).ok).toBe(true)
  })

  it.each([
    [{ for: -1, against: 0, abstain: 0 }],
    [{ for: 1.5, against: 0, abstain: 0 }],
    [{ for: 1, against: Number.NaN, abstain: 0 }],
    [{ for: 1, against: 0, abstain: Number.POSITIVE_INFINITY }],
  ])('should refuse votes that are not whole numbers of 0 or more: %j', (votes) => {
    expect(resolutionOutcome(quorum(10, 8), votes)).toEqual({ ok: false, code: 'quorum.invalidVotes' })
  })
})

describe('words for the quorum codes', () => {
  it('should have a message for every code in both languages', () => {
    for (const catalogue of [zhCN, en]) {
      for (const code of QUORUM_CODES) {
        const key = code.slice('quorum.'.length) as keyof typeof catalogue.quorum
        expect(typeof catalogue.quorum[key], code).toBe('string')
      }
    }
  })
})
