import type { GoodsUnit } from '@/domain/visits'

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
