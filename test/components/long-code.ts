/** What the highlighting worker's browser tests share: long code blocks, and the workers a page starts. */
import { vi } from 'vitest'

/** The page's own Worker, before a test stubs it. */
export const RealWorker = globalThis.Worker

/** `lines` lines of TypeScript, each with a keyword and a comment: ~50 characters a line. */
export const longCode = (lines: number) => Array.from({ length: lines }, (_, i) => `const value${i} = compute(${i}, "text") // line ${i}`).join('\n')
export const fenced = (code: string) => `\`\`\`ts\n${code}\n\`\`\``
export const codeOf = (container: HTMLElement) => container.querySelector('pre code') as HTMLElement

/** Workers started from now on, by URL (`vi.unstubAllGlobals()` puts the real one back). */
export function countWorkers(): string[] {
  const started: string[] = []
  vi.stubGlobal(
    'Worker',
    class extends RealWorker {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options)
        started.push(String(url))
      }
    },
  )
  return started
}
