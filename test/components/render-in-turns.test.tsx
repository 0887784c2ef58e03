import { useReducer } from 'react'
import { flushSync } from 'react-dom'
import { createRoot } from 'react-dom/client'
import { afterEach, expect, it, vi } from 'vitest'
import { prepareTurns, renderInTurn, subscribeTurns, turnsWaitWithin } from '../../src/components/internal/render-in-turns.ts'

/** Resolves after the turn queued before it (turns are timer tasks too). */
const afterTurn = () => new Promise((resolve) => setTimeout(resolve, 0))

/** Steps that take 4 ms each by a mocked clock: a turn starts no step once it has run for 10 ms. */
function fourMs() {
  let now = 1000
  vi.spyOn(performance, 'now').mockImplementation(() => now)
  return () => (now += 4)
}

afterEach(() => {
  vi.restoreAllMocks()
  prepareTurns([])
  document.body.replaceChildren()
})

it('runs queued updates in later tasks, the newest first, as many as fit in ~10 ms per task', async () => {
  const tick = fourMs()
  const ran: number[] = []
  for (let i = 0; i < 7; i++) renderInTurn(() => void (ran.push(i), tick()))
  expect(ran).toEqual([])
  await afterTurn()
  expect(ran).toEqual([6, 5, 4]) // 4, 8, then 12 ms: no fourth
  await afterTurn()
  expect(ran).toEqual([6, 5, 4, 3, 2, 1])
  await afterTurn()
  expect(ran).toEqual([6, 5, 4, 3, 2, 1, 0])
})

it('commits each update in its turn, and never runs one taken off the queue', async () => {
  let bump!: () => void
  function Counter() {
    const [n, dispatch] = useReducer((x: number) => x + 1, 0)
    bump = dispatch
    return <output>{n}</output>
  }
  const host = document.createElement('div')
  document.body.append(host)
  const root = createRoot(host)
  flushSync(() => root.render(<Counter />))
  const ran: string[] = []
  renderInTurn(bump)
  const cancel = renderInTurn(() => ran.push('cancelled'))
  renderInTurn(() => ran.push('kept'))
  cancel()
  await afterTurn()
  // On screen when the turn's task ends: no render left waiting for a later task.
  expect(host.textContent).toBe('1')
  expect(ran).toEqual(['kept'])
  root.unmount()
})

it('runs the preparation steps left before any update, taking each off the shared array; one that throws ends them', async () => {
  const tick = fourMs()
  const ran: string[] = []
  const steps = ['a', 'b', 'c', 'd'].map((name) => () => {
    ran.push(name)
    tick()
    if (name === 'c') throw new Error('cold')
  })
  prepareTurns(steps)
  steps.shift()!() // another runner (the idle warm-up) took the first
  renderInTurn(() => void (ran.push('update'), tick()))
  await afterTurn()
  expect(ran).toEqual(['a', 'b', 'c', 'update'])
  expect(steps).toEqual([])
})

it('runs the update anchored lowest on the page first, whatever the order it was queued in', async () => {
  // A conversation mounted in steps queues its last rows first, then the earlier ones above them.
  const rows = Array.from({ length: 4 }, () => document.body.appendChild(document.createElement('p')))
  const ran: number[] = []
  for (const i of [2, 3, 0, 1]) renderInTurn(() => void ran.push(i), () => rows[i])
  renderInTurn(() => void ran.push(-1)) // no anchor: after every anchored one
  await afterTurn()
  expect(ran).toEqual([3, 2, 1, 0, -1])
})

it('says whether an update anchored inside a container waits, and tells its subscribers when that may have changed', async () => {
  const [log, other] = [document.createElement('div'), document.createElement('div')]
  const row = log.appendChild(document.createElement('p'))
  document.body.append(log, other)
  let calls = 0
  const unsubscribe = subscribeTurns(() => calls++)
  const cancel = renderInTurn(() => {}, () => row)
  renderInTurn(() => {}) // no anchor: waits, but inside no container
  expect([turnsWaitWithin(log), turnsWaitWithin(other), turnsWaitWithin(null), calls]).toEqual([true, false, false, 2])
  cancel()
  expect([turnsWaitWithin(log), calls]).toEqual([false, 3])
  cancel() // already off the queue: no news
  expect(calls).toBe(3)
  renderInTurn(() => {}, () => row)
  await afterTurn()
  expect([turnsWaitWithin(log), calls]).toEqual([false, 5]) // both ran in one turn: one call for it
  unsubscribe()
  renderInTurn(() => {})
  expect(calls).toBe(5)
  await afterTurn()
})
