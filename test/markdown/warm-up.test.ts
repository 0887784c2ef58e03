// @vitest-environment jsdom
import { Lexer, Tokenizer } from 'marked'
import { afterEach, expect, test, vi } from 'vitest'
import { runStepsWhenIdle } from '../../src/components/internal/idle-loads.ts'
import { markdownWarmUpSteps } from '../../src/components/markdown/warm-up.ts'

const OPTIONS = { gfm: true, breaks: false }
const REPLY = '# Title\n\nSome **bold** and `code`, [a link](https://example.com).\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n端到端 *加密*\n'

/** Every RegExp the lexer runs, as it reaches them (the same objects the warm-up exercises). */
function lexerExpressions(): RegExp[] {
  const tokenizer = new Tokenizer()
  new Lexer({ ...OPTIONS, tokenizer })
  const { other, block, inline } = tokenizer.rules
  return [other, block, inline].flatMap((set) => Object.values(set).filter((r): r is RegExp => r instanceof RegExp))
}

afterEach(() => {
  vi.unstubAllGlobals()
  vi.useRealTimers()
})

test('the warm-up runs every rule the lexer uses, leaves each as it found it, and changes no result', () => {
  const expressions = lexerExpressions()
  const stateful = expressions.filter((r) => r.global || r.sticky)
  const before = Lexer.lex(REPLY, OPTIONS)
  // The lexer shares these objects: a lastIndex left behind would make a `test` or `exec` start mid-string.
  expect(stateful.length).toBeGreaterThan(0)
  stateful.forEach((r, i) => (r.lastIndex = i + 1))
  const exec = vi.spyOn(RegExp.prototype, 'exec')
  const lex = vi.spyOn(Lexer, 'lex')
  for (const step of markdownWarmUpSteps()) {
    step()
    // The rule steps come first; the samples then go through the lexer, which sets lastIndex itself.
    if (lex.mock.calls.length === 0) stateful.forEach((r, i) => expect(r.lastIndex).toBe(i + 1))
  }
  const ran = new Set(exec.mock.contexts)
  exec.mockRestore()
  expect(lex).toHaveBeenCalled()
  lex.mockRestore()
  expect(expressions.filter((r) => !ran.has(r))).toEqual([])
  expect(Lexer.lex(REPLY, OPTIONS)).toEqual(before)
})

test('each rule step is one run of one rule on one string: each of V8\'s compiles of a pattern is a step of its own', () => {
  const steps = markdownWarmUpSteps()
  const exec = vi.spyOn(RegExp.prototype, 'exec')
  const lex = vi.spyOn(Lexer, 'lex')
  const perRuleStep: number[] = []
  const subjects: string[] = []
  for (const step of steps) {
    const before = exec.mock.calls.length
    step()
    if (lex.mock.calls.length === 0) {
      perRuleStep.push(exec.mock.calls.length - before)
      subjects.push(exec.mock.calls.at(-1)![0])
    }
  }
  const rules = exec.mock.contexts.slice(0, perRuleStep.length)
  exec.mockRestore()
  lex.mockRestore()
  // Each rule on a one-byte and a two-byte string, each twice (bytecode, then machine code).
  const count = new Set(lexerExpressions()).size
  expect(perRuleStep.length).toBe(4 * count)
  expect(perRuleStep.every((n) => n === 1)).toBe(true)
  // Pass by pass: every rule once before any rule a second time, and the one-byte passes before the two-byte ones.
  for (let pass = 0; pass < 4; pass++) expect(new Set(rules.slice(pass * count, (pass + 1) * count)).size).toBe(count)
  const twoByte = subjects.map((subject) => [...subject].some((c) => c.charCodeAt(0) > 0xff))
  expect(twoByte.slice(0, 2 * count).some(Boolean)).toBe(false)
  expect(twoByte.slice(2 * count).every(Boolean)).toBe(true)
})

test('idle steps: at least one per idle period, more while it has time left, in order', () => {
  const periods: Array<(deadline: IdleDeadline) => void> = []
  vi.stubGlobal('requestIdleCallback', (run: (deadline: IdleDeadline) => void) => periods.push(run))
  const ran: number[] = []
  let remaining = 0
  const steps = Array.from({ length: 5 }, (_, i) => () => {
    ran.push(i)
    remaining -= 10
  })
  runStepsWhenIdle(steps)
  expect(ran).toEqual([])
  // A period with no time left still runs one step.
  remaining = 0
  periods.shift()!({ didTimeout: true, timeRemaining: () => remaining })
  expect(ran).toEqual([0])
  // 22 ms left: steps of 10 ms run while more than 2 ms remain (22 -> 12 -> 2).
  remaining = 22
  periods.shift()!({ didTimeout: false, timeRemaining: () => remaining })
  expect(ran).toEqual([0, 1, 2])
  remaining = 3
  periods.shift()!({ didTimeout: false, timeRemaining: () => remaining })
  expect(ran).toEqual([0, 1, 2, 3])
  remaining = 2
  periods.shift()!({ didTimeout: false, timeRemaining: () => remaining })
  expect(ran).toEqual([0, 1, 2, 3, 4])
  expect(periods).toEqual([])
})

/** Steps of 4 ms by a mocked clock (a period or task runs them while it has run for less than 10 ms); `ran` lists those run. */
function fourMsSteps(count: number) {
  let now = 1000
  vi.spyOn(performance, 'now').mockImplementation(() => now)
  const ran: number[] = []
  const steps = Array.from({ length: count }, (_, i) => () => {
    ran.push(i)
    now += 4
  })
  return { ran, steps }
}

test('idle steps: a period starts no step once it has run for 10 ms, whatever time it has left', () => {
  const periods: Array<(deadline: IdleDeadline) => void> = []
  vi.stubGlobal('requestIdleCallback', (run: (deadline: IdleDeadline) => void) => periods.push(run))
  // Steps of 4 ms by the clock; every period says it has 49 ms left.
  const { ran, steps } = fourMsSteps(7)
  runStepsWhenIdle(steps)
  const idle = { didTimeout: false, timeRemaining: () => 49 }
  periods.shift()!(idle)
  expect(ran).toEqual([0, 1, 2]) // 4, 8, then 12 ms: no fourth step
  periods.shift()!(idle)
  expect(ran).toEqual([0, 1, 2, 3, 4, 5])
  periods.shift()!(idle)
  expect(ran).toEqual([0, 1, 2, 3, 4, 5, 6])
  expect(periods).toEqual([])
  vi.restoreAllMocks()
})

test('a step that throws ends the run', () => {
  const periods: Array<(deadline: IdleDeadline) => void> = []
  vi.stubGlobal('requestIdleCallback', (run: (deadline: IdleDeadline) => void) => periods.push(run))
  const ran: string[] = []
  runStepsWhenIdle([
    () => void ran.push('a'),
    () => {
      ran.push('b')
      throw new Error('no')
    },
    () => void ran.push('c'),
  ])
  periods.shift()!({ didTimeout: false, timeRemaining: () => 49 })
  expect(ran).toEqual(['a', 'b'])
  expect(periods).toEqual([])
})

test('with scheduler.postTask the steps run in background-priority tasks of up to 10 ms, not idle periods', () => {
  const tasks: Array<() => void> = []
  const postTask = vi.fn((run: () => void, _options: { priority: string }) => {
    tasks.push(run)
    return Promise.resolve()
  })
  vi.stubGlobal('scheduler', { postTask })
  const idle = vi.fn()
  vi.stubGlobal('requestIdleCallback', idle)
  const { ran, steps } = fourMsSteps(7)
  runStepsWhenIdle(steps)
  expect(ran).toEqual([])
  tasks.shift()!()
  expect(ran).toEqual([0, 1, 2])
  tasks.shift()!()
  tasks.shift()!()
  expect(ran).toEqual([0, 1, 2, 3, 4, 5, 6])
  expect(tasks).toEqual([])
  expect(postTask).toHaveBeenCalledTimes(3)
  expect(postTask.mock.calls.every(([, options]) => options.priority === 'background')).toBe(true)
  expect(idle).not.toHaveBeenCalled()
  vi.restoreAllMocks()
})

test('without scheduler.postTask or requestIdleCallback: message tasks of up to 10 ms, which faked timers do not hold', async () => {
  vi.useFakeTimers()
  vi.stubGlobal('requestIdleCallback', undefined)
  const { ran, steps } = fourMsSteps(5)
  // Steps run in one task share it until its microtasks run: a new group per task.
  const periods: number[][] = []
  let inTask = false
  const grouped = steps.map((step, i) => () => {
    if (!inTask) {
      periods.push([])
      inTask = true
      queueMicrotask(() => (inTask = false))
    }
    periods.at(-1)!.push(i)
    step()
  })
  const done = runStepsWhenIdle(grouped)
  expect(ran).toEqual([])
  await done
  expect(ran).toEqual([0, 1, 2, 3, 4])
  expect(periods).toEqual([[0, 1, 2], [3, 4]])
  vi.restoreAllMocks()
})

test('without scheduler.postTask, requestIdleCallback or MessageChannel: timer tasks', () => {
  vi.useFakeTimers({ toFake: ['setTimeout'] })
  vi.stubGlobal('requestIdleCallback', undefined)
  vi.stubGlobal('MessageChannel', undefined)
  const { ran, steps } = fourMsSteps(5)
  runStepsWhenIdle(steps)
  expect(ran).toEqual([])
  vi.advanceTimersToNextTimer()
  expect(ran).toEqual([0, 1, 2])
  vi.runAllTimers()
  expect(ran).toEqual([0, 1, 2, 3, 4])
  vi.restoreAllMocks()
})

test('preloadMarkdown() settles under faked timers (an app\'s own tests): the warm-up does not wait for a timer', async () => {
  vi.resetModules()
  vi.useFakeTimers()
  const { preloadMarkdown } = await import('../../src/components/markdown/lazy.tsx')
  await expect(preloadMarkdown()).resolves.toBeTypeOf('function')
})

test('loading the renderer warms the lexer up at idle, not at once; preloadMarkdown() settles once it is done', async () => {
  vi.resetModules()
  const periods: Array<(deadline: IdleDeadline) => void> = []
  vi.stubGlobal('requestIdleCallback', (run: (deadline: IdleDeadline) => void) => periods.push(run))
  const { loadMarkdown, preloadMarkdown } = await import('../../src/components/markdown/lazy.tsx')
  const exec = vi.spyOn(RegExp.prototype, 'exec')
  await loadMarkdown()
  const atLoad = exec.mock.calls.length
  // The load's own warm-up: one idle period asked for, nothing run yet.
  expect(periods).toHaveLength(1)
  // preloadMarkdown() runs the same steps too (even while idle work is paused), at idle all the same.
  let preloaded = false
  void preloadMarkdown().then(() => (preloaded = true))
  await new Promise((resolve) => setTimeout(resolve, 5))
  expect(preloaded).toBe(false)
  while (periods.length) periods.shift()!({ didTimeout: false, timeRemaining: () => 50 })
  expect(exec.mock.calls.length).toBeGreaterThan(atLoad + lexerExpressions().length)
  exec.mockRestore()
  await vi.waitFor(() => expect(preloaded).toBe(true))
})
