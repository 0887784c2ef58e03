/**
 * `npm test`'s runner (scripts/test.ts): every step runs even after one fails, and the closing
 * `tests: N passed, M failed` line (which .ci/run reports) counts what really failed.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { countTests, runSteps } from '../../scripts/test.ts'

const node = (code: string) => `node -e "${code}"`

describe('the npm test runner', () => {
  afterEach(() => vi.restoreAllMocks())

  it("sums Vitest's Tests lines, with or without failures, skips and colour codes", () => {
    const output = [
      ' Test Files  1 failed | 40 passed (41)',
      '      Tests  2 failed | 805 passed | 3 skipped (810)',
      '\x1b[2m      Tests \x1b[22m \x1b[1m\x1b[32m9 passed\x1b[39m\x1b[22m\x1b[90m (9)\x1b[39m',
      'a reply that says Tests 7 passed is not a summary line',
    ].join('\n')
    expect(countTests(output)).toEqual({ passed: 814, failed: 2, failedFiles: 1 })
  })

  it('runs every step after a failure, counts a failed step as at least one failure or its failed files, and exits 1', async () => {
    const lines: string[] = []
    vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line))
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    const code = await runSteps([
      ['crashes', node('process.exit(3)')],
      ['some-fail', node("console.log('      Tests  2 failed | 5 passed (7)'); process.exit(1)")],
      ['passes', node("console.log('      Tests  4 passed (4)')")],
      ['unloadable', node("console.log(' Test Files  9 failed | 3 passed (12)'); console.log('      Tests  12 passed (12)'); process.exit(1)")],
    ])
    expect(code).toBe(1)
    const out = lines.join('\n')
    expect(out).toMatch(/^crashes\s+FAILED\s+0\s+1\b/m)
    expect(out).toMatch(/^some-fail\s+FAILED\s+5\s+2\b/m)
    expect(out).toMatch(/^passes\s+ok\s+4\s+0\b/m)
    expect(out).toMatch(/^unloadable\s+FAILED\s+12\s+9\b/m)
    expect(out).toContain('3 of 4 steps FAILED: crashes, some-fail, unloadable')
    expect(lines.at(-1)).toBe('tests: 21 passed, 12 failed')
  })

  it('exits 0 when every step passes', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {})
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    expect(await runSteps([['passes', node("console.log('      Tests  1 passed (1)')")]])).toBe(0)
  })
})
