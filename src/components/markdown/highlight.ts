import { common, createLowlight } from 'lowlight'
import type { HastNode } from './highlight-loader.ts'

const lowlight = createLowlight(common)

/** Highlights `code` as `lang` (highlight.js's common languages); undefined for a language it does not know. */
export function highlight(code: string, lang: string): HastNode[] | undefined {
  const name = lang.toLowerCase()
  if (!lowlight.registered(name)) return undefined
  return lowlight.highlight(name, code).children as HastNode[]
}
