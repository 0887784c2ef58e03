'use client'
import { createContext, useContext, useState, type ReactNode } from 'react'

/** Says a short status ("Copied") to screen readers; `''` clears it. */
export type Announce = (text: string) => void

const AnnouncerContext = createContext<Announce>(() => {})

/**
 * One polite live region for the small statuses of every message in a chat. A conversation of
 * 300 messages with a region each is 300 empty `role=status` nodes in the accessibility tree,
 * inside the log.
 */
export function AnnouncerRegion({ children }: { children: ReactNode }) {
  const [text, setText] = useState('')
  return (
    <AnnouncerContext.Provider value={setText}>
      {children}
      <span className="sealkit-sr-only" role="status">
        {text}
      </span>
    </AnnouncerContext.Provider>
  )
}

/** The chat's announcer (from {@link AnnouncerRegion}). */
export const useAnnounce = (): Announce => useContext(AnnouncerContext)
