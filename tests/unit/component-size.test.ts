import { describe, expect, it } from 'vitest'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

/** Components stay small (STYLE.md): logic goes to `use*.ts` composables or src/domain. */
const MAX_LINES = 150

function vueFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return vueFiles(path)
    return entry.name.endsWith('.vue') ? [path] : []
  })
}

/** Lines as an editor numbers them: a final newline does not start another line. */
const lineCount = (text: string) => (text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0))

describe('component size', () => {
  it('should count lines as wc -l does for files ending with a newline', () => {
    expect([lineCount('a\nb\n'), lineCount('a\nb'), lineCount('')]).toEqual([2, 2, 0])
  })

  it(`should keep every .vue file under src within ${MAX_LINES} lines`, () => {
    const files = vueFiles('src')
    expect(files.length).toBeGreaterThan(100)
    const over = files.map((path) => ({ path, lines: lineCount(readFileSync(path, 'utf8')) })).filter((f) => f.lines > MAX_LINES)
    expect(over.map((f) => `${f.path}: ${f.lines} lines`)).toEqual([])
  })
})
