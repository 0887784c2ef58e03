import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The real-evidence corpus: third-party data read from `../shared/fixtures/real` beside the
 * checkout, never copied into the repository. A fresh clone has no `../shared`: the tests that
 * need it are then skipped (see test/real-corpus.ts) and CI=true makes that an error.
 */
export const REAL = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/fixtures/real')

/** Whether the corpus is beside the checkout. */
export const HAS_REAL = existsSync(join(REAL, 'EXPECTED.json'))

/**
 * The Vitest tag of tests that read the corpus: `describe(name, { tags: [REAL_CORPUS_TAG] }, ...)`,
 * or `// @module-tag real-corpus` at the top of a file that reads it when it is imported.
 */
export const REAL_CORPUS_TAG = 'real-corpus'

export const realPath = (...parts: string[]): string => join(REAL, ...parts)
export const readReal = (...parts: string[]): string => readFileSync(realPath(...parts), 'utf8')
export const readRealJson = <T = any>(...parts: string[]): T => JSON.parse(readReal(...parts)) as T // eslint-disable-line @typescript-eslint/no-explicit-any
