/**
 * A long conversation restored before the markdown renderer has loaded (its own file: the renderer is
 * loaded once per page, and this page has not loaded it yet). What a returning user sees: the log at
 * its end, every reply rendered, the newest first, in many short tasks rather than one long one, and every
 * message within reach of assistive technology.
 */
import { StrictMode } from 'react'
import { flushSync } from 'react-dom'
import { createRoot } from 'react-dom/client'
import { afterEach, expect, it, vi } from 'vitest'
import { commands } from 'vitest/browser'
import { PrivateChatView, preloadMarkdown, type MessageLike } from '../../src/components/index.ts'

const COUNT = 300
const restored: MessageLike[] = Array.from({ length: COUNT }, (_, i) => ({
  id: `h${i}`,
  role: i % 2 === 0 ? 'user' : 'assistant',
  parts: [
    {
      type: 'text',
      text:
        i % 2 === 0
          ? `Question ${i / 2 + 1}: how is the key bound to the attestation?`
          : `Answer ${(i + 1) / 2}: the report's **REPORTDATA** holds the signing address.\n\n- the quote is signed by the platform\n- the GPUs attest separately\n\n\`\`\`ts\nconst ok = report.verdict === 'passed'\n\`\`\``,
    },
  ],
}))

const actEnvironment = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }
afterEach(() => {
  document.body.replaceChildren()
  actEnvironment.IS_REACT_ACT_ENVIRONMENT = true
})

it('a restored conversation renders its replies newest first, a few per task, stays at its end, and is all in the accessibility tree', async () => {
  // Outside act, as a page renders: act would run every turn inside one task.
  actEnvironment.IS_REACT_ACT_ENVIRONMENT = false
  const container = document.createElement('div')
  container.style.height = '600px'
  document.body.append(container)
  const replies = () => [...container.querySelectorAll<HTMLElement>('article[data-role="assistant"]')]
  // Each batch of mutations the observer is handed is one task's: record which replies it rendered as markdown
  // first, by age (0 the newest: rows are prepended as the earlier ones mount).
  const turns: number[][] = []
  const seen = new Set<Element>()
  /** Replies shown as typed first: they wait for a turn (those mounted once the renderer is warm render at once). */
  const typed = new Set<Element>()
  // And how many rows each task's mutations left in the log, with the log's aria-live then; the same for each
  // turn; and, for each time the log went live again, how long after the last of those changes before it.
  const mounted: Array<[rows: number, live: string | null, frame: number]> = []
  // Frames the page has run (requestAnimationFrame callbacks), to tell which frame each step's rows went in after.
  let frames = 0
  const countFrames = () => {
    frames++
    if (!stop) requestAnimationFrame(countFrames)
  }
  let stop = false
  requestAnimationFrame(countFrames)
  const liveInTurns: Array<string | null> = []
  let lastChange = 0
  let wasLive = false
  const liveAfter: number[] = []
  const liveNow = () => container.querySelector('[role="log"]')?.getAttribute('aria-live') ?? null
  const observer = new MutationObserver(() => {
    const rows = container.querySelectorAll('article').length
    if (rows > 0 && rows !== mounted.at(-1)?.[0]) {
      mounted.push([rows, liveNow(), frames])
      lastChange = performance.now()
    }
    const all = replies()
    for (const article of all) if (article.querySelector('.sealkit-md-loading')) typed.add(article)
    const turn = all.flatMap((article, i) => (!seen.has(article) && article.querySelector('.sealkit-md') ? (seen.add(article), [all.length - 1 - i]) : []))
    if (turn.length > 0) {
      turns.push(turn)
      liveInTurns.push(liveNow())
      lastChange = performance.now()
    }
    // Live again: once at the end, or also before the renderer arrived, if the steps and their tail ended sooner.
    const isLive = rows > 0 && liveNow() === null
    if (isLive && !wasLive) liveAfter.push(performance.now() - lastChange)
    wasLive = isLive
  })
  observer.observe(container, { childList: true, subtree: true, attributes: true, attributeFilter: ['aria-live'] })
  const root = createRoot(container)
  flushSync(() => root.render(<PrivateChatView messages={restored} onSend={() => {}} style={{ height: '100%' }} />))
  await vi.waitFor(() => expect(container.querySelectorAll('article')).toHaveLength(COUNT), { timeout: 10_000 })
  stop = true
  // The rows mounted the last ones first (laid out at once, 300 rows were one long task), then one earlier
  // group of 15 per frame, prepended, with the live region off until the last: history, not new messages.
  expect(mounted[0]![0]).toBeGreaterThanOrEqual(15)
  expect(mounted[0]![0]).toBeLessThanOrEqual(29)
  expect(mounted.length).toBeGreaterThanOrEqual(19)
  mounted.slice(1).forEach(([rows], k) => expect(rows - mounted[k]![0]).toBe(15))
  // Each group after a frame the one before had been laid out in: never two groups' layout in one frame.
  mounted.slice(1).forEach(([, , frame], k) => expect(frame, `group ${k + 1}`).toBeGreaterThan(mounted[k]![2]))
  expect(mounted.map(([, live]) => live)).toEqual(mounted.map(() => 'off'))

  await vi.waitFor(() => expect(replies().filter((r) => r.querySelector('.sealkit-md strong'))).toHaveLength(COUNT / 2), { timeout: 20_000, interval: 50 })
  await vi.waitFor(() => expect(liveNow()).toBeNull(), { timeout: 5_000 })
  observer.disconnect()
  // Quiet through every turn too (a reply re-rendered is not a new message), and live again only once Chromium's
  // accessibility tree has surely taken in the last change: it does so in batches 350 ms apart while a page loads.
  expect(liveInTurns).toEqual(liveInTurns.map(() => 'off'))
  expect(liveAfter.length).toBeGreaterThan(0)
  for (const after of liveAfter) expect(after).toBeGreaterThanOrEqual(500)
  // Each reply once; those that waited for a turn, the newest first: each after every waiting reply below it.
  expect(turns.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: COUNT / 2 }, (_, i) => i))
  const all = replies()
  const waited = all.flatMap((article, i) => (typed.has(article) ? [all.length - 1 - i] : [])).sort((a, b) => a - b)
  expect(waited.slice(0, 20)).toEqual(Array.from({ length: 20 }, (_, i) => i)) // the first rows on screen were typed
  const turnOf = (age: number) => turns.findIndex((turn) => turn.includes(age))
  waited.slice(1).forEach((age, k) => expect(turnOf(age), `reply ${age} from the end`).toBeGreaterThanOrEqual(turnOf(waited[k]!)))
  // In many tasks, none of which rendered more than a part of them.
  expect(turns.length).toBeGreaterThan(3)
  expect(Math.max(...turns.map((t) => t.length))).toBeLessThan(COUNT / 4)

  // The log is at its end, and every message is in Chromium's accessibility tree, scrolled into view or not:
  // `content-visibility: auto` on rows far from the end (tried for the layout's sake) took 276 of the 300 out of it.
  const log = container.querySelector<HTMLElement>('[role="log"]')!
  await new Promise((r) => requestAnimationFrame(r))
  expect(log.scrollTop + log.clientHeight).toBeGreaterThanOrEqual(log.scrollHeight - 2)
  expect(log.scrollTop).toBeGreaterThan(log.clientHeight * 10)
  expect(await commands.accessibleNames('article')).toHaveLength(COUNT)
  expect((await commands.accessibleNames('button')).filter((name) => name === 'Copy as Markdown')).toHaveLength(COUNT / 2)
  root.unmount()
})

/** A chat view 600 px high rendered outside act (as a page renders), its rows and its log's aria-live. */
function mountView() {
  actEnvironment.IS_REACT_ACT_ENVIRONMENT = false
  const container = document.createElement('div')
  container.style.height = '600px'
  document.body.append(container)
  const root = createRoot(container)
  const rows = () => container.querySelectorAll('article').length
  const live = () => container.querySelector('[role="log"]')?.getAttribute('aria-live') ?? undefined
  const view = (messages: MessageLike[]) => <PrivateChatView messages={messages} onSend={() => {}} style={{ height: '100%' }} />
  return { container, root, rows, live, view }
}

it('steps again for another conversation, never for messages added to this one, and keeps a reader at the top in place', async () => {
  const { container, root, rows, live, view } = mountView()
  const settled = () => vi.waitFor(() => expect(live()).toBeUndefined(), { timeout: 10_000 })
  flushSync(() => root.render(view(restored.slice(0, 100))))
  await vi.waitFor(() => expect(rows()).toBe(100), { timeout: 10_000 })
  await settled()
  // 100 more messages in this conversation: nothing on screen unmounts (an open editor would lose its draft).
  const counts: number[] = []
  const observer = new MutationObserver(() => counts.push(rows()))
  observer.observe(container, { childList: true, subtree: true })
  flushSync(() => root.render(view(restored.slice(0, 200))))
  observer.disconnect()
  expect(Math.min(...counts)).toBeGreaterThanOrEqual(100)
  expect([rows(), live()]).toEqual([200, undefined])
  // Another conversation of the same length: quiet, its last rows rendered in a transition (none of the one before
  // stays meanwhile), then all of it.
  const other = restored.slice(0, 200).map((m, i) => ({ ...m, id: `o${i}` }))
  const shown: number[] = []
  const shownObserver = new MutationObserver(() => shown.push(rows()))
  shownObserver.observe(container, { childList: true, subtree: true })
  flushSync(() => root.render(view(other)))
  expect([rows(), live()]).toEqual([0, 'off'])
  await vi.waitFor(() => expect(rows()).toBeGreaterThan(0))
  shownObserver.disconnect()
  expect(shown.find((n) => n > 0)).toBeLessThanOrEqual(29)
  expect(live()).toBe('off')
  // A reader who goes to the very top meanwhile stays with the rows they were reading as earlier ones go in above.
  const log = container.querySelector<HTMLElement>('[role="log"]')!
  log.scrollTop = 0
  log.dispatchEvent(new Event('scroll'))
  const top = container.querySelector('article')!
  await settled()
  expect(rows()).toBe(200)
  expect(top.getBoundingClientRect().top - log.getBoundingClientRect().top).toBeLessThan(50)
  expect(log.scrollTop).toBeGreaterThan(1000)
  root.unmount()
})


it("shows another conversation's rows ~200 ms after it opened even while its last message changes in every task", async () => {
  const { root, rows, view } = mountView()
  flushSync(() => root.render(view(restored.slice(0, 10))))
  await vi.waitFor(() => expect(rows()).toBe(10))
  // A reply streaming into the conversation opened, an update in every task: each, urgent, restarts the rows'
  // transition, which React lets through only after ~600-1000 ms. The view's catch-up renders them at once
  // RENDER_ROWS_LATE_MS (200) after it opened. On the page's own clock: a timer set just after the view's, 50 ms
  // longer, fires after it however busy the machine is, and the rows must be in within a few tasks of it.
  const other = restored.slice(0, 100).map((m, i) => ({ ...m, id: `s${i}` }))
  const growing = (n: number) => [...other.slice(0, -1), { ...other.at(-1)!, parts: [{ type: 'text' as const, text: 'word '.repeat(n) }] }]
  const nextTask = () =>
    new Promise<void>((resolve) => {
      const channel = new MessageChannel()
      channel.port1.onmessage = () => resolve()
      channel.port2.postMessage(null)
    })
  flushSync(() => root.render(view(growing(1))))
  let after = false
  setTimeout(() => (after = true), 250)
  let tasksAfter = 0
  for (let n = 2; rows() === 0 && tasksAfter < 50; n++) {
    await nextTask()
    flushSync(() => root.render(view(growing(n % 400))))
    if (after) tasksAfter++
  }
  expect(rows()).toBeGreaterThan(0)
  expect(tasksAfter).toBeLessThan(10)
  root.unmount()
})

it('opens another conversation at its end, wherever the reader was in the one before', async () => {
  const { container, root, rows, live, view } = mountView()
  const log = () => container.querySelector<HTMLElement>('[role="log"]')!
  const atEnd = () => log().scrollTop + log().clientHeight >= log().scrollHeight - 2
  const jump = () => container.querySelector('.sealkit-chat__jump')
  const settle = async (count: number) => {
    await vi.waitFor(() => expect(rows()).toBe(count), { timeout: 10_000 })
    await vi.waitFor(() => expect(live()).toBeUndefined(), { timeout: 10_000 })
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)))
  }
  const readUp = async () => {
    log().scrollTop = 0
    await vi.waitFor(() => expect(jump()).not.toBeNull())
  }
  flushSync(() => root.render(view(restored.slice(0, 100))))
  await settle(100)
  expect(atEnd()).toBe(true)
  // The reader goes up in this one, then opens another, long (mounted in steps) or short (at once).
  await readUp()
  flushSync(() => root.render(view(restored.slice(0, 100).map((m, i) => ({ ...m, id: `b${i}` })))))
  await settle(100)
  expect([atEnd(), jump()]).toEqual([true, null])
  await readUp()
  flushSync(() => root.render(view(restored.slice(0, 30).map((m, i) => ({ ...m, id: `c${i}` })))))
  await settle(30)
  expect([atEnd(), jump()]).toEqual([true, null])
  // Or clears it and a conversation is restored into the empty chat.
  await readUp()
  flushSync(() => root.render(view([])))
  flushSync(() => root.render(view(restored.slice(0, 80).map((m, i) => ({ ...m, id: `d${i}` })))))
  await settle(80)
  expect([atEnd(), jump()]).toEqual([true, null])
  root.unmount()
})

it('opens a conversation whose reply is long at its end: the reply renders a slice per turn, quiet, and the log stays at its end', async () => {
  const { container, root, live, view } = mountView()
  const log = () => container.querySelector<HTMLElement>('[role="log"]')!
  const atEnd = () => log().scrollTop + log().clientHeight >= log().scrollHeight - 2
  const long = Array.from({ length: 600 }, (_, i) => (i % 50 === 49 ? '```ts\nconst step = ' + i + '\n```' : `Paragraph ${i} has **bold ${i}** and a list:\n\n- one\n- two`)).join('\n\n')
  flushSync(() => root.render(view(restored.slice(0, 10))))
  await vi.waitFor(() => expect(live()).toBeUndefined(), { timeout: 10_000 })
  flushSync(() => root.render(view([{ id: 'q', role: 'user', parts: [{ type: 'text', text: 'Write it all.' }] }, { id: 'a', role: 'assistant', parts: [{ type: 'text', text: long }] }])))
  // Its whole text at once: its end rendered, where the reader is, its beginning as typed, waiting for a turn; the
  // log not live meanwhile.
  await vi.waitFor(() => expect(container.querySelectorAll('.sealkit-md__waiting').length).toBeGreaterThan(0), { timeout: 5000, interval: 1 })
  expect([...container.querySelectorAll('.sealkit-message strong')].at(-1)).toHaveTextContent('bold 598')
  expect(container.textContent).toContain('Paragraph 0 has ')
  expect(live()).toBe('off')
  await vi.waitFor(() => expect(container.querySelectorAll('.sealkit-message strong')).toHaveLength(588), { timeout: 10_000, interval: 20 })
  expect(container.querySelectorAll('pre')).toHaveLength(12)
  expect(container.querySelector('.sealkit-md__raw')).toBeNull()
  await vi.waitFor(() => expect(live()).toBeUndefined(), { timeout: 5000 })
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)))
  // Heights changed under the reader as each slice went in: still at the end, with no "jump to latest".
  expect([atEnd(), container.querySelector('.sealkit-chat__jump')]).toEqual([true, null])
  root.unmount()
})

it('renders a long reply that arrives whole in a live log at once, never as typed, and leaves the log live: it is news', async () => {
  const { container, root, rows, live, view } = mountView()
  const long = Array.from({ length: 600 }, (_, i) => `Paragraph ${i} has **bold ${i}** in it.`).join('\n\n')
  const asked: MessageLike[] = [...restored.slice(0, 10), { id: 'q', role: 'user', parts: [{ type: 'text', text: 'Write it all.' }] }]
  flushSync(() => root.render(view(asked)))
  // The renderer loaded and warm (as it is a moment after the chat mounts), the replies before rendered with it, and
  // the log live again after them.
  await preloadMarkdown()
  await vi.waitFor(() => expect([rows(), container.querySelector('.sealkit-md-loading, .sealkit-md__raw'), live()]).toEqual([11, null, undefined]), { timeout: 10_000 })
  // An app that does not stream: the reply comes whole, in this conversation, to a log that reads out what it gains.
  const seen: Array<[string | undefined, number]> = []
  const observer = new MutationObserver(() => seen.push([live(), container.querySelectorAll('.sealkit-md__waiting').length]))
  observer.observe(container, { childList: true, subtree: true, attributes: true })
  const strongsBefore = container.querySelectorAll('.sealkit-message strong').length
  flushSync(() => root.render(view([...asked, { id: 'a', role: 'assistant', parts: [{ type: 'text', text: long }] }])))
  await vi.waitFor(() => expect(container.querySelectorAll('.sealkit-message strong').length).toBe(strongsBefore + 600), { timeout: 5000, interval: 5 })
  await new Promise((r) => setTimeout(r, 50))
  observer.disconnect()
  expect(seen.length).toBeGreaterThan(0)
  expect(seen.filter(([l, waiting]) => l === 'off' || waiting > 0)).toEqual([])
  root.unmount()
})

it('keeps a short conversation quiet too when it arrives, never the first message a user sends, and knows messages without ids by their text', async () => {
  const { container, root, rows, live, view } = mountView()
  // Each mutation of the log's rows, with the log's aria-live then.
  const seen: Array<string | undefined> = []
  const observer = new MutationObserver(() => seen.push(live()))
  const watch = () => observer.observe(container, { childList: true, subtree: true, characterData: true })
  // Records of this task's mutations not yet handed to the callback: the aria-live of this task too.
  const unwatch = () => {
    for (const _ of observer.takeRecords()) seen.push(live())
    observer.disconnect()
  }
  flushSync(() => root.render(view([])))
  await vi.waitFor(() => expect(container.querySelector('[role="log"]')).not.toBeNull())
  const asking = (messages: MessageLike[], status: 'ready' | 'submitted') => <PrivateChatView messages={messages} status={status} onSend={() => {}} style={{ height: '100%' }} />
  // The user's first message into the empty chat, sent (a request in flight, as useChat and useEncryptedChat say): news.
  watch()
  const sent: MessageLike = { id: 's0', role: 'user', parts: [{ type: 'text', text: 'Hello' }] }
  flushSync(() => root.render(asking([sent], 'submitted')))
  unwatch()
  expect([seen.length > 0, seen.every((l) => l === undefined)]).toEqual([true, true])
  // Or the message and its reply at once when the request ends (an app that does not stream): news too.
  flushSync(() => root.render(asking([], 'submitted')))
  seen.length = 0
  watch()
  flushSync(() => root.render(asking([sent, { id: 's1', role: 'assistant', parts: [{ type: 'text', text: 'Hi there.' }] }], 'ready')))
  unwatch()
  expect([seen.length > 0, seen.every((l) => l === undefined)]).toEqual([true, true])
  // Two messages restored into the empty chat, no request in flight: history.
  flushSync(() => root.render(view([])))
  flushSync(() => root.render(view(restored.slice(0, 2))))
  expect(live()).toBe('off')
  await vi.waitFor(() => expect(live()).toBeUndefined(), { timeout: 3_000 })
  // Cleared, then 25 messages restored from storage: history, quiet (a conversation of 29 or fewer mounts at once,
  // in a transition: more than 15 rows).
  flushSync(() => root.render(view([])))
  seen.length = 0
  watch()
  flushSync(() => root.render(view(restored.slice(0, 25))))
  expect(live()).toBe('off')
  await vi.waitFor(() => expect(rows()).toBe(25))
  expect(live()).toBe('off')
  // Another short conversation opened in its place: quiet again.
  flushSync(() => root.render(view(restored.slice(0, 20).map((m, i) => ({ ...m, id: `x${i}` })))))
  expect(live()).toBe('off')
  unwatch()
  expect(seen.every((l) => l === 'off')).toBe(true)
  await vi.waitFor(() => expect(live()).toBeUndefined(), { timeout: 3_000 })

  // Conversations told apart by the id the app gives them, not by their first message (here the same system prompt).
  const system: MessageLike = { role: 'system', parts: [{ type: 'text', text: 'You are a helpful assistant.' }] }
  const titled = (id: string, n: number) => (
    <PrivateChatView conversationId={id} messages={[system, ...restored.slice(0, n)]} onSend={() => {}} style={{ height: '100%' }} />
  )
  flushSync(() => root.render(titled('a', 9)))
  await vi.waitFor(() => expect(live()).toBeUndefined(), { timeout: 3_000 })
  flushSync(() => root.render(titled('a', 10)))
  expect(live()).toBeUndefined() // a message added to this one
  flushSync(() => root.render(titled('b', 5)))
  expect(live()).toBe('off') // another
  expect(rows()).toBe(6) // 15 rows or fewer: in the commit that brought them
  await vi.waitFor(() => expect(live()).toBeUndefined(), { timeout: 3_000 })
  // An id given later, or taken away, on the same messages: the same conversation (no step, not quiet).
  const plainView = <PrivateChatView messages={[system, ...restored.slice(0, 5)]} onSend={() => {}} style={{ height: '100%' }} />
  flushSync(() => root.render(plainView))
  expect(live()).toBeUndefined()
  flushSync(() => root.render(titled('c', 5)))
  expect(live()).toBeUndefined()
  // Another id whose messages come a moment later (storage restores into the new chat): quiet when they come.
  flushSync(() => root.render(<PrivateChatView conversationId="d" messages={[]} onSend={() => {}} style={{ height: '100%' }} />))
  flushSync(() => root.render(titled('d', 1)))
  expect(live()).toBe('off')
  await vi.waitFor(() => expect(live()).toBeUndefined(), { timeout: 3_000 })

  // Messages without ids, new objects at every render (an app that maps its own records): one conversation,
  // mounted in steps once; later renders neither step again nor quiet the log.
  const plain = () => restored.slice(0, 100).map(({ role, parts }) => ({ role, parts }))
  flushSync(() => root.render(view(plain())))
  await vi.waitFor(() => expect(rows()).toBe(100), { timeout: 10_000 })
  await vi.waitFor(() => expect(live()).toBeUndefined(), { timeout: 3_000 })
  const counts: number[] = []
  const counter = new MutationObserver(() => counts.push(rows()))
  counter.observe(container, { childList: true, subtree: true })
  for (let i = 0; i < 5; i++) {
    flushSync(() => root.render(view(plain())))
    expect(live()).toBeUndefined()
    await new Promise((r) => setTimeout(r, 20))
  }
  counter.disconnect()
  expect(counts.every((n) => n === 100)).toBe(true)
  root.unmount()
})

it('mid-mount: StrictMode, a conversation shortened, cleared or switched, and an unmount leave no row missing, none twice, and the log live', async () => {
  const { container, root, rows, live } = mountView()
  // Each message's text is its own ("Question 12", "Answer 12"): a row twice would show as a repeated text.
  const texts = () => [...container.querySelectorAll('article')].map((a) => a.textContent)
  const strict = (messages: MessageLike[]) => (
    <StrictMode>
      <PrivateChatView messages={messages} onSend={() => {}} style={{ height: '100%' }} />
    </StrictMode>
  )
  const errors: unknown[] = []
  const onError = (event: ErrorEvent) => errors.push(event.error)
  window.addEventListener('error', onError)
  const settled = async (count: number) => {
    await vi.waitFor(() => expect(rows()).toBe(count), { timeout: 10_000 })
    await vi.waitFor(() => expect(live()).toBeUndefined(), { timeout: 10_000 })
  }
  // Double effects: each group's frame and task once in effect, every row once.
  flushSync(() => root.render(strict(restored)))
  await settled(COUNT)
  expect(new Set(texts()).size).toBe(COUNT)
  // Another conversation, shortened while it steps in (an edit cuts it), then cleared, then one more, switched mid-step.
  const other = restored.map((m, i) => ({ ...m, id: `z${i}` }))
  flushSync(() => root.render(strict(other)))
  await vi.waitFor(() => expect(rows()).toBeGreaterThan(29))
  flushSync(() => root.render(strict(other.slice(0, 70))))
  await settled(70)
  flushSync(() => root.render(strict([])))
  expect(rows()).toBe(0)
  flushSync(() => root.render(strict(restored)))
  await vi.waitFor(() => expect(rows()).toBeGreaterThan(29))
  flushSync(() => root.render(strict(other)))
  await settled(COUNT)
  expect(container.querySelector('article')!.textContent).toContain('Question 1:')
  expect(new Set(texts()).size).toBe(COUNT)
  // Unmounted between a group's frame and its task: nothing runs after.
  flushSync(() => root.render(strict(restored)))
  await new Promise((r) => requestAnimationFrame(() => r(undefined)))
  root.unmount()
  await new Promise((r) => setTimeout(r, 100))
  window.removeEventListener('error', onError)
  expect(errors).toEqual([])
})
