/**
 * `npm test`'s runner (scripts/test.ts): every step runs even after one fails, and the closing
 * `tests: N passed, M failed` line (which .ci/run reports) counts what really failed.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { childrenCpuMs, countTests, runSteps, STEPS, type Step } from '../../scripts/test.ts'

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

  it.runIf(process.platform === 'linux')("says each step's CPU, a busy step's more than a sleeping one's, and the run's total", async () => {
    const lines: string[] = []
    vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line))
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    const before = childrenCpuMs()!
    expect(
      await runSteps([
        // 1.5 s of its own CPU, however busy the machine is.
        ['busy', node('let i=0;while(i++%100000||process.cpuUsage().user<1500000);')],
        ['sleeps', node('setTimeout(()=>{},1500)')],
      ]),
    ).toBe(0)
    const spent = childrenCpuMs()! - before
    const cpuOf = (name: string) => Number(new RegExp(`^${name}\\s+ok\\s+0\\s+0\\s+\\d+ s\\s+(\\d+) s$`, 'm').exec(lines.join('\n'))?.[1])
    expect(cpuOf('busy')).toBeGreaterThanOrEqual(1)
    expect(cpuOf('sleeps')).toBe(0)
    expect(spent).toBeGreaterThanOrEqual(1400)
    const [, total, machine] = (/all 2 steps passed \(\d+ s; (\d+) s of CPU in its processes, (\d+) s of the machine's, on \d+ cores\)/.exec(lines.join('\n')) ?? []).map(Number)
    expect(total).toBeGreaterThanOrEqual(cpuOf('busy'))
    expect(total).toBeLessThanOrEqual(Math.ceil(spent / 1000))
    // The machine did at least the steps' work (and whatever else ran meanwhile).
    expect(machine).toBeGreaterThanOrEqual(total! - 1)
  })

  it('exits 0 when every step passes', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {})
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    expect(await runSteps([['passes', node("console.log('      Tests  1 passed (1)')")]])).toBe(0)
  })

  it('runs neighbouring concurrent steps side by side, each printed whole under its own header; the summary keeps the steps\' order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sealkit-runner-'))
    const flag = join(dir, 'flag').replaceAll('\\', '/')
    // "waits" passes only if "signals" runs while it waits: one after the other, it gives up after 3 s (a node start, loaded, is under one).
    const steps: Step[] = [
      ['waits', node(`const fs=require('fs');const t=Date.now();(function w(){if(fs.existsSync('${flag}')){console.log('saw it');console.log('      Tests  1 passed (1)')}else if(Date.now()-t>3000)process.exit(1);else setTimeout(w,20)})()`), 'concurrent'],
      ['signals', node(`setTimeout(()=>{require('fs').writeFileSync('${flag}','');console.log('wrote it');console.log('      Tests  2 passed (2)')},100)`), 'concurrent'],
      ['after', node("console.log('      Tests  3 passed (3)')")],
    ]
    const lines: string[] = []
    vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line))
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (lines.push(String(chunk)), true))
    try {
      expect(await runSteps(steps, 2)).toBe(0)
      const out = lines.join('\n')
      expect(out).toMatch(/=== signals: .*\nwrote it\n/)
      expect(out).toMatch(/=== waits: .*\nsaw it\n/)
      expect(out).toMatch(/^waits\s+ok\s+1\b[\s\S]*^signals\s+ok\s+2\b[\s\S]*^after\s+ok\s+3\b/m)
      expect(lines.at(-1)).toBe('tests: 6 passed, 0 failed')
      // On one core they run one after the other: the step that waits gives up.
      rmSync(flag, { force: true })
      lines.length = 0
      expect(await runSteps(steps, 1)).toBe(1)
      expect(lines.join('\n')).toMatch(/^waits\s+FAILED/m)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 20_000)

  it('runs the single-core checks beside each other, and nothing else', () => {
    expect(STEPS.filter((step) => step[2] === 'concurrent').map(([name]) => name)).toEqual(['typecheck', 'lint', 'api-docs'])
  })
})
