// @vitest-environment jsdom
/**
 * A markdown chunk that cannot load (a hostile or broken server answers its request with an error
 * page): the reply must not silently fall back to unformatted text for good. It says so in words,
 * and a later mount tries again.
 */
import { act, cleanup, render, screen } from '@testing-library/react'
import { afterEach, expect, test, vi } from 'vitest'

let failing = true
vi.mock('../../src/components/markdown/Markdown.tsx', async (importOriginal) => {
  if (failing) throw new Error('Failed to fetch dynamically imported module: /assets/Markdown-x.js')
  return importOriginal()
})

afterEach(cleanup)

test('a markdown chunk that fails to load is said in words, and the next mount loads it', async () => {
  const { Markdown } = await import('../../src/components/markdown/lazy.tsx')
  render(<Markdown text="**bold** reply" streaming={false} />)
  expect((await screen.findByRole('alert')).textContent).toMatch(/could not be loaded/i)
  screen.getByText('**bold** reply') // the text stays readable meanwhile
  cleanup()

  failing = false
  vi.resetModules()
  await act(async () => {
    render(<Markdown text="**bold** reply" streaming={false} />)
  })
  await screen.findByText('bold', { selector: 'strong' })
  expect(screen.queryByRole('alert')).toBeNull()
})
