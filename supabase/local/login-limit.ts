import { createHash } from 'node:crypto'

export interface LoginLimits {
  /** Failed logins per account within the window before that account's logins are refused. */
  perAccount: number
  /** Failed logins from one address within the window (over all accounts) before its logins are refused. */
  perAddress: number
  windowSeconds: number
}

/** 5 wrong passwords per account and 30 per address in 15 minutes (docs/architecture.md "Local backend"). */
export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perAccount: 5, perAddress: 30, windowSeconds: 15 * 60 }

/** The words the login screen recognises (src/i18n/zh-CN.ts `auth.errors.tooManyAttempts`). */
export const TOO_MANY_ATTEMPTS_MESSAGE = '登录失败次数过多，请15分钟后再试'

interface Window {
  failures: number
  endsAt: number
}

/** Keys kept at most; expired windows are dropped first, then the oldest. */
const MAX_KEYS = 100_000

/**
 * Counts failed logins per key (`account:<email or phone>`, `address:<ip>`) in a fixed window that
 * starts at the first failure. Keys are stored hashed, so their size is bounded whatever is sent.
 */
export class LoginLimiter {
  private readonly windows = new Map<string, Window>()

  constructor(
    private readonly limits: LoginLimits,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Seconds until the first refusing key's window ends, or null when none refuses. */
  refusedFor(account: string | null, address: string): number | null {
    const checks: [string | null, number][] = [
      [account && `account:${account}`, this.limits.perAccount],
      [`address:${address}`, this.limits.perAddress],
    ]
    for (const [key, limit] of checks) {
      if (!key) continue
      const window = this.current(key)
      if (window && window.failures >= limit) return Math.max(1, Math.ceil((window.endsAt - this.now()) / 1000))
    }
    return null
  }

  failed(account: string | null, address: string): void {
    for (const key of [account && `account:${account}`, `address:${address}`]) {
      if (!key) continue
      const window = this.current(key) ?? { failures: 0, endsAt: this.now() + this.limits.windowSeconds * 1000 }
      window.failures += 1
      this.windows.set(hash(key), window)
    }
    this.prune()
  }

  /** A successful login clears its account's failures (not its address's). */
  succeeded(account: string | null): void {
    if (account) this.windows.delete(hash(`account:${account}`))
  }

  private current(key: string): Window | null {
    const window = this.windows.get(hash(key))
    if (!window) return null
    if (window.endsAt > this.now()) return window
    this.windows.delete(hash(key))
    return null
  }

  private prune(): void {
    if (this.windows.size <= MAX_KEYS) return
    const now = this.now()
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key)
    for (const key of this.windows.keys()) {
      if (this.windows.size <= MAX_KEYS) break
      this.windows.delete(key)
    }
  }
}

const hash = (key: string) => createHash('sha256').update(key).digest('base64url')
