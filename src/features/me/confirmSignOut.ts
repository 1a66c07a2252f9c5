import { showConfirmDialog } from 'vant'
import 'vant/es/dialog/style/index'

type Translate = (key: string, named?: Record<string, unknown>) => string

/** The logout warning when unsynced records exist; resolves true when the user still wants to leave. */
export async function confirmSignOut(pending: number, t: Translate): Promise<boolean> {
  try {
    await showConfirmDialog({
      title: t('me.confirmTitle'),
      message: t('me.confirmPending', { count: pending }),
      confirmButtonText: t('me.confirmOk'),
      cancelButtonText: t('me.confirmCancel'),
      confirmButtonColor: '#c8161d',
    })
    return true
  } catch {
    return false
  }
}
