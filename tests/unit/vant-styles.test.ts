import { describe, expect, it } from 'vitest'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'

/*
 * Vant is imported component by component, so each file that uses a Vant component must load its
 * styles itself (`vant/es/<folder>/style/index`, which brings the styles it depends on), or a screen
 * is drawn unstyled. This test reads every file under src/ and checks that.
 */

/** Tests run from the repository's root. */
const root = resolve('.')
const vantEs = join(root, 'node_modules/vant/es')

/** Loaded before every screen: the style imports here count for every file. */
const ALWAYS_LOADED = ['src/main.ts', 'src/App.vue']

/**
 * Styles a component draws only when asked: Vant's Button, Cell, Field, Tag, NoticeBar and TabbarItem
 * draw an Icon (and Icon a Badge) only through the props below. The first screen should not carry
 * the icon font for nothing, so these are required only where a file uses such a prop.
 */
const DRAWN_ON_REQUEST: Record<string, string[]> = {
  button: ['icon/index.css', 'badge/index.css'],
  cell: ['icon/index.css', 'badge/index.css'],
  field: ['icon/index.css', 'badge/index.css'],
  tag: ['icon/index.css', 'badge/index.css'],
  'notice-bar': ['icon/index.css', 'badge/index.css'],
  'tabbar-item': ['icon/index.css', 'badge/index.css'],
  icon: ['badge/index.css'],
}
const ASKS_FOR_AN_ICON = /[\s:](?:icon|left-icon|right-icon|is-link|closeable|clearable|badge|dot|mode|arrow-direction)[\s=>/]/

/** Value exports of 'vant' that draw nothing. */
const WITHOUT_STYLE = new Set(['Locale', 'Lazyload'])

/** `CellGroup` → `cell-group`; `showConfirmDialog` → `dialog`; `showImagePreview` → `image-preview`. */
function vantStyleFolder(exported: string): string | null {
  if (WITHOUT_STYLE.has(exported) || /^use[A-Z]/.test(exported)) return null
  const functionApi = /^(?:show|close|set|reset)\w*?(Dialog|Toast|Notify|ImagePreview)(?:DefaultOptions)?$/.exec(exported)
  const component = functionApi?.[1] ?? exported
  return component.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()
}

/** The CSS files (relative to vant/es) a folder's `style/index` loads: its own and its dependencies'. */
function cssOfFolder(folder: string): string[] {
  const entry = join(vantEs, folder, 'style/index.mjs')
  if (!existsSync(entry)) throw new Error(`vant has no styles for "${folder}"`)
  return [...readFileSync(entry, 'utf8').matchAll(/import "\.\.\/\.\.\/([^"]+)"|import "\.\.\/index\.css"/g)].map((m) =>
    m[1] ?? `${folder}/index.css`,
  )
}

/** The Vant CSS a file's imports load. */
function cssImportedBy(source: string): Set<string> {
  const loaded = new Set<string>()
  for (const [, path = ''] of source.matchAll(/import\s+['"]vant\/es\/([^'"]+)['"]/g)) {
    const folder = /^(.+)\/style\/index(?:\.mjs)?$/.exec(path)?.[1]
    if (folder) for (const css of cssOfFolder(folder)) loaded.add(css)
    else loaded.add(path)
  }
  return loaded
}

/** Names a file imports as values from 'vant' (type-only imports draw nothing). */
function vantValueImports(source: string): string[] {
  const names: string[] = []
  for (const [, typeOnly, clause = ''] of source.matchAll(/import\s+(type\s+)?(\{[^}]*\}|[^'"{}]+?)\s+from\s+['"]vant['"]/g)) {
    if (typeOnly) continue
    if (!clause.startsWith('{')) throw new Error(`import only named Vant components (found "import ${clause} from 'vant'")`)
    for (const part of clause.slice(1, -1).split(',')) {
      const [name] = part.trim().split(/\s+as\s+/)
      if (!name || name.startsWith('type ')) continue
      names.push(name)
    }
  }
  return names
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.(vue|ts)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : []
  })
}

/** "file: Component lacks a.css, b.css" for each Vant component whose styles a file does not load. */
function missingVantStyles(files: { path: string; source: string }[], alwaysLoaded: Set<string>): string[] {
  const problems: string[] = []
  for (const { path, source } of files) {
    const names = vantValueImports(source)
    if (names.length === 0) continue
    const loaded = cssImportedBy(source)
    for (const name of names) {
      const folder = vantStyleFolder(name)
      if (folder === null) continue
      const onRequest = ASKS_FOR_AN_ICON.test(source) ? [] : (DRAWN_ON_REQUEST[folder] ?? [])
      const missing = cssOfFolder(folder).filter((css) => !loaded.has(css) && !alwaysLoaded.has(css) && !onRequest.includes(css))
      if (missing.length > 0) problems.push(`${path}: ${name} lacks ${missing.join(', ')}`)
    }
  }
  return problems
}

describe('Vant styles', () => {
  it('should map exports to their style folders', () => {
    expect(
      ['Button', 'CellGroup', 'TabbarItem', 'Dialog', 'showDialog', 'showConfirmDialog', 'closeDialog', 'showToast', 'showLoadingToast', 'closeToast', 'setToastDefaultOptions', 'showNotify', 'showImagePreview', 'Locale'].map(vantStyleFolder),
    ).toEqual(['button', 'cell-group', 'tabbar-item', 'dialog', 'dialog', 'dialog', 'dialog', 'toast', 'toast', 'toast', 'toast', 'notify', 'image-preview', null])
  })

  it('should read value imports, multi-line and renamed, and skip type-only ones', () => {
    const source = "import {\n  Button,\n  CellGroup as Group,\n  type FieldRule,\n} from 'vant'\nimport type { ToastOptions } from 'vant'\n"
    expect(vantValueImports(source)).toEqual(['Button', 'CellGroup'])
  })

  it("should find a component whose dependency's styles are not loaded", () => {
    const file = { path: 'x.vue', source: "import { Field } from 'vant'\nimport 'vant/es/field/index.css'\n" }
    expect(missingVantStyles([file], new Set())).toEqual(['x.vue: Field lacks style/base.css, cell/index.css'])
    const withIcon = { path: 'z.vue', source: `${file.source}<Field left-icon="search" />` }
    expect(missingVantStyles([withIcon], new Set(['style/base.css', 'cell/index.css']))).toEqual(['z.vue: Field lacks badge/index.css, icon/index.css'])
    const styled = { path: 'y.ts', source: "import { showConfirmDialog } from 'vant'\nimport 'vant/es/dialog/style/index'\n" }
    expect(missingVantStyles([styled], new Set())).toEqual([])
  })

  it('should load, in every file under src, the styles of each Vant component it imports', () => {
    const always = new Set(ALWAYS_LOADED.flatMap((path) => [...cssImportedBy(readFileSync(join(root, path), 'utf8'))]))
    const files = sourceFiles(join(root, 'src')).map((path) => ({ path: relative(root, path), source: readFileSync(path, 'utf8') }))
    expect(files.filter((file) => vantValueImports(file.source).length > 0).length).toBeGreaterThan(50)
    expect(missingVantStyles(files, always)).toEqual([])
  })
})
