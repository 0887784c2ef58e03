import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { VerificationReport } from '../../src/core/attestation/report.ts'
import { CLI_TEST, run, simulate } from './helpers.ts'
import { tempDir } from '../helpers/temp-dir.ts'

const MODEL = 'e2ee-qwen3-5-122b-a10b'
const children: Array<{ kill(signal?: NodeJS.Signals): boolean }> = []
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGTERM')
})

async function start(args: string[]) {
  const sim = await simulate(args)
  children.push(sim.child)
  return sim
}

/** `sealkit attest` against the simulator, remembering identities in `file`. */
async function attest(baseURL: string, file: string, extra: string[] = []): Promise<{ code: number | null; report: VerificationReport }> {
  const r = await run(['attest', '--base-url', baseURL, '--model', MODEL, '--trust-simulator', '--measurements-file', file, '--json', ...extra])
  return { code: r.code, report: JSON.parse(r.stdout) as VerificationReport }
}
const code = (r: VerificationReport) => r.assurances!.find((a) => a.id === 'code')!
const platform = (r: VerificationReport) => r.assurances!.find((a) => a.id === 'platform')!

describe('sealkit simulate: identity changes and Intel ratings on demand', CLI_TEST, () => {
  it('--redeploy 2: first seen, seen before, then changed (the image digest and compose hash named)', async () => {
    const sim = await start(['--redeploy', '2'])
    const file = join(tempDir('sealkit-ids-'), 'measurements.json')
    const first = await attest(sim.baseURL, file)
    expect(code(first.report)).toMatchObject({ status: 'warning', value: 'first seen' })
    const second = await attest(sim.baseURL, file)
    expect(code(second.report)).toMatchObject({ status: 'yes', value: 'seen before' })
    const third = await attest(sim.baseURL, file)
    expect(third.report.identity?.state).toBe('changed')
    expect(third.report.identity?.continuity?.changes?.map((c) => c.what)).toEqual(expect.arrayContaining(['compose hash', 'image inference']))
    expect(third.code).toBe(0) // onIdentityChange defaults to warn
  })

  it('SIGUSR2 and POST /_sealkit/redeploy redeploy at once', async () => {
    const sim = await start([])
    const file = join(tempDir('sealkit-ids-'), 'measurements.json')
    await attest(sim.baseURL, file)
    expect((await attest(sim.baseURL, file)).report.identity?.state).toBe('seen')
    const res = await fetch(`${sim.url}/_sealkit/redeploy`, { method: 'POST' })
    expect(await res.json()).toEqual({ deploymentRevision: 1 })
    expect((await fetch(`${sim.url}/_sealkit/redeploy`)).status).toBe(405)
    const changed = await attest(sim.baseURL, file, ['--on-identity-change', 'fail'])
    expect(changed.report.identity?.state).toBe('changed')
    expect(changed.code).toBe(1)
    let out = ''
    sim.child.stdout!.on('data', (d) => (out += d))
    sim.child.kill('SIGUSR2')
    await expect.poll(() => out, { timeout: 5000 }).toContain('Redeployed: deployment revision 2')
    // The failed verdict remembered nothing: revision 2 is still a change from revision 0.
    expect((await attest(sim.baseURL, file)).report.identity?.continuity?.changes?.map((c) => c.what)).toContain('image inference')
  })

  it('--tcb-status rates the platform through the simulated PCCS: OutOfDate with its advisory, Revoked', async () => {
    const file = join(tempDir('sealkit-ids-'), 'measurements.json')
    const outdated = await start(['--tcb-status', 'OutOfDate', '--advisory', 'INTEL-SA-01036'])
    const a = await attest(outdated.baseURL, file, ['--pccs', outdated.url])
    expect(a.code).toBe(1)
    expect(a.report.checks.find((c) => c.id === 'tdx.tcb.status')).toMatchObject({ status: 'failed', evidence: { status: 'OutOfDate', advisoryIds: 'INTEL-SA-01036' } })
    expect(platform(a.report)).toMatchObject({ status: 'no', value: 'out of date' })
    const revoked = await start(['--tcb-status', 'Revoked'])
    const b = await attest(revoked.baseURL, file, ['--pccs', revoked.url])
    expect(b.code).toBe(1)
    expect(platform(b.report)).toMatchObject({ status: 'no', value: 'revoked' })
    const fine = await start([])
    expect(platform((await attest(fine.baseURL, file, ['--pccs', fine.url])).report)).toMatchObject({ status: 'warning', code: 'simulated', value: 'simulated: up to date' })
  })

  it("prints an attest command that rates the platform through the simulator's own PCCS", async () => {
    const sim = await start([])
    await expect.poll(sim.output, { timeout: 5000 }).toContain('Press Ctrl+C')
    const lines = sim.output().split('\n')
    const printed = lines[lines.findIndex((l) => l.startsWith('See what was verified')) + 1]!.trim().split(/\s+/)
    expect(printed.slice(0, 3)).toEqual(['npx', 'sealkit', 'attest'])
    expect(printed.slice(-2)).toEqual(['--pccs', sim.url])
    const r = await run([...printed.slice(2), '--no-remember', '--json'])
    expect(r.code).toBe(0)
    expect(platform(JSON.parse(r.stdout) as VerificationReport)).toMatchObject({ status: 'warning', code: 'simulated', value: 'simulated: up to date' })
  })

  it('--attestation-delay answers each attestation that late, and the models list at once', async () => {
    const sim = await start(['--attestation-delay', '1500'])
    // Asked first, the attestation is answered last: the models list does not wait for it. (An order, not a
    // time bound: a loaded machine answers anything late.)
    const answered: string[] = []
    const t0 = performance.now()
    const attestation = fetch(`${sim.baseURL}/tee/attestation?model=${MODEL}&nonce=${'ab'.repeat(32)}`).then((res) => {
      answered.push('attestation')
      return [res, performance.now() - t0] as const
    })
    const models = await fetch(`${sim.baseURL}/models`)
    answered.push('models')
    expect(models.status).toBe(200)
    const [res, late] = await attestation
    expect(answered).toEqual(['models', 'attestation'])
    expect(res.status).toBe(200)
    expect(late).toBeGreaterThanOrEqual(1495)
    expect((await res.json()) as { nonce?: string }).toMatchObject({ nonce: 'ab'.repeat(32) })
  })

  it('bad values are usage errors', async () => {
    expect((await run(['simulate', '--tcb-status', 'Fine'])).code).toBe(2)
    expect((await run(['simulate', '--redeploy', '0'])).code).toBe(2)
    const late = await run(['simulate', '--attestation-delay', 'soon'])
    expect(late.code).toBe(2)
    expect(late.stderr).toContain('--attestation-delay must be a number of milliseconds')
  })
})

describe('sealkit attest --save, then sealkit verify on the saved file', CLI_TEST, () => {
  it('saves the attestation as received and prints the verify command, which passes offline with the nonce sent', async () => {
    const sim = await start([])
    const dir = tempDir('sealkit-save-')
    const file = join(dir, 'report.json')
    const attested = await run(['attest', '--base-url', sim.baseURL, '--model', MODEL, '--trust-simulator', '--no-remember', '--save', file, '--json'])
    expect(attested.code).toBe(0)
    expect((JSON.parse(attested.stdout) as VerificationReport).verdict).toBe('passed') // stdout stays the report
    const line = /^ {2}npx sealkit verify (.+)$/m.exec(attested.stderr)?.[1]
    expect(line).toBeDefined()
    const args = line!.split(' ')
    const nonce = args[args.indexOf('--nonce') + 1]!
    expect(args).toEqual([file, '--nonce', nonce, '--model', MODEL, '--policy', 'standard', '--trust-simulator', '--base-url', sim.baseURL])
    expect(nonce).toMatch(/^[0-9a-f]{64}$/)
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { nonce?: string; intel_quote?: string }
    expect(saved.intel_quote).toBeTruthy()
    expect(saved.nonce).toBe(nonce)

    const again = await run(['verify', ...args])
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('[SIMULATED')
    // Simulated on each line that says verified, the verdict's included.
    expect(again.stdout).toMatch(/^Verdict under the \w+ policy: PASSED on SIMULATED evidence \(the simulator's test roots\): no real enclave/m)
    expect(again.stdout).toMatch(/^ {2}GPUs +\d+\/\d+ verified \(SIMULATED\)$/m)

    // Another nonce: the saved evidence is not fresh for it.
    const stale = await run(['verify', file, '--nonce', 'ab'.repeat(32), '--model', MODEL, '--trust-simulator', '--base-url', sim.baseURL, '--json'])
    expect(stale.code).toBe(1)
    expect((JSON.parse(stale.stdout) as VerificationReport).checks.find((c) => c.id === 'nonce.match')?.status).toBe('failed')
    // No nonce at all: freshness not checked, and the plain-words verdict does not say fresh (it did, from before).
    const unchecked = await run(['verify', file, '--model', MODEL, '--trust-simulator', '--base-url', sim.baseURL, '--json'])
    const report = JSON.parse(unchecked.stdout) as VerificationReport
    expect(report.checks.find((c) => c.id === 'nonce.match')?.status).toBe('skipped')
    expect(report.assurances?.find((a) => a.id === 'fresh')?.status).not.toBe('yes')
    // In text the required check that did not run is a ✗, and the verdict says what failed it.
    const label = report.checks.find((c) => c.id === 'nonce.match')!.label
    const text = await run(['verify', file, '--model', MODEL, '--trust-simulator', '--base-url', sim.baseURL])
    expect(text.stdout).toContain(`✗ ${label}: NOT CHECKED, and the policy requires it`)
    expect(text.stdout.trimEnd().split('\n').at(-1)).toMatch(new RegExp(`^Verdict under the standard policy: FAILED \\(verified at [^)]+\\): .*${label} not checked \\(required\\)`))
    // Without the simulator's roots the same file chains to nothing trusted.
    const untrusted = await run(['verify', file, '--nonce', nonce, '--model', MODEL, '--json'])
    expect(untrusted.code).toBe(1)
    expect((JSON.parse(untrusted.stdout) as VerificationReport).verdict).toBe('failed')
  })

  // A new user's pass through the CLI: attest remembers an identity under "<base-url> <model>", verify looked it up
  // under the model alone, so the README's "compare a saved report with what was remembered" always said first seen.
  it('verify --measurements-file with --base-url and --model meets what attest remembered', async () => {
    const sim = await start([])
    const dir = tempDir('sealkit-remember-')
    const file = join(dir, 'measurements.json')
    const saved = join(dir, 'report.json')
    expect((await attest(sim.baseURL, file)).code).toBe(0)
    const attested = await run(['attest', '--base-url', sim.baseURL, '--model', MODEL, '--trust-simulator', '--no-remember', '--save', saved, '--json'])
    const nonce = /--nonce ([0-9a-f]{64})/.exec(attested.stderr)![1]!
    const again = await run(['verify', saved, '--nonce', nonce, '--model', MODEL, '--trust-simulator', '--base-url', sim.baseURL, '--measurements-file', file, '--json'])
    expect(code(JSON.parse(again.stdout) as VerificationReport)).toMatchObject({ status: 'yes', value: 'seen before' })
    // The attacker's re-check: without --model the file's own model field chose the key (any API and model);
    // without --nonce the identity was remembered while the verdict failed.
    const bare = await run(['verify', saved, '--nonce', nonce, '--base-url', sim.baseURL, '--measurements-file', file])
    expect(bare.code).toBe(2)
    expect(bare.stderr).toContain('--measurements-file needs --model')
    const fresh = join(dir, 'untouched.json')
    const unfresh = await run(['verify', saved, '--model', MODEL, '--trust-simulator', '--base-url', sim.baseURL, '--measurements-file', fresh])
    expect(unfresh.code).toBe(1)
    expect(existsSync(fresh)).toBe(false)
  })

  it('a NEAR AI Cloud attestation saved under basic: the printed command names the provider, and passes offline as it passed', async () => {
    const sim = await start(['--dialect', 'nearai'])
    const file = join(tempDir('sealkit-save-'), 'near.json')
    const attested = await run(['attest', '--base-url', sim.baseURL, '--provider', 'nearai', '--model', MODEL, '--trust-simulator', '--no-remember', '--policy', 'basic', '--save', file])
    expect(attested.code).toBe(0)
    const args = /^ {2}npx sealkit verify (.+)$/m.exec(attested.stderr)![1]!.split(' ')
    expect(args.slice(args.indexOf('--policy'), args.indexOf('--policy') + 4)).toEqual(['--policy', 'basic', '--provider', 'nearai'])
    const again = await run(['verify', ...args, '--json'])
    expect(again.code).toBe(0)
    expect((JSON.parse(again.stdout) as { verdict: string }).verdict).toBe('passed')
  })

  it('saves a failed attestation too, and its printed command carries the policy, so a strict failure stays one', async () => {
    const sim = await start([])
    const dir = tempDir('sealkit-save-')
    const file = join(dir, 'failed.json')
    const failed = await run(['attest', '--base-url', sim.baseURL, '--model', MODEL, '--no-remember', '--save', file])
    expect(failed.code).toBe(1) // the simulator's roots were not trusted
    expect(JSON.parse(readFileSync(file, 'utf8'))).toHaveProperty('intel_quote')
    expect(failed.stderr).toContain('npx sealkit verify')

    // Strict asks for what the simulator's evidence does not have: attest fails, and so must the command it prints.
    const strict = await run(['attest', '--base-url', sim.baseURL, '--model', MODEL, '--trust-simulator', '--no-remember', '--policy', 'strict', '--save', join(dir, 'strict.json')])
    expect(strict.code).toBe(1)
    const again = /^ {2}npx sealkit verify (.+)$/m.exec(strict.stderr)![1]!.split(' ')
    expect(again).toContain('strict')
    expect((await run(['verify', ...again])).code).toBe(1)
  })

  it('checks the path before attesting; a name starting with - is pasted as ./-name; an echoed API key is redacted', async () => {
    const sim = await start([])
    const dir = tempDir('sealkit-save-')
    const attest = (save: string, extra: string[] = [], base = sim.baseURL) =>
      run(['attest', '--base-url', base, '--model', MODEL, '--trust-simulator', '--no-remember', `--save=${save}`, ...extra])
    // A directory, a FIFO, a missing folder: usage errors (exit 2), said before anything is fetched.
    for (const [save, reason] of [[dir, 'not a regular file'], [join(dir, 'no', 'such.json'), 'ENOENT']] as const) {
      const r = await attest(save)
      expect(r.code).toBe(2)
      expect(r.stderr).toContain(reason)
      expect(r.stdout).toBe('')
    }
    const fifo = join(dir, 'fifo')
    execFileSync('mkfifo', [fifo])
    expect((await attest(fifo)).code).toBe(2) // never blocks on a FIFO nobody reads

    const dashed = await run(['attest', '--base-url', sim.baseURL, '--model', MODEL, '--trust-simulator', '--no-remember', '--save=-x.json'], {}, dir)
    expect(dashed.code).toBe(0)
    const words = /^ {2}npx sealkit verify (.+)$/m.exec(dashed.stderr)![1]!.split(' ')
    expect(words[0]).toBe('./-x.json')
    expect((await run(['verify', ...words], {}, dir)).code).toBe(0)

    // A gateway that puts the caller's Authorization header into the body: the file keeps [redacted] in its place.
    const echo = createServer((req, res) => {
      void fetch(new URL(req.url!, sim.url)).then(async (upstream) => {
        const body = (await upstream.json()) as Record<string, unknown>
        res.writeHead(upstream.status, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ ...body, echoed: req.headers.authorization }))
      })
    })
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve))
    try {
      const port = (echo.address() as AddressInfo).port
      const saved = join(dir, 'echo.json')
      const r = await attest(saved, ['--api-key', 'SECRET-KEY-1234'], `http://127.0.0.1:${port}/api/v1`)
      const text = readFileSync(saved, 'utf8')
      expect(text).not.toContain('SECRET-KEY-1234')
      expect(JSON.parse(text)).toMatchObject({ echoed: 'Bearer [redacted]' })
      expect(r.stderr).toContain('[redacted] in its place')
      expect(r.stdout + r.stderr).not.toContain('SECRET-KEY-1234')
    } finally {
      echo.close()
    }
  })

  it('says when nothing was saved, and verify needs --base-url with --trust-simulator and nothing else', async () => {
    const text = createServer((_req, res) => res.end('not json'))
    await new Promise<void>((resolve) => text.listen(0, '127.0.0.1', resolve))
    const dir = tempDir('sealkit-save-')
    try {
      const r = await run(['attest', '--base-url', `http://127.0.0.1:${(text.address() as AddressInfo).port}/api/v1`, '--model', MODEL, '--save', join(dir, 'none.json')])
      expect(r.code).toBe(1)
      expect(r.stderr).toContain('Nothing saved to')
      expect(existsSync(join(dir, 'none.json'))).toBe(false)
    } finally {
      text.close()
    }
    const file = join(dir, 'x.json')
    writeFileSync(file, '{}')
    expect((await run(['verify', file, '--trust-simulator'])).code).toBe(2)
    expect((await run(['verify', file, '--base-url', 'http://127.0.0.1:1/api/v1'])).code).toBe(2)
  })
})
