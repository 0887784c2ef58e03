/**
 * Which module's top-level code the page-load module script spends its time in, without a trace:
 * a trace or a CPU profile changes what it measures (with V8's CPU profiler on, the sealkit app's
 * main chunk evaluated in ~12 ms instead of 40-60). A diagnostic for `BENCH_APP_MODULE_TIMES=1`,
 * never for the figures: the build it makes differs from what apps ship (one timestamp per module).
 *
 * The build appends to every module a statement that records `performance.now()` once its
 * top-level code has run, every chunk opens with one and the entry chunk closes with one. Modules
 * run in order, and a CommonJS module (React DOM) records when its wrapper has run, after the modules
 * it requires; so a module's time is its stamp minus the stamp before it. The chunks the entry
 * imports run just before it, in the same module script; lazy chunks run later.
 */
import type { Plugin } from 'vite'
import { ROOT, packageOf } from './bundle.ts'

const STAMP = '__benchModuleTimes'
const CHUNK_START = '(chunk '
const ENTRY_END = '(entry chunk end)'
const stamp = (label: string) => `(globalThis.${STAMP} ??= []).push([${JSON.stringify(label)}, performance.now()]);`

/** Vite plugin: the stamps described above (production builds of the bench apps only). */
export function moduleTimes(): Plugin {
  return {
    name: 'bench-module-times',
    enforce: 'post',
    transform(code, id) {
      const path = id.split('?')[0]!
      if (!/\.(m?js|cjs|jsx?|tsx?)$/.test(path) || /worker/.test(path)) return null
      return { code: `${code}\n;${stamp(labelOf(path))}\n`, map: null }
    },
    outputOptions(options) {
      return { ...options, banner: (chunk) => stamp(`${CHUNK_START}${chunk.name})`), footer: (chunk) => (chunk.isEntry ? stamp(ENTRY_END) : '') }
    },
  }
}

/** A module's name without the machine's paths: `react-dom/cjs/...`, `src/core/...`, `bench/apps/...`. */
function labelOf(path: string): string {
  const inPackages = path.lastIndexOf('/node_modules/')
  if (inPackages >= 0) return path.slice(inPackages + '/node_modules/'.length)
  if (path.startsWith('\0')) return path.slice(1) // a virtual module (vite's modulepreload polyfill)
  return path.startsWith(ROOT) ? path.slice(ROOT.length + 1) : path
}

/** The stamps as the page recorded them: `[label, ms]`. */
export type ModuleStamps = Array<[string, number]>

/** Reads the stamps in the page (a function to pass to `page.evaluate`). */
export const readModuleStamps = (): ModuleStamps => (globalThis as unknown as { __benchModuleTimes?: ModuleStamps }).__benchModuleTimes ?? []

/**
 * One line for the log: the initial chunks' evaluation (the page-load module script, compilation
 * aside), the time per group (sealkit's own modules, the app, each package) and the slowest modules.
 * Lazy chunks' stamps, later, are left out.
 */
export function formatModuleTimes(stamps: ModuleStamps, top = 4): string {
  // The page's first stamp is the first chunk's banner: the initial chunks run before anything lazy.
  const end = stamps.findIndex(([label]) => label === ENTRY_END)
  if (end < 0 || !stamps[0]![0].startsWith(CHUNK_START)) return 'module times: no stamps (built without BENCH_APP_MODULE_TIMES?)'
  const times: Array<[string, number]> = []
  for (let i = 1; i < end; i++) if (!stamps[i]![0].startsWith(CHUNK_START)) times.push([stamps[i]![0], stamps[i]![1] - stamps[i - 1]![1]])
  const total = stamps[end]![1] - stamps[0]![1]
  const groups = new Map<string, number>()
  for (const [label, ms] of times) groups.set(groupOf(label), (groups.get(groupOf(label)) ?? 0) + ms)
  const ms = (x: number) => x.toFixed(1)
  const byGroup = [...groups].sort((a, b) => b[1] - a[1]).filter(([, t]) => t >= 0.1)
  const slowest = [...times].sort((a, b) => b[1] - a[1]).slice(0, top)
  return (
    `initial chunks evaluated in ${ms(total)} ms (${times.length} modules): ${byGroup.map(([g, t]) => `${g} ${ms(t)}`).join(', ')}; ` +
    `slowest ${slowest.map(([l, t]) => `${l} ${ms(t)}`).join(', ')}`
  )
}

/** A label's group: sealkit's sources, the bench app, or (labels of packages are their path inside node_modules) the package. */
function groupOf(label: string): string {
  if (label.startsWith('src/')) return 'sealkit'
  if (label.startsWith('bench/apps/')) return 'app'
  return packageOf(label)
}
