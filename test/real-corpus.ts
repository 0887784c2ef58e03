/**
 * Vitest wiring for the real-evidence corpus (test/fixtures.ts) when it is absent, as in a fresh clone:
 * files marked `// @module-tag real-corpus` are left out, tests tagged `real-corpus` are skipped, and one
 * line at the end says how many and why. Under CI=true its absence fails the run instead.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { TestModule } from 'vitest/node'
import type { Reporter } from 'vitest/reporters'
import { HAS_REAL, REAL, REAL_CORPUS_TAG } from './fixtures.ts'

const MODULE_TAG = new RegExp(`(//|\\*)\\s*@module-tag\\s+${REAL_CORPUS_TAG}\\b`)

/** Test files (relative to `root`) that read the corpus when they are imported. */
export function corpusTestFiles(root: string): string[] {
  const dir = join(root, 'test')
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.test\.tsx?$/.test(f) && MODULE_TAG.test(readFileSync(join(dir, f), 'utf8')))
    .map((f) => relative(root, join(dir, f)).split('\\').join('/'))
}

/** The part of a Vitest `test` config that handles the corpus; throws under CI=true when it is absent. */
export function realCorpusConfig(root: string) {
  const skip = !HAS_REAL
  // process.env.VITEST: the same config file also drives `vite build`, which needs no corpus.
  if (skip && process.env.CI === 'true' && process.env.VITEST) {
    throw new Error(`CI=true but the real-evidence corpus is not at ${REAL}: clone the shared folder beside the repository.`)
  }
  const files = skip ? corpusTestFiles(root) : []
  return {
    tags: [{ name: REAL_CORPUS_TAG, description: 'reads the real-evidence corpus in ../shared/fixtures/real', skip }],
    exclude: files,
    reporter: skip ? realCorpusReporter(files.length) : undefined,
  }
}

/** Prints the one line about what the absent corpus left out. */
function realCorpusReporter(excludedFiles: number): Reporter {
  return {
    onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
      let tests = 0
      for (const m of testModules) for (const t of m.children.allTests('skipped')) if (t.tags.includes(REAL_CORPUS_TAG)) tests++
      console.log(
        `\nreal-evidence corpus not found at ${REAL}: skipped ${excludedFiles} test files and ${tests} tests in other files that read it ` +
          `(third-party data, kept outside the repository; CI=true makes this an error)\n`,
      )
    },
  }
}
