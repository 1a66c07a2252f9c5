import { showConfirmDialog } from 'vant'
import 'vant/es/dialog/style/index'
import type { PendingWork } from '@/stores/session'

type Translate = (key: string, named?: Record<string, unknown>) => string

/** 本机还有 3 条记录尚未同步，2 张照片未上传: only the kinds that wait are named. */
export function signOutWarning(work: PendingWork, t: Translate): string {
  const waiting = [
    work.pending > 0 ? t('me.pendingRecords', { count: work.pending }) : '',
    work.photos > 0 ? t('me.pendingPhotos', { photos: work.photos }) : '',
  ].filter(Boolean)
  return t('me.confirmPending', { waiting: waiting.join(t('me.pendingJoin')) })
}

/** The logout warning when unsynced records or photos exist; resolves true when the user still wants to leave. */
export async function confirmSignOut(work: PendingWork, t: Translate): Promise<boolean> {
  try {
    await showConfirmDialog({
      title: t('me.confirmTitle'),
      message: signOutWarning(work, t),
      confirmButtonText: t('me.confirmOk'),
      cancelButtonText: t('me.confirmCancel'),
      confirmButtonColor: '#c8161d',
    })
    return true
  } catch {
    return false
  }
}
