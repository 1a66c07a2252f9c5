import { useI18n } from 'vue-i18n'
import { formatYuan } from '@/domain/money'
import type { GoodsItem } from '@/domain/visits'
import { goodsUnitOf } from '@/i18n/visitWords'

/** Words for a visit's kind, goods and money in the user's language; typed units stay as typed. */
export function useVisitWords() {
  const { t, te } = useI18n()
  const kind = (code: string) => (te(`visits.kinds.${code}`) ? t(`visits.kinds.${code}`) : code)
  const unit = (stored: string) => {
    const code = goodsUnitOf(stored)
    return code ? t(`visits.units.${code}`) : stored
  }
  const item = (g: GoodsItem) => t('visits.goods.item', { name: g.name, quantity: g.quantity, unit: unit(g.unit) })
  const goods = (items: readonly GoodsItem[]) => items.map(item).join(t('visits.separator'))
  const yuan = (fen: number | null | undefined) => formatYuan(fen ?? 0)
  return { kind, unit, item, goods, yuan }
}
