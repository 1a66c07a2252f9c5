import { computed, shallowRef } from 'vue'
import { showConfirmDialog } from 'vant'
import 'vant/es/dialog/style/index'
import { useI18n } from 'vue-i18n'
import type { AdminProblem } from '@/data/repositories/admin'
import { useLiveRows } from '@/composables/useLiveQuery'
import { useAdminDirectory } from './useAdminDirectory'

/** The address a new member opens to join with this code. */
export function joinLink(code: string, origin: string = globalThis.location?.origin ?? ''): string {
  return `${origin}/join?code=${encodeURIComponent(code)}`
}

/**
 * 邀请码: each branch's code (an admin's every active branch, a secretary's own), shared as text
 * and QR, rotated after a confirmation (the old code stops working at once). Without a network the
 * codes this device holds (synced branch_invites) are shown, and rotating waits for the network.
 */
export function useAdminInvites(options: { share?: (data: { title: string; text: string; url: string }) => Promise<void> } = {}) {
  const { t } = useI18n()
  const dir = useAdminDirectory()
  const busy = shallowRef<string | null>(null)
  const outcome = shallowRef<{ ok: true; text: string } | { ok: false; problem: AdminProblem } | null>(null)
  const device = useLiveRows(() => () => dir.admin.invitesOnDevice())
  /** The server could not be reached and the device holds codes: those are shown instead. */
  const fromDevice = computed(() => !dir.directory.value && dir.problem.value?.code === 'offline' && device.rows.value.length > 0)
  const branches = computed(() =>
    (dir.directory.value?.branches ?? (fromDevice.value ? device.rows.value : [])).filter((b) => b.active),
  )

  async function rotate(branchId: string): Promise<void> {
    const branch = branches.value.find((b) => b.id === branchId)
    if (!branch || busy.value) return
    if (fromDevice.value) {
      outcome.value = { ok: false, problem: { code: 'refused', message: t('admin.invites.rotateNeedsNetwork') } }
      return
    }
    try {
      await showConfirmDialog({
        title: t('admin.invites.rotate'),
        message: t('admin.invites.rotateConfirm', { branch: branch.name }),
        confirmButtonText: t('admin.invites.rotate'),
        cancelButtonText: t('admin.cancel'),
      })
    } catch {
      return
    }
    busy.value = branchId
    const result = await dir.admin.rotateInvite(branchId)
    busy.value = null
    outcome.value = result.ok ? { ok: true, text: t('admin.invites.rotated', { branch: branch.name, code: result.value }) } : { ok: false, problem: result.problem }
    if (result.ok) await dir.reload()
  }

  async function share(name: string, code: string): Promise<void> {
    const data = { title: t('admin.invites.shareTitle', { branch: name }), text: t('admin.invites.shareText', { branch: name, code }), url: joinLink(code) }
    const send = options.share ?? (globalThis.navigator?.share ? (d: typeof data) => globalThis.navigator.share(d) : null)
    try {
      if (send) await send(data)
      else await globalThis.navigator.clipboard.writeText(`${data.text} ${data.url}`)
      if (!send) outcome.value = { ok: true, text: t('admin.invites.copied') }
    } catch (error) {
      // The person closed the share sheet: nothing to say.
      if ((error as { name?: string } | null)?.name !== 'AbortError') outcome.value = { ok: false, problem: { code: 'failed' } }
    }
  }

  return { ...dir, branches, fromDevice, rotate, share, busy, outcome, joinLink }
}
