/**
 * The parts the components load on demand (the model list's Radix Select, the badge's popover):
 * before their code arrives the same trigger stands in, box for box; a click made then is kept;
 * a part that cannot load says so in words. The rest of the suite renders them loaded (setup.ts).
 */
import { act, render, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { userEvent } from 'vitest/browser'
import type * as BadgeModule from '../../src/components/AttestationBadge.tsx'
import type * as PickerModule from '../../src/components/ModelPicker.tsx'
import { HoldIdleLoads, loadWhenIdle, pauseIdleWork, runStepsWhenIdle } from '../../src/components/internal/idle-loads.ts'
import { lazyPart } from '../../src/components/internal/lazy-part.ts'
import { LoadFailed } from '../../src/components/internal/LoadFailed.tsx'
import { PrivateChatView } from '../../src/components/PrivateChatView.tsx'
import { models, verifiedReport } from '../../stories/fixtures.ts'

// A fresh instance of each module (Vite keys modules by URL, query included): its part is not loaded yet.
let fresh = 0
const freshBadge = () => import(/* @vite-ignore */ `../../src/components/AttestationBadge.tsx?fresh=${++fresh}`) as Promise<typeof BadgeModule>
const freshPicker = () => import(/* @vite-ignore */ `../../src/components/ModelPicker.tsx?fresh=${++fresh}`) as Promise<typeof PickerModule>

const box = (el: Element) => {
  const r = el.getBoundingClientRect()
  return { x: r.x, y: r.y, width: r.width, height: r.height }
}

describe('parts loaded on demand', () => {
  it('the badge: the stand-in pill has the loaded pill’s box, and a click on it opens the popover', async () => {
    const { AttestationBadge } = await freshBadge()
    render(<AttestationBadge report={verifiedReport} />)
    const standIn = screen.getByRole('button', { name: /verified/i })
    expect(standIn).toHaveAttribute('data-loading')
    const before = box(standIn)
    await userEvent.click(standIn)
    const dialog = await screen.findByRole('dialog')
    const loaded = screen.getByRole('button', { name: /verified/i })
    expect(loaded).not.toHaveAttribute('data-loading')
    expect(loaded).toHaveAttribute('aria-controls', dialog.id)
    expect(box(loaded)).toEqual(before)
  })

  it('the model picker: the stand-in trigger and filter have the loaded ones’ boxes and show the same selection', async () => {
    const { ModelPicker } = await freshPicker()
    const model = models[0]!
    render(<ModelPicker models={models} defaultValue={model.id} />)
    const standIn = screen.getByRole('combobox')
    expect(standIn).toHaveAttribute('data-loading')
    expect(standIn).toHaveTextContent(model.model_spec?.name ?? model.id)
    const before = box(standIn)
    // The privacy filter's stand-in: the same radios, names and boxes.
    expect(screen.getByRole('radiogroup')).toHaveAttribute('data-loading')
    const radios = () => screen.getAllByRole('radio').map((r) => ({ name: r.getAttribute('aria-label'), checked: r.getAttribute('aria-checked'), disabled: (r as HTMLButtonElement).disabled, ...box(r) }))
    const radiosBefore = radios()
    expect(radiosBefore.length).toBeGreaterThan(1)
    await waitFor(() => expect(screen.getByRole('combobox')).not.toHaveAttribute('data-loading'))
    await waitFor(() => expect(screen.getByRole('radiogroup')).not.toHaveAttribute('data-loading'))
    const loaded = screen.getByRole('combobox')
    expect(loaded).toHaveTextContent(model.model_spec?.name ?? model.id)
    expect(box(loaded)).toEqual(before)
    expect(radios()).toEqual(radiosBefore)
  })

  it('a part that cannot load is a state its component shows in words, and a later mount tries again', async () => {
    let attempt = 0
    const part = lazyPart(() => (++attempt === 1 ? Promise.reject(new TypeError('Failed to fetch dynamically imported module')) : Promise.resolve('loaded')))
    function Shown() {
      const { value, error } = part.useState()
      return value ? <p>{value}</p> : error ? <LoadFailed /> : <p>loading</p>
    }
    const first = render(<Shown />)
    expect(await screen.findByRole('alert')).toHaveTextContent(/could not be loaded/)
    first.unmount()
    await act(async () => {
      render(<Shown />)
    })
    expect(await screen.findByText('loaded')).toBeVisible()
    expect(attempt).toBe(2)
  })

  it('a part that arrives renders in a transition: in slices, never one long task', async () => {
    // A part whose first render costs ~180 ms of script, in 60 components of 3 ms each (a Radix popup's
    // cold first render is tens of ms on a small machine).
    function Slow({ i }: { i: number }) {
      const end = performance.now() + 3
      while (performance.now() < end);
      return <li>{i}</li>
    }
    function Heavy() {
      return <ul>{Array.from({ length: 60 }, (_, i) => <Slow key={i} i={i} />)}</ul>
    }
    let arrive!: (part: typeof Heavy) => void
    const part = lazyPart(() => new Promise<typeof Heavy>((resolve) => (arrive = resolve)))
    function Host() {
      const { value: Part } = part.useState(true) // needed: loads at once
      return Part ? <Part /> : <p>loading</p>
    }
    render(<Host />)
    await waitFor(() => expect(arrive).toBeTypeOf('function'))
    const tasks: number[] = []
    const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries().map((e) => e.duration)))
    observer.observe({ type: 'longtask' })
    arrive(Heavy)
    expect(await screen.findByText('59', {}, { timeout: 10_000 })).toBeVisible()
    // Entries are delivered after their task: one more turn of the event loop.
    await new Promise((r) => setTimeout(r, 50))
    observer.disconnect()
    expect(tasks.filter((d) => d >= 100)).toEqual([])
  })

  it('inside a hold (PrivateChat until its first verdict) a part waits; released, it loads at idle; opened, it loads at once', async () => {
    let loads = 0
    const part = lazyPart(() => {
      loads++
      return Promise.resolve('loaded')
    })
    function Shown({ needed }: { needed?: boolean }) {
      const { value } = part.useState(needed)
      return <p>{value ?? 'loading'}</p>
    }
    const view = render(
      <HoldIdleLoads value={true}>
        <Shown />
      </HoldIdleLoads>,
    )
    await new Promise((r) => setTimeout(r, 300))
    expect(loads).toBe(0)
    expect(screen.getByText('loading')).toBeVisible()
    view.rerender(
      <HoldIdleLoads value={false}>
        <Shown />
      </HoldIdleLoads>,
    )
    expect(await screen.findByText('loaded')).toBeVisible()
    expect(loads).toBe(1)

    let opened = 0
    const other = lazyPart(() => {
      opened++
      return Promise.resolve('opened')
    })
    function Opened() {
      return <p>{other.useState(true).value ?? 'waiting'}</p>
    }
    render(
      <HoldIdleLoads value={true}>
        <Opened />
      </HoldIdleLoads>,
    )
    expect(await screen.findByText('opened')).toBeVisible()
    expect(opened).toBe(1)
  })

  it('idle loads run one at a time: the next starts once the previous chunk has arrived', async () => {
    const started: string[] = []
    let finishFirst!: () => void
    loadWhenIdle(() => {
      started.push('first')
      return new Promise<void>((r) => (finishFirst = r))
    })
    loadWhenIdle(() => {
      started.push('second')
      return Promise.resolve()
    })
    const cancelled = loadWhenIdle(() => {
      started.push('cancelled')
      return Promise.resolve()
    })
    cancelled()
    await waitFor(() => expect(started).toEqual(['first']))
    await new Promise((r) => setTimeout(r, 200))
    expect(started).toEqual(['first'])
    finishFirst()
    await waitFor(() => expect(started).toEqual(['first', 'second']))
    await new Promise((r) => setTimeout(r, 200))
    expect(started).toEqual(['first', 'second'])
  })

  it('a load queued first goes before the waiting ones, not before the one under way', async () => {
    const started: string[] = []
    let finishRunning!: () => void
    loadWhenIdle(() => {
      started.push('running')
      return new Promise<void>((r) => (finishRunning = r))
    })
    const load = (name: string) => () => {
      started.push(name)
      return Promise.resolve()
    }
    loadWhenIdle(load('popup'))
    await waitFor(() => expect(started).toEqual(['running']))
    loadWhenIdle(load('markdown'), { first: true })
    finishRunning()
    await waitFor(() => expect(started).toEqual(['running', 'markdown', 'popup']))
  })

  it('loads queued before the first idle period: the one queued first goes first, though queued last', async () => {
    // As a chat mounts: its popups' parts queue, then the markdown renderer asks to go first, in one render.
    const started: string[] = []
    const load = (name: string) => () => {
      started.push(name)
      return Promise.resolve()
    }
    loadWhenIdle(load('select'))
    loadWhenIdle(load('popover'))
    loadWhenIdle(load('markdown'), { first: true })
    await waitFor(() => expect(started).toEqual(['markdown', 'select', 'popover']))
  })

  it('paused (a send on its way to its first words), idle loads and idle steps wait; the last resume lets them go on, in order', async () => {
    const started: string[] = []
    let finishRunning!: () => void
    loadWhenIdle(() => {
      started.push('running')
      return new Promise<void>((r) => (finishRunning = r))
    })
    await waitFor(() => expect(started).toEqual(['running']))
    const resumeOne = pauseIdleWork()
    const resumeTwo = pauseIdleWork()
    loadWhenIdle(() => {
      started.push('select')
      return Promise.resolve()
    })
    const steps = [() => void started.push('step 1'), () => void started.push('step 2')]
    const stepsDone = runStepsWhenIdle(steps)
    // What is under way goes on; nothing new starts.
    finishRunning()
    await new Promise((r) => setTimeout(r, 300))
    expect(started).toEqual(['running'])
    resumeOne()
    resumeOne() // twice from the same pause: still held by the other one
    await new Promise((r) => setTimeout(r, 300))
    expect(started).toEqual(['running'])
    resumeTwo()
    await stepsDone
    await waitFor(() => expect(started).toContain('select'))
    expect(started.filter((s) => s.startsWith('step'))).toEqual(['step 1', 'step 2'])
  })

  it('resumed, a held-back load waits for an idle period of its own: it does not start in the resume (the first words’ commit)', async () => {
    const started: string[] = []
    const resume = pauseIdleWork()
    loadWhenIdle(() => {
      started.push('select')
      return Promise.resolve()
    })
    // Its idle period came and went while paused.
    await new Promise((r) => setTimeout(r, 300))
    expect(started).toEqual([])
    resume()
    // Not at once, in the caller's task (the view's effect cleanup, in the commit of the reply's first words).
    expect(started).toEqual([])
    await waitFor(() => expect(started).toEqual(['select']))
  })

  it('the chat view: the first words’ commit does not start a held-back load', async () => {
    const started: string[] = []
    const view = render(<PrivateChatView messages={[]} status="submitted" models={models} model={models[0]!.id} />)
    loadWhenIdle(() => {
      started.push('while sending')
      return Promise.resolve()
    })
    await new Promise((r) => setTimeout(r, 300))
    view.rerender(<PrivateChatView messages={[]} status="streaming" models={models} model={models[0]!.id} />)
    expect(started).toEqual([])
    await waitFor(() => expect(started).toEqual(['while sending']))
    view.unmount()
  })

  it('the chat view pauses idle work from a send to its first words, and not otherwise', async () => {
    const started: string[] = []
    const queue = (name: string) =>
      loadWhenIdle(() => {
        started.push(name)
        return Promise.resolve()
      })
    const view = render(<PrivateChatView messages={[]} status="submitted" models={models} model={models[0]!.id} />)
    queue('while sending')
    await new Promise((r) => setTimeout(r, 300))
    expect(started).not.toContain('while sending')
    // The first words are in: the waiting part loads.
    view.rerender(<PrivateChatView messages={[]} status="streaming" models={models} model={models[0]!.id} />)
    await waitFor(() => expect(started).toContain('while sending'))
    queue('while streaming')
    await waitFor(() => expect(started).toContain('while streaming'))
    // A send that fails before its first words releases the pause too, as does a view that goes away.
    view.rerender(<PrivateChatView messages={[]} status="submitted" models={models} model={models[0]!.id} />)
    queue('after a failed send')
    await new Promise((r) => setTimeout(r, 300))
    expect(started).not.toContain('after a failed send')
    view.rerender(<PrivateChatView messages={[]} status="error" models={models} model={models[0]!.id} />)
    await waitFor(() => expect(started).toContain('after a failed send'))
    view.rerender(<PrivateChatView messages={[]} status="submitted" models={models} model={models[0]!.id} />)
    view.unmount()
    queue('after unmount')
    await waitFor(() => expect(started).toContain('after unmount'))
  })
})
