/** Which greeting fits the hour of the day (0–23). */
export type GreetingPeriod = 'morning' | 'forenoon' | 'afternoon' | 'evening'

export function greetingPeriod(hour: number): GreetingPeriod {
  if (hour >= 5 && hour < 9) return 'morning'
  if (hour >= 9 && hour < 12) return 'forenoon'
  if (hour >= 12 && hour < 18) return 'afternoon'
  return 'evening'
}
