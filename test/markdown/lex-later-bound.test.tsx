// @vitest-environment jsdom
/**
 * The bound on a block's wait for a task with room to lex it (`LexedLater`): were the lexer to answer `LEX_LATER`
 * in every task, which no estimate allows, the block would re-render every few milliseconds forever. After its
 * bound it stays shown as typed, and renders no more.
 */
import { flushSync } from 'react-dom'
import { createRoot } from 'react-dom/client'
import { expect, test, vi } from 'vitest'
import { Markdown } from '../../src/components/markdown/Markdown.tsx'

const lexes = vi.hoisted(() => ({ count: 0 }))
vi.mock('../../src/components/markdown/lex-guard.ts', async (actual) => ({
  ...(await actual<typeof import('../../src/components/markdown/lex-guard.ts')>()),
  lexBlock: () => {
    lexes.count++
    return 'later'
  },
}))

test('a block the lexer puts off in every task stays shown as typed after its bound, and renders no more', async () => {
  vi.spyOn(console, 'warn').mockImplementation(() => {})
  const act = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }
  const actEnvironment = act.IS_REACT_ACT_ENVIRONMENT
  act.IS_REACT_ACT_ENVIRONMENT = false
  const host = document.body.appendChild(document.createElement('div'))
  const root = createRoot(host)
  try {
    flushSync(() => root.render(<Markdown text={'# Title\n\nSome *text*'} />))
    expect(host.querySelectorAll('.sealkit-md__raw')).toHaveLength(2)
    // Each block lexed as it mounts, then once in each of its 100 later tasks, then no more.
    await vi.waitFor(() => expect(lexes.count).toBeGreaterThanOrEqual(2 * 101), { timeout: 5000, interval: 20 })
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(lexes.count).toBe(2 * 101)
    expect([...host.querySelectorAll('.sealkit-md__raw')].map((p) => p.textContent)).toEqual(['# Title\n\n', 'Some *text*'])
  } finally {
    flushSync(() => root.unmount())
    host.remove()
    act.IS_REACT_ACT_ENVIRONMENT = actEnvironment
  }
})
