import { expect, screen, waitFor } from 'storybook/test'
import type { Args, ReactRenderer } from '@storybook/react-vite'
import type { PlayFunction } from 'storybook/internal/csf'

/**
 * Play functions wait on state, never on time: a popover or listbox counts as open once its
 * content says `data-state="open"` and its entry animation (`sealkit-pop`) has finished, so no
 * assertion races the animation in the standalone Storybook (where motion is not reduced).
 */
export async function whenOpen<T extends HTMLElement>(element: T): Promise<T> {
  const content = element.closest<HTMLElement>('.sealkit-popover') ?? element
  await waitFor(() => expect(content).toHaveAttribute('data-state', 'open'))
  const entering = content.getAnimations().filter((a) => (a as CSSAnimation).animationName === 'sealkit-pop')
  await Promise.all(entering.map((a) => a.finished.catch(() => undefined)))
  return element
}

/** The open dialog (the badge's popover), once open: see `whenOpen`. */
export async function openDialog(name?: string | RegExp): Promise<HTMLElement> {
  return whenOpen(await screen.findByRole('dialog', name === undefined ? {} : { name }))
}

/** The open listbox (the model picker), once open: see `whenOpen`. */
export async function openListbox(): Promise<HTMLElement> {
  return whenOpen(await screen.findByRole('listbox'))
}

/**
 * The chat view's content, once it is in: `PrivateChatView` commits an empty section first and its content in a
 * transition, so a play function's first query waits for the log (the built Storybook is fast enough to look
 * before it is there; the dev server was not).
 */
export async function chatReady(canvas: { findByRole: (role: 'log', options?: object, waitOptions?: { timeout?: number }) => Promise<HTMLElement> }): Promise<HTMLElement> {
  return canvas.findByRole('log', {}, { timeout: 5000 })
}

/**
 * A play function that finds elements by their English names (most do: that is what a user reads). Under another
 * Language in the toolbar the story still renders in it, and the Interactions panel shows one step saying the
 * interactions were not run, rather than failures of elements that are there under other names. Story tests run in
 * English.
 */
export function inEnglish<TArgs = Args>(play: PlayFunction<ReactRenderer, TArgs>): PlayFunction<ReactRenderer, TArgs> {
  return async (context) => {
    const locale = (context.globals.locale as string | undefined) ?? 'en'
    if (locale === 'en') return play(context)
    await context.step(`Not run in ${locale}: these interactions find elements by their English names`, async () => {})
  }
}
