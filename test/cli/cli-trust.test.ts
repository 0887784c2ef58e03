// @module-tag real-corpus (reads ../shared/fixtures/real when imported)
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { QuoteCollateral } from '../../src/core/attestation/tdx/collateral.ts'
import { readRealJson, realPath } from '../fixtures.ts'
import { startFakePcs } from '../helpers/fake-pcs.ts'
import { BIN, CLI_TEST, run, simulate, TEST_CONFIG_HOME } from './helpers.ts'
import { tempDir } from '../helpers/temp-dir.ts'

const sealkit = run

const VENICE = 'attestation-reports/venice__e2ee-qwen3-5-122b-a10b__2026-06-10'

describe('sealkit verify shows what the real Venice report proves and what runs in it', CLI_TEST, () => {
  it('prints the assurances first, then the deployment with the Datadog finding', async () => {
    const r = await sealkit(['verify', realPath(`${VENICE}/attestation.json`), '--nonce', 'd2f37ab51f93f80365506fcc09119b28bd9c521be89ba25e3aa439912bbba732', '--at', '2026-06-10T01:47:07Z'])
    expect(r.code).toBe(0)
    const proves = r.stdout.indexOf('What this proves')
    const runs = r.stdout.indexOf('What runs in the enclave (app compose bound by MRCONFIGID)')
    const checks = r.stdout.indexOf('Server verification claim')
    expect(proves).toBeGreaterThan(0)
    expect(runs).toBeGreaterThan(proves)
    expect(checks).toBeGreaterThan(runs)
    expect(r.stdout).toMatch(/– Platform patched +Platform patch level not checked/)
    expect(r.stdout).toMatch(/✓ Code it runs +A deployment observed before in public captures \(near-ai-inference-2026-06/)
    expect(r.stdout).toContain('service datadog-agent: datadog/agent@sha256:5556fb80b952832719a76b016f905616c76ee0989a239c4680c6220148e865d6')
    expect(r.stdout).toContain("! datadog-agent sends logs and metrics out of the enclave to Datadog (us3.datadoghq.com), including every container's logs (DD_LOGS_CONFIG_CONTAINER_COLLECT_ALL=true)")
  })

  it('a hostile app compose cannot write to the terminal: service names and findings are escaped, and shown as unbound', async () => {
    const report = readRealJson<{ info: { tcb_info: { app_compose: string } } }>(VENICE, 'attestation.json')
    const compose = JSON.parse(report.info.tcb_info.app_compose) as { docker_compose_file: string }
    compose.docker_compose_file = compose.docker_compose_file.replace('  certbot:\n', '  "evil\\u001b[2J\\rPASSED":\n')
    report.info.tcb_info.app_compose = JSON.stringify(compose)
    const file = join(tempDir('sealkit-evil-'), 'attestation.json')
    writeFileSync(file, JSON.stringify(report))
    const r = await sealkit(['verify', file, '--nonce', 'd2f37ab51f93f80365506fcc09119b28bd9c521be89ba25e3aa439912bbba732', '--at', '2026-06-10T01:47:07Z'])
    expect(r.code).toBe(1)
    expect(r.stdout).toContain("What runs in the enclave (NOT bound to the quote: the server's word only)")
    expect(r.stdout).toContain('service evil\\e[2J\\rPASSED: certbot/dns-cloudflare@sha256:')
    expect(r.stdout.includes(String.fromCharCode(0x1b))).toBe(false)
    expect(r.stdout.includes('\r')).toBe(false)
  })

  it('--measurements-file remembers the identity: seen before on the second run', async () => {
    const file = join(tempDir('sealkit-ids-'), 'measurements.json')
    const args = ['verify', realPath(`${VENICE}/attestation.json`), '--nonce', 'd2f37ab51f93f80365506fcc09119b28bd9c521be89ba25e3aa439912bbba732', '--at', '2026-06-10T01:47:07Z', '--model', 'e2ee-qwen3-5-122b-a10b', '--measurements-file', file, '--json']
    await sealkit(args)
    const second = JSON.parse((await sealkit(args)).stdout) as { identity: { continuity: { count: number } } }
    expect(second.identity.continuity.count).toBe(1)
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')) as object)).toEqual(['e2ee-qwen3-5-122b-a10b'])
  })

  it('without --measurements-file it neither reads nor writes the file sealkit attest keeps', async () => {
    const configHome = tempDir('sealkit-config-')
    const store = join(configHome, 'sealkit', 'measurements.json')
    const args = ['verify', realPath(`${VENICE}/attestation.json`), '--nonce', 'd2f37ab51f93f80365506fcc09119b28bd9c521be89ba25e3aa439912bbba732', '--at', '2026-06-10T01:47:07Z', '--json']
    const first = await sealkit(args, { XDG_CONFIG_HOME: configHome })
    expect(first.code).toBe(0)
    expect(existsSync(store)).toBe(false)
    // A store that remembers another identity for this model: a saved report is not compared with it.
    mkdirSync(join(configHome, 'sealkit'), { recursive: true })
    writeFileSync(store, JSON.stringify({ 'e2ee-qwen3-5-122b-a10b': { identity: 'something else', count: 3 } }))
    const second = await sealkit(args, { XDG_CONFIG_HOME: configHome })
    expect(second.code).toBe(0)
    expect(JSON.parse(second.stdout)).toMatchObject({ identity: { state: 'known' } }) // a known deployment, not "changed"
    expect(JSON.parse(second.stdout)).not.toHaveProperty('identity.continuity')
    expect(JSON.parse(readFileSync(store, 'utf8'))).toEqual({ 'e2ee-qwen3-5-122b-a10b': { identity: 'something else', count: 3 } })
  })
})

describe('sealkit verify: a changed code identity', CLI_TEST, () => {
  it('is a pass with a WARNING, marked "!", never a plain tick: the April report, then June\'s', async () => {
    const file = join(tempDir('sealkit-ids-'), 'measurements.json')
    const april = 'attestation-reports/venice__e2ee-qwen3-5-122b-a10b__2026-04-24'
    await sealkit(['verify', realPath(`${april}/attestation.json`), '--nonce', 'ac82eb750ec4cfbb273f90d33567776bfae8657e2a43f6dff2f3adad9b86095a', '--at', '2026-04-24T01:58:41Z', '--model', 'e2ee-qwen3-5-122b-a10b', '--measurements-file', file])
    const june = await sealkit(['verify', realPath(`${VENICE}/attestation.json`), '--nonce', 'd2f37ab51f93f80365506fcc09119b28bd9c521be89ba25e3aa439912bbba732', '--at', '2026-06-10T01:47:07Z', '--model', 'e2ee-qwen3-5-122b-a10b', '--measurements-file', file])
    expect(june.code).toBe(0) // onIdentityChange: 'warn' accepts it
    expect(june.stdout).toMatch(/^ {2}! Same code as last time: passed with a WARNING/m)
    expect(june.stdout).not.toMatch(/✓ Same code as last time/)
  })
})

describe('sealkit collateral serve', CLI_TEST, () => {
  it('serves the upstream collateral with CORS, and sealkit verify --pccs uses it', async () => {
    // Free ports: the fake PCS binds 0, and the server says where it listens.
    const pcs = await startFakePcs([readRealJson<QuoteCollateral>(VENICE, 'intel-collateral.json')])
    const child = spawn(process.execPath, [BIN, 'collateral', 'serve', '--port', '0', '--upstream', pcs.url], { stdio: ['ignore', 'pipe', 'pipe'] })
    try {
      const pccsUrl = await new Promise<string>((resolve, reject) => {
        let out = ''
        child.stdout.on('data', (d) => {
          out += d
          const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1]
          if (url) resolve(url)
        })
        child.on('exit', (code) => reject(new Error(`collateral serve exited ${code}: ${out}`)))
      })
      const res = await fetch(`${pccsUrl}/tdx/certification/v4/tcb?fmspc=90c06f000000`)
      expect(res.status).toBe(200)
      expect(res.headers.get('access-control-allow-origin')).toBe('*')
      const r = await sealkit(['verify', realPath(`${VENICE}/attestation.json`), '--nonce', 'd2f37ab51f93f80365506fcc09119b28bd9c521be89ba25e3aa439912bbba732', '--at', '2026-06-10T01:47:07Z', '--pccs', pccsUrl])
      expect(r.code).toBe(0)
      expect(r.stdout).toMatch(/✓ Platform patched +Platform patched: Intel rates this machine up to date/)
    } finally {
      child.kill('SIGTERM')
      await pcs.close()
    }
  })
})

describe('sealkit attest remembers code identities in the config directory', CLI_TEST, () => {
  it('the second attestation of a model is "seen before"; --no-remember leaves the file alone', async () => {
    const sim = await simulate()
    try {
      const args = ['attest', '--base-url', sim.baseURL, '--model', 'e2ee-qwen3-5-122b-a10b', '--trust-simulator', '--json']
      const first = JSON.parse((await sealkit(args)).stdout) as { identity: { state: string } }
      expect(first.identity.state).toBe('new')
      const second = JSON.parse((await sealkit(args)).stdout) as { identity: { state: string; continuity: { count: number } } }
      expect(second.identity).toMatchObject({ state: 'seen', continuity: { count: 1 } })
      const file = join(TEST_CONFIG_HOME, 'sealkit', 'measurements.json')
      const before = readFileSync(file, 'utf8')
      expect(Object.keys(JSON.parse(before) as object)).toContain(`${sim.baseURL} e2ee-qwen3-5-122b-a10b`)
      await sealkit([...args, '--no-remember'])
      expect(readFileSync(file, 'utf8')).toBe(before)
    } finally {
      sim.child.kill('SIGTERM')
    }
  })
})
