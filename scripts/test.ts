/**
 * `npm test`: runs every step, even after one fails, so a failing story never hides the consumer
 * apps or the size budget; prints a summary table and exits non-zero if any step failed.
 *
 *   npm test                      every step
 *   npm test -- lint consumers    only the steps named (npx tsx scripts/test.ts lint works too)
 *
 * The closing line `tests: N passed, M failed` sums Vitest's "Tests" lines; a step that failed counts at
 * least one failure, or one per failed test file when more (typecheck, lint, suites that did not load).
 * .ci/run prints that line as the run's result.
 *
 * The single-threaded checks (typecheck, lint, api-docs) run side by side, one per core, each step's
 * output printed whole when it ends: on two cores that takes ~20 s off the run.
 *
 * On Linux the summary also says how much CPU each step's processes used: on a machine whose cores the steps keep
 * busy, the run cannot take less than its CPU divided by the cores, however the steps are ordered.
 */
import { execFileSync, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { delimiter, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

/** A shell command that runs `npm ci` in `dir` unless `dir/node_modules/<probe>` is there already. */
function installOnce(dir: string, probe: string): string {
  return `{ test -d ${dir}/node_modules/${probe} || npm ci --prefix ${dir} --no-audit --no-fund --prefer-offline; }`
}

/** A step: its name (`npm test -- <name>`), its shell command, and whether it may run beside its neighbours. */
export type Step = [name: string, command: string, concurrent?: 'concurrent']

/** The steps, in order: cheap checks first, the slow packed-tarball apps last but one. */
export const STEPS: Step[] = [
  // Each of these three uses one core: they run beside each other.
  ['typecheck', 'tsc --noEmit', 'concurrent'],
  ['lint', 'eslint .', 'concurrent'],
  // Validation only (every export documented, links valid): no pages written, no source links, so no git remote needed.
  // Type errors are typecheck's to find (typedoc.json's skipErrorChecking): checking the program twice was ~9 s of CPU.
  ['api-docs', 'typedoc --emit none --disableSources', 'concurrent'],
  ['node', 'vitest run'],
  // React 18 has its own lockfile in test/react18: installed here when missing, so `npm install && npm test` is enough.
  ['react18', `${installOnce('test/react18', 'react')} && vitest run --config vitest.react18.config.ts`],
  ['browser', 'vitest run --config vitest.browser.config.ts'],
  ['consumers', 'vitest run --config vitest.consumers.config.ts'],
  ['size', 'tsx bench/size-check.ts'],
]

// eslint-disable-next-line no-control-regex -- terminal colour codes are what this strips
const ANSI = /\x1b\[[0-9;]*m/g

/**
 * Vitest's closing lines, summed: "Tests  2 failed | 805 passed | 3 skipped (810)" and "Test Files  9 failed
 * | 3 passed (12)" (a file that failed to load has no failed test to count).
 */
export function countTests(output: string): { passed: number; failed: number; failedFiles: number } {
  let passed = 0
  let failed = 0
  let failedFiles = 0
  for (const line of output.replace(ANSI, '').split('\n')) {
    const files = /^\s*Test Files\s+(.*)\(\d+\)\s*$/.exec(line)?.[1]
    if (files) failedFiles += Number(/(\d+) failed/.exec(files)?.[1] ?? 0)
    const counts = /^\s*Tests\s+(.*)\(\d+\)\s*$/.exec(line)?.[1]
    if (!counts) continue
    passed += Number(/(\d+) passed/.exec(counts)?.[1] ?? 0)
    failed += Number(/(\d+) failed/.exec(counts)?.[1] ?? 0)
  }
  return { passed, failed, failedFiles }
}

export interface StepResult {
  name: string
  ok: boolean
  passed: number
  failed: number
  ms: number
  /** CPU time of the step's processes; for steps run side by side, of their whole batch (on its first step). Undefined off Linux. */
  cpuMs?: number | undefined
  /** Run beside the step before it: its CPU is counted in that step's. */
  cpuShared?: boolean
}

/**
 * CPU time (user + system) of this process's finished children and everything they waited for, from
 * /proc/self/stat (cutime + cstime); undefined where there is no /proc. A floor: processes that leave their parent
 * (Chromium's renderers, whose zygote forks twice) are not counted; machineBusyMs() counts them, and anything else.
 */
export function childrenCpuMs(): number | undefined {
  const stat = readProc('/proc/self/stat')
  if (stat === undefined) return undefined
  // Fields after the command name in parentheses (which may hold spaces): cutime and cstime are fields 16 and 17.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / clockTicks()
}
/** The whole machine's busy CPU time (every core, every process), from /proc/stat; undefined where there is no /proc. */
export function machineBusyMs(): number | undefined {
  const stat = readProc('/proc/stat')
  if (stat === undefined) return undefined
  // cpu  user nice system idle iowait irq softirq steal ...: all but idle and iowait are busy.
  const [user, nice, system, , , irq, softirq, steal] = stat.slice(0, stat.indexOf('\n')).trim().split(/\s+/).slice(1).map(Number)
  return (((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) * 1000) / clockTicks()
}
/** A /proc file's text; undefined where there is no /proc (macOS, Windows). */
function readProc(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}
let ticks: number | undefined
function clockTicks(): number {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
    } catch {
      ticks = 100
    }
  }
  return ticks
}

/** Runs one step, its output streamed through (or only collected); resolves with its exit code and output. */
function runStep(command: string, stream = true): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    // The project's own binaries first, as `npm run` would put them, so `npx tsx scripts/test.ts` works too.
    const PATH = [resolve(ROOT, 'node_modules/.bin'), process.env.PATH].join(delimiter)
    const env = { ...process.env, PATH, FORCE_COLOR: process.env.FORCE_COLOR ?? (process.stdout.isTTY ? '1' : '0') }
    const child = spawn(command, { cwd: ROOT, shell: true, stdio: ['ignore', 'pipe', 'pipe'], env })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => {
      if (stream) process.stdout.write(chunk)
      output += chunk
    })
    child.stderr.on('data', (chunk: Buffer) => {
      if (stream) process.stderr.write(chunk)
      output += chunk
    })
    child.on('error', (error) => done({ code: 1, output: `${output}\n${error.message}` }))
    child.on('close', (code, signal) => done({ code: code ?? (signal ? 1 : 0), output }))
  })
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(0)} s`

/** Runs one step and counts its tests; its output streamed, or printed whole once it ends (beside other steps). */
async function runCounted([name, command]: Step, stream: boolean): Promise<StepResult> {
  if (stream) console.log(`\n=== ${name}: ${command}`)
  const started = Date.now()
  const { code, output } = await runStep(command, stream)
  if (!stream) {
    console.log(`\n=== ${name}: ${command}`)
    if (output) process.stdout.write(output.endsWith('\n') ? output : `${output}\n`)
  }
  const counts = countTests(output)
  // A failed step counts at least one failure, and at least one per test file that failed (to load, too).
  const failed = code === 0 ? counts.failed : Math.max(counts.failed, counts.failedFiles, 1)
  return { name, ok: code === 0 && failed === 0, passed: counts.passed, failed, ms: Date.now() - started }
}

/** Runs every step (none is skipped when an earlier one fails), then prints the summary. Returns the exit code. */
export async function runSteps(steps: Step[], cores = availableParallelism()): Promise<number> {
  const runStarted = Date.now()
  const machineBefore = machineBusyMs()
  const results: StepResult[] = []
  // Steps side by side share one CPU figure, their batch's, counted once here.
  let cpuTotal: number | undefined = 0
  for (let i = 0; i < steps.length; ) {
    // Neighbouring concurrent steps run together, up to one per core; any other step runs alone, streamed.
    let end = i + 1
    if (steps[i]![2] === 'concurrent') while (end < steps.length && steps[end]![2] === 'concurrent') end++
    const batch = steps.slice(i, end)
    const cpuBefore = childrenCpuMs()
    if (batch.length === 1) results.push(await runCounted(batch[0]!, true))
    else {
      const done = new Array<StepResult>(batch.length)
      let next = 0
      const lane = async () => {
        for (let k = next++; k < batch.length; k = next++) done[k] = await runCounted(batch[k]!, false)
      }
      await Promise.all(Array.from({ length: Math.min(Math.max(1, cores), batch.length) }, lane))
      results.push(...done)
    }
    const cpuAfter = childrenCpuMs()
    const batchCpu = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore
    results.slice(-batch.length).forEach((r, k) => (k === 0 ? (r.cpuMs = batchCpu) : (r.cpuShared = batchCpu !== undefined)))
    cpuTotal = cpuTotal === undefined || batchCpu === undefined ? undefined : cpuTotal + batchCpu
    i = end
  }

  const width = Math.max(...results.map((r) => r.name.length))
  const cpu = (r: StepResult) => (r.cpuShared ? '  (above)' : r.cpuMs === undefined ? '' : `  ${seconds(r.cpuMs).padStart(7)}`)
  console.log(`\n${'step'.padEnd(width)}  result  tests passed  failed   time${results.some((r) => r.cpuMs !== undefined) ? '      cpu' : ''}`)
  for (const r of results) {
    console.log(`${r.name.padEnd(width)}  ${(r.ok ? 'ok' : 'FAILED').padEnd(6)}  ${String(r.passed).padStart(12)}  ${String(r.failed).padStart(6)}  ${seconds(r.ms).padStart(5)}${cpu(r)}`)
  }
  const bad = results.filter((r) => !r.ok)
  // The run's own time: concurrent steps overlap, so it is less than the steps' times summed.
  const total = results.reduce((sum, r) => ({ passed: sum.passed + r.passed, failed: sum.failed + r.failed, ms: sum.ms }), { passed: 0, failed: 0, ms: Date.now() - runStarted })
  const machineAfter = machineBusyMs()
  const machine = machineBefore === undefined || machineAfter === undefined ? '' : `, ${seconds(machineAfter - machineBefore)} of the machine's`
  const took = cpuTotal === undefined ? seconds(total.ms) : `${seconds(total.ms)}; ${seconds(cpuTotal)} of CPU in its processes${machine}, on ${cores} cores`
  console.log(bad.length ? `\n${bad.length} of ${results.length} steps FAILED: ${bad.map((r) => r.name).join(', ')} (${took})` : `\nall ${results.length} steps passed (${took})`)
  console.log(`tests: ${total.passed} passed, ${total.failed} failed`)
  return bad.length ? 1 : 0
}

async function main(names: string[]): Promise<number> {
  const unknown = names.filter((name) => !STEPS.some(([step]) => step === name))
  if (unknown.length) {
    console.error(`unknown step(s): ${unknown.join(', ')}; steps: ${STEPS.map(([step]) => step).join(', ')}`)
    return 2
  }
  return runSteps(names.length ? STEPS.filter(([step]) => names.includes(step)) : STEPS)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = await main(process.argv.slice(2))
