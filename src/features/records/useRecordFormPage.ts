import { useRoute, useRouter } from 'vue-router'
import { showToast } from 'vant'
import 'vant/es/toast/style/index'
import { useSessionStore } from '@/stores/session'
import { useClock, useMemberData } from './useMemberData'
import { useOwnRecordForm, type OwnRecordFormOptions } from './useOwnRecordForm'

type Config<F extends Record<string, string>> = Pick<OwnRecordFormOptions<F>, 'table' | 'empty' | 'fromRow' | 'toColumns' | 'schema'>

/** A record form as a page: `:id` in the route edits, none creates; saving returns to 我的记录. */
export function useRecordFormPage<F extends Record<string, string>>(config: Config<F>) {
  const route = useRoute()
  const router = useRouter()
  const session = useSessionStore()
  const done = async (message: string) => {
    showToast({ message, position: 'bottom' })
    if (window.history.state?.back) router.back()
    else await router.replace({ name: 'my-record' })
  }
  return useOwnRecordForm<F>({
    ...config,
    source: useMemberData(),
    clock: useClock(),
    owner: () => session.member,
    id: () => (typeof route.params.id === 'string' && route.params.id ? route.params.id : null),
    onSaved: () => done('已保存，联网后自动同步'),
    onRemoved: () => done('已删除'),
  })
}
