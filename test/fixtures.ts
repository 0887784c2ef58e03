import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** ../shared/fixtures/real, beside the repository (CI clones main with shared/ beside it). */
export const REAL = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/fixtures/real')

export const realPath = (...parts: string[]): string => join(REAL, ...parts)
export const readReal = (...parts: string[]): string => readFileSync(realPath(...parts), 'utf8')
export const readRealJson = <T = any>(...parts: string[]): T => JSON.parse(readReal(...parts)) as T // eslint-disable-line @typescript-eslint/no-explicit-any
