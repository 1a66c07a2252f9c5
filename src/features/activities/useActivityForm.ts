import { computed, inject, ref, type InjectionKey } from 'vue'
import {
  AUDIENCES,
  ELECTION_KINDS,
  KIND_DETAILS,
  audienceFixed,
  chinaInputOf,
  creatableScopes,
  defaultAudience,
  eventKindOf,
  eventSchema,
  managesEvent,
  parseChinaInput,
  type EventGrant,
  type EventKind,
  type EventScope,
} from '@/domain/events'
import type { MemberLink } from '@/domain/profile'
import type { EventRow } from '@/domain/rows'
import type { Clock } from '@/composables/useClock'
import { useLiveRows } from '@/composables/useLiveQuery'
import { useRecordForm } from '@/composables/useRecordForm'
import type { Repositories } from '@/data/repositories'
import type { CodedProblem } from '@/i18n/codes'

/** The form's text, as typed (times as China-time 'YYYY-MM-DDTHH:mm'; is_election 'true' or ''). */
export type ActivityFields = Record<
  'kind' | 'title' | 'theme' | 'starts_at' | 'ends_at' | 'place' | 'host' | 'recorder' | 'lecturer' | 'agenda' | 'plan' | 'material' | 'audience' | 'group_id' | 'is_election',
  string
>

export interface ActivityFormOptions {
  repositories: Pick<Repositories, 'events' | 'activities'>
  clock: Clock
  /** The event being edited, or null for a new one. */
  id: () => string | null
  member: () => MemberLink | null
  grants: () => readonly EventGrant[]
  /** A kind to start a new event with (`?kind=` of the 新建 link). */
  initialKind?: () => string | null
  onSaved?: (id: string) => void | Promise<void>
}

const HOUR_MS = 60 * 60 * 1000
const NOT_ALLOWED: CodedProblem = { code: 'event.notAllowed' }

/**
 * The committee's event form, new or edited, on useRecordForm: validated by eventSchema, saved on
 * the device with its outbox entry (an edit sends only the columns that changed). A new event is
 * for the chosen branch, or for the whole organisation (branch_id null) when an admin chooses so;
 * an edited event keeps its branch.
 */
export function useActivityForm(options: ActivityFormOptions) {
  const repos = options.repositories
  const scopes = computed(() => creatableScopes(options.grants(), options.member()?.branch_id ?? null))
  /** The chosen branch's id, or 'org'. */
  const scope = ref(scopes.value[0]?.branch_id ?? 'org')
  const scopeKind = (): EventScope => (scope.value === 'org' ? 'org' : 'branch')
  const orgRead = useLiveRows(() => () => repos.activities.organisations())
  const orgId = () => options.member()?.org_id ?? orgRead.rows.value[0]?.id ?? null
  let loaded: EventRow | null = null

  function empty(): ActivityFields {
    const kind = eventKindOf(options.initialKind?.()) ?? ''
    const start = Math.ceil(options.clock().getTime() / HOUR_MS) * HOUR_MS
    return {
      kind,
      title: '', theme: '', place: '', host: '', recorder: '', lecturer: '', agenda: '', plan: '', material: '',
      starts_at: chinaInputOf(new Date(start).toISOString()),
      ends_at: chinaInputOf(new Date(start + 2 * HOUR_MS).toISOString()),
      audience: kind ? defaultAudience(kind, scopeKind()) : scopeKind() === 'org' ? 'org' : 'branch',
      group_id: '',
      is_election: '',
    }
  }

  function fromRow(row: EventRow): ActivityFields {
    loaded = row
    scope.value = row.branch_id ?? 'org'
    const text = (v: string | null | undefined) => v ?? ''
    return {
      kind: row.kind, title: row.title, theme: text(row.theme), place: text(row.place), host: text(row.host),
      recorder: text(row.recorder), lecturer: text(row.lecturer), agenda: text(row.agenda), plan: text(row.plan),
      material: text(row.material), starts_at: chinaInputOf(row.starts_at), ends_at: chinaInputOf(row.ends_at),
      audience: row.audience ?? (row.branch_id ? 'branch' : 'org'), group_id: text(row.group_id), is_election: row.is_election ? 'true' : '',
    }
  }

  function toColumns(fields: ActivityFields) {
    const errors: Record<string, CodedProblem> = {}
    // A time typed as the same moment keeps the stored text, so an edit sends only what changed.
    const time = (name: 'starts_at' | 'ends_at') => {
      const parsed = parseChinaInput(fields[name])
      if (!parsed.ok) return void (errors[name] = { code: parsed.code })
      const stored = loaded?.[name]
      return stored && parsed.value && Date.parse(stored) === Date.parse(parsed.value) ? stored : parsed.value
    }
    const columns: Record<string, unknown> = {
      kind: fields.kind || undefined,
      title: fields.title, theme: fields.theme, place: fields.place, host: fields.host, recorder: fields.recorder,
      lecturer: fields.lecturer, agenda: fields.agenda, plan: fields.plan, material: fields.material,
      starts_at: time('starts_at'),
      ends_at: time('ends_at'),
      audience: fields.audience,
      group_id: fields.group_id || null,
      is_election: fields.is_election === 'true',
    }
    if (options.id() === null) columns.branch_id = scope.value === 'org' ? null : scope.value
    return { columns, errors }
  }

  const form = useRecordForm<ActivityFields, EventRow>({
    store: repos.events,
    schema: () => eventSchema(),
    clock: options.clock,
    id: options.id,
    empty,
    fromRow,
    toColumns,
    // An edit carries only what changed (a column the stored row lacks counts as null), so two
    // phones editing different fields both keep theirs.
    complete: (row) => {
      const before = loaded
      if (!before || before.id !== row.id) return row
      const changed = Object.entries(row).filter(([k, v]) => k === 'id' || k === 'org_id' || JSON.stringify(v ?? null) !== JSON.stringify((before as Record<string, unknown>)[k] ?? null))
      return Object.fromEntries(changed)
    },
    context: () => {
      const org = orgId()
      // An edited event keeps its organisation and branch (the stored row's); a new one takes the chosen scope's.
      return org && (options.id() !== null || scopes.value.length > 0) ? { org_id: org, branch_id: scope.value } : null
    },
    noContext: { code: 'event.noScope' },
    permission: (existing) => {
      if (existing) return managesEvent(options.grants(), existing) ? null : NOT_ALLOWED
      return scopes.value.some((s) => (s.branch_id ?? 'org') === scope.value) ? null : NOT_ALLOWED
    },
    onSaved: (row) => options.onSaved?.(row.id),
  })
  const fields = form.fields

  /** Whose organisation a new event belongs to is known (an admin on no roster reads it from the device). */
  const ready = computed(() => {
    const orgKnown = !!options.member() || orgRead.ready.value
    const rowLoaded = options.id() === null || !!form.existing.value || form.missing.value || form.invalid.value.length > 0
    return orgKnown && rowLoaded
  })
  const allowed = computed(() => (form.existing.value ? managesEvent(options.grants(), form.existing.value) : scopes.value.length > 0))
  const groupsRead = useLiveRows(() => {
    const branch = scope.value === 'org' ? null : scope.value
    return branch ? () => repos.activities.groupsOf(branch) : null
  })
  const kind = computed(() => eventKindOf(fields.kind))
  /** Details the kind asks for, and any detail that already holds text. */
  const shows = (detail: 'theme' | 'lecturer' | 'plan' | 'material' | 'recorder') =>
    (kind.value ? KIND_DETAILS[kind.value].includes(detail) : true) || !!fields[detail].trim()
  const audiences = computed(() => AUDIENCES[scopeKind()])
  const canElect = computed(() => !!kind.value && ELECTION_KINDS.includes(kind.value))

  function chooseKind(next: string) {
    const before = fields.kind
    fields.kind = next
    const k = eventKindOf(next)
    if (!k) return
    if (audienceFixed(k) || audienceFixed(before) || !audiences.value.includes(fields.audience as never)) fields.audience = defaultAudience(k, scopeKind())
    if (!ELECTION_KINDS.includes(k)) fields.is_election = ''
  }
  function chooseScope(next: string) {
    scope.value = next
    fields.group_id = ''
    if (!audiences.value.includes(fields.audience as never)) fields.audience = defaultAudience((kind.value ?? 'theme_day') as EventKind, scopeKind())
  }
  /** A new start moves the end with it, keeping the length typed. */
  function setStart(next: string) {
    const before = parseChinaInput(fields.starts_at)
    const after = parseChinaInput(next)
    const end = parseChinaInput(fields.ends_at)
    fields.starts_at = next
    if (before.ok && after.ok && end.ok && before.value && after.value && end.value) {
      fields.ends_at = chinaInputOf(new Date(Date.parse(end.value) + Date.parse(after.value) - Date.parse(before.value)).toISOString())
    }
  }

  return {
    ...form, scope, scopes, ready, allowed, groups: groupsRead.rows, groupsRead, orgRead, kind, shows, audiences, canElect,
    chooseKind, chooseScope, setStart,
  }
}

export type ActivityForm = ReturnType<typeof useActivityForm>
export const ACTIVITY_FORM: InjectionKey<ActivityForm> = Symbol('activity-form')

/** The form of the page, for its sections. */
export function useActivityFormContext(): ActivityForm {
  const form = inject(ACTIVITY_FORM)
  if (!form) throw new Error('useActivityFormContext: ActivityFormView provides the form')
  return form
}
