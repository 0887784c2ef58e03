import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REAL_CORPUS_TAG, readRealJson, realPath } from '../fixtures.ts'
import { freePort } from '../helpers/free-port.ts'
import { tempDir } from '../helpers/temp-dir.ts'
import { CLI_TEST, run, simulate } from './helpers.ts'

describe('sealkit CLI against the simulated enclave', CLI_TEST, () => {
  let sim: Awaited<ReturnType<typeof simulate>>
  beforeAll(async () => {
    sim = await simulate()
  })
  afterAll(() => {
    sim?.child.kill('SIGTERM')
  })

  it('simulate prints a line containing http://HOST:PORT and serves the API under /api/v1', async () => {
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(sim.baseURL).toBe(`${sim.url}/api/v1`)
    const res = await fetch(`${sim.baseURL}/models`)
    expect(res.status).toBe(200)
    expect(((await res.json()) as { data: unknown[] }).data.length).toBeGreaterThan(3)
  })

  it('chat with an E2EE model streams the decrypted reply and verifies the signature', async () => {
    const r = await run(['chat', '--base-url', sim.baseURL, '--model', 'e2ee-qwen3-5-122b-a10b', '--trust-simulator', 'Hello from the CLI ✓'])
    expect(r.stderr).toContain('response signature verified')
    expect(r.stderr).toContain('encrypted end to end')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('Hello from the CLI ✓')
    expect(r.stderr).toContain('standard policy, SIMULATED evidence')
  })

  it('the default standard policy refuses simulated evidence unless --trust-simulator is given', async () => {
    const r = await run(['chat', '--base-url', sim.baseURL, '--model', 'e2ee-qwen3-5-122b-a10b', 'hi'])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^ATTESTATION_POLICY_FAILED: /m)
    // A simulator on this machine: the flag is named (only for loopback, never for a remote server).
    expect(r.stderr).toContain('add --trust-simulator')
    expect(r.stdout).toBe('')
  })

  it('an unattested model is refused, naming the flag that allows it', async () => {
    const r = await run(['chat', '--base-url', sim.baseURL, '--model', 'llama-3.3-70b', '--privacy', 'none', 'hi'])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^ATTESTATION_REQUIRED: /m)
    expect(r.stderr).toContain('add --allow-unattested')
  })

  // A new user's pass through the CLI: --allow-unattested on a tee- model said "sent to an attested enclave", and
  // --require-signature beside it exited 0 with no signature.
  it('--allow-unattested on a TEE model says nothing was attested; --require-signature still fails an unsigned reply', async () => {
    const r = await run(['chat', '--base-url', sim.baseURL, '--model', 'tee-qwen3-5-122b-a10b', '--allow-unattested', 'hi'])
    expect(r.code).toBe(0)
    expect(r.stderr).not.toContain('attested enclave')
    expect(r.stderr).toContain('NOT verified: sent in plaintext to a server that says it runs an enclave; nothing was attested (--allow-unattested)')
    for (const model of ['tee-qwen3-5-122b-a10b', 'llama-3.3-70b']) {
      const strict = await run(['chat', '--base-url', sim.baseURL, '--model', model, '--allow-unattested', '--require-signature', '--privacy', model.startsWith('tee-') ? 'tee' : 'none', 'hi'])
      expect(strict.code, model).toBe(1)
      expect(strict.stderr, model).toMatch(/^FAILED \(--require-signature\): response signature skipped/m)
    }
  })

  it('--trust-simulator with nothing listening names the URL it tried', async () => {
    // A port that was free a moment ago: nothing listens there.
    const port = await freePort()
    const r = await run(['chat', '--base-url', `http://127.0.0.1:${port}/api/v1`, '--model', 'e2ee-qwen3-5-122b-a10b', '--trust-simulator', 'hi'])
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain(`http://127.0.0.1:${port}/api/v1/sealkit/roots could not be reached (ECONNREFUSED)`)
  })

  it('chat with a TEE model verifies the response signature', async () => {
    const r = await run(['chat', '--base-url', sim.baseURL, '--model', 'tee-qwen3-5-122b-a10b', '--trust-simulator', 'plain but signed'], { VENICE_API_KEY: 'sk-test' })
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('plain but signed')
    expect(r.stderr).toMatch(/response signature verified \(signed by 0x[0-9a-f]{40}\)/)
  })

  it('a faulty enclave makes chat exit non-zero with the error code on stderr', async () => {
    const faulty = await simulate(['--fault', 'tampered-chunk'])
    try {
      const r = await run(['chat', '--base-url', faulty.baseURL, '--model', 'e2ee-qwen3-5-122b-a10b', '--policy', 'basic', '--trust-simulator', 'hi'])
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(/^DECRYPT_FAILED: /m)
      // What reached stdout (a file, if redirected) is said to be unverified.
      expect(r.stderr).toMatch(/^The reply printed above is cut short and unverified: it may not come from the model\. Do not trust it\.$/m)
      // What arrived before the bad chunk ends its line: in a terminal the error starts on a line of its own.
      expect(r.stdout).toMatch(/^You said.*\n$/)
    } finally {
      faulty.child.kill('SIGTERM')
    }
  })

  it('attest --json prints the report; a wrong nonce echo exits 1 with the failed check', async () => {
    const ok = await run(['attest', '--base-url', sim.baseURL, '--model', 'e2ee-qwen3-5-122b-a10b', '--trust-simulator', '--json'])
    expect(ok.code).toBe(0)
    const report = JSON.parse(ok.stdout)
    expect(report.verdict).toBe('passed')
    expect(report.policy).toBe('standard')
    expect(report.simulated).toBe(true)
    expect(report.checks.find((c: { id: string }) => c.id === 'tdx.pck.chain').status).toBe('passed')
    expect(report.checks.find((c: { id: string }) => c.id === 'tdx.reportdata').status).toBe('passed')
    const bad = await run(['attest', '--base-url', `${sim.url}/fault/wrong-nonce/api/v1`, '--model', 'e2ee-qwen3-5-122b-a10b', '--policy', 'basic'])
    expect(bad.code).toBe(1)
    expect(bad.stdout).toMatch(/Fresh nonce: FAILED/)
  })

  it('--version prints the package version; the help lists every command in one column', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
    const version = await run(['--version'])
    expect(version).toMatchObject({ code: 0, stdout: `${pkg.version}\n` })
    const help = (await run(['--help'])).stdout
    for (const command of ['simulate', 'chat', 'attest', 'verify', 'collateral', 'workers']) expect(help).toMatch(new RegExp(`^  ${command} +[a-z]`, 'm'))
    const columns = new Set([...help.matchAll(/^ {2}[a-z]+ +(?=[a-z])/gm)].map((m) => m[0].length))
    expect(columns.size).toBe(1)
  })

  it('bad usage exits 2', async () => {
    expect((await run(['chat', '--model', 'x', 'hi'])).code).toBe(2)
    expect((await run(['simulate', '--port', 'abc'])).code).toBe(2)
    expect((await run(['nope'])).code).toBe(2)
    expect((await run(['verify'])).code).toBe(2)
    expect((await run(['workers'])).code).toBe(2)
    expect((await run(['workers', 'a', 'b'])).code).toBe(2)
  })

  it('workers refuses in a checkout, whose dist/ may be an older build than its sources (the installed package: test/consumers/next)', async () => {
    const into = join(tempDir('sealkit-workers-'), 'public')
    const refused = await run(['workers', into])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/not an installed sealkit package.*npm run build/)
    expect(existsSync(into)).toBe(false)
  })
})

describe('sealkit verify', { ...CLI_TEST, tags: [REAL_CORPUS_TAG] }, () => {
  const dir = 'attestation-reports/venice__e2ee-qwen3-5-122b-a10b__2026-06-10'
  const nonce = 'd2f37ab51f93f80365506fcc09119b28bd9c521be89ba25e3aa439912bbba732'
  const strictArgs = [
    'verify',
    realPath(dir, 'attestation.json'),
    '--nonce', nonce,
    '--at', '2026-06-10T01:47:07Z',
    '--collateral', realPath(dir, 'intel-collateral.json'),
    '--nras', realPath(dir, 'nras-response.json'),
    '--jwks', realPath('nvidia', 'nras-jwks__2026-06-10.json'),
    '--policy', 'strict',
  ]

  it('the real Venice report passes strict offline: exit 0 and the JSON fields', async () => {
    const r = await run([...strictArgs, '--json'])
    expect(r.code).toBe(0)
    const report = JSON.parse(r.stdout)
    expect(report.verdict).toBe('passed')
    expect(report.tdx).toMatchObject({ version: 4, debug: false, tcbStatus: 'UpToDate' })
    for (const k of ['mrtd', 'rtmr0', 'rtmr1', 'rtmr2', 'rtmr3', 'reportData', 'tdAttributes']) expect(report.tdx[k]).toMatch(/^[0-9a-f]+$/)
    expect(report.gpus).toHaveLength(8)
    for (const c of report.checks) expect(Object.keys(c)).toEqual(expect.arrayContaining(['id', 'status', 'detail']))
  })

  it('a wrong nonce exits 1', async () => {
    const args = [...strictArgs]
    args[args.indexOf('--nonce') + 1] = 'ee'.repeat(32)
    const r = await run(args)
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('Report data binds key and nonce: FAILED')
  })

  it('the debug TD fails for the right reason; the SGX quote is rejected', async () => {
    const debug = await run(['verify', realPath('tdx-quotes', 'teekit__tdx-v4-trustee.v4.bin'), '--at', '2025-01-01T00:00:00Z', '--json'])
    expect(debug.code).toBe(1)
    const report = JSON.parse(debug.stdout)
    expect(report.tdx.debug).toBe(true)
    expect(report.checks.find((c: { id: string }) => c.id === 'tdx.debug').status).toBe('failed')
    const sgx = await run(['verify', realPath('tdx-quotes', 'dcap-qvl__sgx_quote.NOT-TDX.bin'), '--json'])
    expect(sgx.code).toBe(1)
    expect(JSON.parse(sgx.stdout).checks[0]).toMatchObject({ id: 'tdx.quote.parse', status: 'failed' })
  })

  it('the OutOfDate NEAR gateway quote fails strict with its advisories', async () => {
    const d = 'attestation-reports/nearai-cloud__qwen3.5-122b__2026-06-10__ed25519-tls'
    const r = await run([
      'verify',
      realPath(d, 'attestation.json'),
      '--nonce', 'c8f32651d8b42f2e06411a1cde89fc2311dae0490c0a61483a757517a31030b2',
      '--at', '2026-06-10T01:48:55Z',
      '--collateral', realPath(d, 'intel-collateral.gateway-fmspc-b0c06f000000.json'),
      '--policy', 'strict', '--json',
    ])
    expect(r.code).toBe(1)
    const out = JSON.parse(r.stdout)
    const gateway = out.reports.find((x: { label: string }) => x.label === 'gateway attestation').report
    expect(gateway.tdx.tcbStatus).toBe('OutOfDate')
    expect(gateway.tdx.advisoryIds).toEqual(expect.arrayContaining(['INTEL-SA-01036', 'INTEL-SA-01079', 'INTEL-SA-01099', 'INTEL-SA-01103', 'INTEL-SA-01111']))
  })

  it("the NEAR gateway's key row reads as a TLS binding, not as a failed key (and not as a pass)", async () => {
    const d = 'attestation-reports/nearai-cloud__qwen3.5-122b__2026-06-10__ed25519-tls'
    const r = await run(['verify', realPath(d, 'attestation.json'), '--nonce', 'c8f32651d8b42f2e06411a1cde89fc2311dae0490c0a61483a757517a31030b2', '--at', '2026-06-10T01:48:55Z'])
    const gateway = r.stdout.slice(r.stdout.indexOf('== gateway attestation'))
    expect(gateway).toMatch(/– Key made inside\s+A gateway holds no key we encrypt to: its quote binds its TLS certificate's fingerprint/)
    expect(gateway).not.toMatch(/[✗✓] Key made inside/)
    expect(gateway).toMatch(/– Enclave public key: not checked \(not required by policy\)/)
  })

  it('--policy basic --provider nearai judges a NEAR cloud report as the library does (NEAR claims no `verified`); its gateway with no signer named fails', async () => {
    const d = 'attestation-reports/nearai-cloud__qwen3.5-122b__2026-06-10__ed25519-tls'
    const args = ['--nonce', 'c8f32651d8b42f2e06411a1cde89fc2311dae0490c0a61483a757517a31030b2', '--at', '2026-06-10T01:48:55Z', '--policy', 'basic', '--provider', 'nearai', '--json']
    const honest = await run(['verify', realPath(d, 'attestation.json'), ...args])
    expect(JSON.parse(honest.stdout).reports.map((x: { report: { verdict: string } }) => x.report.verdict)).toEqual(['passed', 'passed'])
    expect(honest.code).toBe(0)
    // Without --provider, Venice's rule, whatever the shape: wrapping a Venice report stripped of its claim in NEAR's
    // shape must not relax it.
    expect((await run(['verify', realPath(d, 'attestation.json'), ...args.filter((a) => a !== '--provider' && a !== 'nearai')])).code).toBe(1)
    const venice = readRealJson<Record<string, unknown>>('attestation-reports/venice__e2ee-qwen3-5-122b-a10b__2026-06-10', 'attestation.json')
    const { verified: _claim, ...stripped } = venice
    const wrapped = join(tempDir('sealkit-shape-'), 'wrapped.json')
    writeFileSync(wrapped, JSON.stringify({ gateway_attestation: stripped, model_attestations: [stripped] }))
    const shaped = await run(['verify', wrapped, '--nonce', String(venice.nonce), '--at', '2026-06-10T01:47:07Z', '--policy', 'basic', '--json'])
    expect(shaped.code).toBe(1)
    for (const { report } of JSON.parse(shaped.stdout).reports as Array<{ report: { checks: Array<{ id: string; status: string; required: boolean }> } }>) {
      expect(report.checks.find((c) => c.id === 'server.verified')).toMatchObject({ status: 'skipped', required: true })
    }
    const bundle = readRealJson<{ gateway_attestation: Record<string, unknown> }>(d, 'attestation.json')
    const { signing_address: _, ...unsigned } = bundle.gateway_attestation
    const file = join(tempDir('sealkit-near-'), 'unsigned-gateway.json')
    writeFileSync(file, JSON.stringify({ ...bundle, gateway_attestation: unsigned }))
    const forged = await run(['verify', file, ...args])
    expect(forged.code).toBe(1)
    const gateway = JSON.parse(forged.stdout).reports.find((x: { label: string }) => x.label === 'gateway attestation').report
    expect(gateway.checks.find((c: { id: string }) => c.id === 'tdx.reportdata')).toMatchObject({ status: 'failed' })
  })

  it("--provider says whose rule applies to a flat report: NEAR's own makes no `verified` claim for basic to require", async () => {
    const d = 'attestation-reports/nearai-direct__qwen3.5-122b__2026-06-10__ed25519-tls'
    const args = ['verify', realPath(d, 'attestation.json'), '--nonce', 'e1acc835c324635d087549f55702d334ba5e8dd7ef64e9c52a312eded2709223', '--at', '2026-06-10T01:53:59Z', '--policy', 'basic']
    const asVenice = await run(args)
    expect(asVenice.code).toBe(1)
    expect(asVenice.stdout).toContain("NEAR's make none: --provider nearai (a NEAR AI Cloud report) or nearai-direct (a model's own)")
    expect((await run([...args, '--provider', 'venice'])).code).toBe(1)
    const asNear = await run([...args, '--provider', 'nearai-direct', '--json'])
    expect(JSON.parse(asNear.stdout).verdict).toBe('passed')
    expect(asNear.code).toBe(0)
    expect((await run([...args, '--provider', 'bogus'])).code).toBe(2)
  })

  it('--collateral once per FMSPC: each NEAR cloud quote is judged with its own; --model names the model attested', async () => {
    const d = 'attestation-reports/nearai-cloud__qwen3.5-122b__2026-06-10__ed25519-tls'
    const args = [
      'verify',
      realPath(d, 'attestation.json'),
      '--nonce', 'c8f32651d8b42f2e06411a1cde89fc2311dae0490c0a61483a757517a31030b2',
      '--at', '2026-06-10T01:48:55Z',
      '--collateral', realPath(d, 'intel-collateral.gateway-fmspc-b0c06f000000.json'),
      '--collateral', realPath(d, 'intel-collateral.model-fmspc-90c06f000000.json'),
      '--json',
    ]
    const r = await run([...args, '--model', 'Qwen/Qwen3.5-122B-A10B'])
    const out = JSON.parse(r.stdout)
    const byLabel = (prefix: string) => out.reports.find((x: { label: string }) => x.label.startsWith(prefix)).report
    const check = (report: { checks: { id: string; status: string }[] }, id: string) => report.checks.find((c) => c.id === id)?.status
    expect(byLabel('model attestation').tdx.tcbStatus).toBe('UpToDate')
    expect(check(byLabel('model attestation'), 'tdx.collateral.tcbinfo')).toBe('passed')
    expect(check(byLabel('model attestation'), 'attestation.model')).toBe('passed')
    expect(byLabel('gateway attestation').tdx.tcbStatus).toBe('OutOfDate')
    expect(r.code).toBe(1) // the gateway's platform is out of date: a failed check fails the verdict
    const other = JSON.parse((await run([...args, '--model', 'openai/gpt-oss-120b'])).stdout)
    expect(check(other.reports[0].report, 'attestation.model')).toBe('failed')
  })
})

describe('sealkit CLI against a simulator speaking NEAR AI Cloud', CLI_TEST, () => {
  let near: Awaited<ReturnType<typeof simulate>>
  beforeAll(async () => {
    near = await simulate(['--dialect', 'nearai'])
  })
  afterAll(() => {
    near?.child.kill('SIGTERM')
  })

  for (const algo of ['ecdsa', 'ed25519']) {
    it(`chat --provider nearai --signing-algo ${algo}: decrypted reply, verified signature`, async () => {
      expect(near.baseURL).toBe(`${near.url}/v1`)
      const r = await run(['chat', '--base-url', near.baseURL, '--provider', 'nearai', '--signing-algo', algo, '--model', 'e2ee-qwen3-5-122b-a10b', '--trust-simulator', `Hello NEAR ${algo}`])
      expect(r.stderr).toContain('response signature verified')
      expect(r.code).toBe(0)
      expect(r.stdout).toContain(`Hello NEAR ${algo}`)
    })
  }

  it('the Venice dialect cannot talk to it, and bad --provider / --signing-algo values are usage errors', async () => {
    const venice = await run(['chat', '--base-url', near.baseURL, '--model', 'e2ee-qwen3-5-122b-a10b', '--trust-simulator', 'Hi'])
    expect(venice.code).toBe(1)
    expect((await run(['chat', '--base-url', near.baseURL, '--provider', 'openai', '--model', 'm', 'Hi'])).code).toBe(2)
    expect((await run(['chat', '--base-url', near.baseURL, '--signing-algo', 'ed25519', '--model', 'm', 'Hi'])).code).toBe(2)
  })
})
