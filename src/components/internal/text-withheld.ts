'use client'
import { createContext } from 'react'

/**
 * True inside a message whose text is held back behind a warning (it failed its authenticity check and the reader
 * has not chosen "Show anyway"): what the message offers under it (copy) must not hand over the text it withholds.
 */
export const TextWithheld = createContext(false)
