'use client'
import { createContext } from 'react'

/**
 * Whether a streaming reply's words are a live region of their own (`aria-live="polite"` on its content while it
 * streams, and ~500 ms after, until the accessibility tree has its last words: they come with the status that ends it). True in `<PrivateChatView>`'s log, which is `aria-live="off"` while earlier rows go in or are re-rendered
 * with markdown (seconds, under a long restored conversation): a reply sent meanwhile is news all the same, and
 * Chromium announces a change under the nearest live region that is not off. Not on the article, which is
 * `aria-busy` while it streams: Chromium announces nothing under a busy live region. Outside the view, false: an
 * app's own log decides what it announces.
 */
export const ReplyLiveRegion = createContext(false)
