/**
 * The guard's estimates on the texts that made one of its own patterns backtrack: each runs on the bundled module in
 * a worker thread, given a deadline far above what it takes (a few ms) and far below what the backtracking pattern
 * took, so a regression fails here instead of making the run slow or hang (a synchronous call cannot be stopped from
 * the thread it runs on).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { bundleMarkdownModule } from '../../scripts/fuzz-markdown.ts'

let outDir: string
let runner: string
beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'sealkit-estimates-'))
  const bundles = { 'lex-guard': await bundleMarkdownModule(outDir), blocks: await bundleMarkdownModule(outDir, 'blocks') }
  runner = join(outDir, 'run.mjs')
  writeFileSync(
    runner,
    `import { parentPort, workerData } from 'node:worker_threads'
const bundles = ${JSON.stringify(bundles)}
const module = await import(bundles[workerData.module])
parentPort.postMessage(module[workerData.estimate](workerData.text))`,
  )
}, 60_000)
afterAll(() => rmSync(outDir, { recursive: true, force: true }))

/** `estimate(text)` from `module`, in a worker thread: its answer, or a rejection once `ms` have passed. */
function withDeadline(estimate: string, text: string, module: 'lex-guard' | 'blocks' = 'lex-guard', ms = 3_000): Promise<unknown> {
  const worker = new Worker(runner, { workerData: { module, estimate, text } })
  return new Promise<unknown>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${estimate} took over ${ms} ms`)), ms)
    worker.once('message', (answer) => (clearTimeout(timer), resolve(answer)))
    worker.once('error', (error) => (clearTimeout(timer), reject(error)))
  }).finally(() => void worker.terminate())
}

// The fuzzer's run of 2026-12-06 (seed 8, case 18701): 60,000 backslashes, a dot and two backticks took the
// pattern backtickWork used (backslashes before backticks) 1.5 s, tried from each backslash over the rest of the
// run; 200,000 took it ~16 s.
test('backslashes with no backtick right after them: counted back from each backtick run, once', async () => {
  await expect(withDeadline('backtickWork', `${'\\'.repeat(200_000)}.\`\``)).resolves.toBe(2 * 2)
  await expect(withDeadline('blockTooCostly', `1. | a | b |\n   |---|---|\n   ${'\\'.repeat(200_000)}.\`\`\n`)).resolves.toBeUndefined()
})

// An attacker's pass: remend reads list and quote markers in any order before a fence. The pattern that counts its
// work reads each character one way; one that let two alternatives share the spaces after each marker would try
// 2^40 ways on each of these lines.
test('markers each followed by two spaces, and no fence: each line read once', async () => {
  await expect(withDeadline('remendWork', ('-  '.repeat(40) + 'x\u2028\n').repeat(100), 'blocks')).resolves.toMatchObject({ fences: 0 })
})
