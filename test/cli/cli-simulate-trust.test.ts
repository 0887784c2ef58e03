import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { VerificationReport } from '../../src/core/attestation/report.ts'
import { CLI_TEST, run, simulate } from './helpers.ts'

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
    const file = join(mkdtempSync(join(tmpdir(), 'sealkit-ids-')), 'measurements.json')
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
    const file = join(mkdtempSync(join(tmpdir(), 'sealkit-ids-')), 'measurements.json')
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
    const file = join(mkdtempSync(join(tmpdir(), 'sealkit-ids-')), 'measurements.json')
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

  it('bad values are usage errors', async () => {
    expect((await run(['simulate', '--tcb-status', 'Fine'])).code).toBe(2)
    expect((await run(['simulate', '--redeploy', '0'])).code).toBe(2)
  })
})
