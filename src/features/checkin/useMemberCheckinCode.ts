import { computed, onScopeDispose, ref, shallowRef, watch } from 'vue'
import { checkinWindow, type CheckinToken } from '@/domain/checkin'
import { memberCheckinToken, memberCodeSecondsLeft } from '@/domain/memberCheckin'
import type { Clock } from '@/composables/useClock'
import { useDataProblems, useLiveRows } from '@/composables/useLiveQuery'
import type { Repositories } from '@/data/repositories'

export interface MemberCheckinCodeOptions {
  repositories: Pick<Repositories, 'memberCheckinSecrets'>
  clock: Clock
  /** The signed-in member's roster id, or null (a login without a roster row has no code). */
  memberId: () => string | null
  /** How often the screen looks at its clock (ms). */
  tickMs?: number
}

/**
 * 我的签到码: the member's rotating QR and 6-character code, derived on the phone (offline too)
 * from his own secret, which the server makes for every roster row and the first sync brings.
 * The committee's phone scans it to record him when he cannot check in himself.
 */
export function useMemberCheckinCode(options: MemberCheckinCodeOptions) {
  const now = ref(options.clock())
  const token = shallowRef<CheckinToken | null>(null)
  const secretRead = useLiveRows(() => {
    const id = options.memberId()
    return id ? () => options.repositories.memberCheckinSecrets.ofMember(id) : null
  })
  const problems = useDataProblems(secretRead)
  const secret = computed(() => secretRead.rows.value[0]?.secret ?? null)
  /** noMember: no roster row; loading: reading the device; waiting: the secret has not synced yet. */
  const state = computed<'noMember' | 'loading' | 'waiting' | 'ready'>(() => {
    if (!options.memberId()) return 'noMember'
    if (!secretRead.ready.value) return 'loading'
    if (!secret.value) return 'waiting'
    return token.value ? 'ready' : 'loading'
  })
  const secondsLeft = computed(() => memberCodeSecondsLeft(now.value))

  let latest = 0
  async function refresh() {
    now.value = options.clock()
    const id = options.memberId()
    const s = secret.value
    if (!id || !s) return void (token.value = null)
    const w = checkinWindow(now.value)
    if (token.value?.window === w) return
    const asked = ++latest
    const next = await memberCheckinToken(s, id, w)
    // A slower computation for an older window never replaces a newer one.
    if (asked === latest) token.value = next
  }
  watch(secret, () => {
    token.value = null
    void refresh()
  }, { immediate: true })
  const timer = setInterval(() => void refresh(), options.tickMs ?? 1000)
  onScopeDispose(() => clearInterval(timer))

  return { token, state, secondsLeft, problems }
}
