type Translate = (key: string, named?: Record<string, unknown>) => string

/**
 * What waits to go, in the words of `section` (`syncStatus` for the indicator, `home.syncState` for
 * 首页): its `pending`, `photosPending` or `pendingWithPhotos`; empty when nothing waits.
 */
export function waitingWords(t: Translate, section: 'syncStatus' | 'home.syncState', count: number, photos: number): string {
  if (count > 0 && photos > 0) return t(`${section}.pendingWithPhotos`, { count, photos })
  if (count > 0) return t(`${section}.pending`, { count })
  return photos > 0 ? t(`${section}.photosPending`, { photos }) : ''
}
