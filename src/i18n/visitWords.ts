import type { GoodsItem, GoodsUnit } from '@/domain/visits'

/**
 * The units of goods as the database stores them, in Chinese (the seed and existing rows hold
 * these words): not display text. The form shows the catalogue's `visits.units.<code>` and stores
 * these; a unit someone typed is stored and shown as typed.
 */
export const STORED_GOODS_UNITS: Record<GoodsUnit, string> = { tai: '台', pi: '批', tao: '套', jian: '件', dai: '袋', tong: '桶' }

/** The preset a stored unit is, or null for one someone typed. */
export function goodsUnitOf(stored: string): GoodsUnit | null {
  for (const [code, word] of Object.entries(STORED_GOODS_UNITS)) if (word === stored.trim()) return code as GoodsUnit
  return null
}

type Translate = (key: string, params?: Record<string, unknown>) => string

/**
 * Goods items in the current language, e.g. 电视机 2 台、床上用品 1 批 / 电视机 2 sets, 床上用品 1 lots:
 * names and typed units as stored, preset units worded.
 */
export function goodsWords(t: Translate, items: readonly GoodsItem[]): string {
  return items
    .map((g) => {
      const code = goodsUnitOf(g.unit)
      return t('visits.goods.item', { name: g.name, quantity: g.quantity, unit: code ? t(`visits.units.${code}`) : g.unit })
    })
    .join(t('visits.separator'))
}
