'use client'
import { createContext } from 'react'

/**
 * Whether a reply shown whole at once renders a slice at a time (`useBlocksInSlices`), the rest shown as typed until
 * its turn. A chat's log says false while it is live: a reply arriving there whole (an app that does not stream) is
 * news, and the log goes quiet while turns wait in it, so it would not be read out; it renders in the commit that
 * brings it. While the log is quiet (a conversation opened or restored), true.
 */
export const SlicedReplies = createContext(true)
