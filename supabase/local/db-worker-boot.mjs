// The database worker's entry: Node runs no TypeScript by itself (Vite and Vitest transform only
// their own threads), so tsx is registered here before the worker's TypeScript is loaded.
import { register } from 'tsx/esm/api'

register()
await import('./db-worker.ts')
