import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { useRoute } from 'vue-router'
import { useDateFormat } from '@/composables/useDateFormat'
import { useRepositories } from '@/composables/useRepositories'
import { useSessionStore } from '@/stores/session'
import type { RollEntry } from './meetingRoll'
import { useMeetingRecord } from './useMeetingRecord'

/**
 * What the printable pages (会议记录, 签到表) show: the meeting's record read live from the device,
 * and its facts worded for paper (names joined, absences with their reasons, empty as 无).
 */
export function useMeetingPrint() {
  const { t } = useI18n()
  const format = useDateFormat()
  const route = useRoute()
  const session = useSessionStore()
  const eventId = computed(() => String(route.params.id ?? ''))
  const record = useMeetingRecord({
    repositories: useRepositories(),
    eventId: () => eventId.value,
    roles: () => session.profile?.roles ?? [],
  })
  const event = record.event

  const orEmpty = (text: string | null | undefined) => (text && text.trim() ? text : t('meetings.print.none'))
  const names = (entries: readonly RollEntry[]) => (entries.length ? entries.map((e) => e.member.name).join(t('meetings.print.separator')) : t('meetings.print.none'))
  /** 王五（请假：出差） */
  const absence = (entry: RollEntry) => {
    const why = entry.reason?.trim() ? t(`meetings.print.reasons.${entry.status}`, { reason: entry.reason.trim() }) : t(`meetings.print.statuses.${entry.status}`)
    return t('meetings.print.absentee', { name: entry.member.name, why })
  }

  const legacyResolutions = (e: { resolutions?: string | null; vote_result?: string | null }) => {
    const text = [e.resolutions, e.vote_result].map((x) => x?.trim()).filter(Boolean).join(t('meetings.print.listSeparator'))
    return text ? t('meetings.legacy', { text }) : null
  }

  const facts = computed(() => {
    const e = event.value
    const roll = record.roll.value
    if (!e || !roll) return null
    const guests = (e.guest_list ?? []).map((g) => (g.title ? t('meetings.guests.withTitle', { name: g.name, title: g.title }) : g.name))
    // Records kept before guests and resolutions had their own fields: shown as written.
    if (e.guests?.trim()) guests.push(e.guests.trim())
    return {
      heading: record.branchName.value || record.orgName.value,
      kind: t(`syncValues.events.kind.${e.kind}`),
      time: format(e.starts_at, 'dateTime') + (e.ends_at ? t('meetings.print.until', { time: format(e.ends_at, 'time') }) : ''),
      place: orEmpty(e.place),
      host: orEmpty(e.host),
      recorder: orEmpty(e.recorder),
      lecturer: e.lecturer?.trim() ? e.lecturer : null,
      expected: roll.expected.length,
      present: roll.present.length,
      absent: roll.absent.length,
      presentNames: names(roll.present),
      otherNames: roll.others.length ? names(roll.others) : null,
      absentees: roll.absent.length ? roll.absent.map(absence).join(t('meetings.print.listSeparator')) : t('meetings.print.none'),
      guests: guests.length ? guests.join(t('meetings.print.separator')) : t('meetings.print.none'),
      agenda: orEmpty(e.agenda),
      minutes: orEmpty(e.minutes),
      legacyResolutions: legacyResolutions(e),
    }
  })

  return { ...record, eventId, facts, print: () => window.print() }
}

export type MeetingPrint = ReturnType<typeof useMeetingPrint>
/** A meeting's facts worded for paper. */
export type MeetingFacts = NonNullable<MeetingPrint['facts']['value']>
