import { execFile, execFileSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { simulatedReply, splitIntoChunks } from '../../src/simulator/index.ts'
import { startSimulatorServer, type SimulatorServer } from '../../src/simulator/node.ts'

/**
 * Interop: the provider's own reference clients (copied from the seed doc with
 * only BASE_URL changed) run unchanged against the simulator over real HTTP.
 * If they can talk to it, the simulator speaks the documented protocol.
 */
const run = promisify(execFile)
const here = dirname(fileURLToPath(import.meta.url))
const SEED_PROMPT = 'What is 2+2? Answer briefly.'
const PYTHON = '/usr/bin/python3'

function hasPythonDeps(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import cryptography, ecdsa, requests'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

function hasTools(...tools: string[]): boolean {
  try {
    for (const t of tools) execFileSync('sh', ['-c', `command -v ${t}`], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

const pythonReady = hasPythonDeps()
const shellReady = hasTools('curl', 'openssl')
// CI installs every tool (.ci/run): there a missing one is a failure, not a skip.
if (process.env.CI && (!pythonReady || !shellReady)) {
  throw new Error('CI must have /usr/bin/python3 with cryptography, ecdsa and requests, plus curl and openssl (see .ci/run)')
}
if (!pythonReady) {
  console.warn(`Skipping the Python reference client: ${PYTHON} lacks cryptography/ecdsa/requests (apt install python3-cryptography python3-ecdsa python3-requests).`)
}

describe('the seed reference clients against the simulator', () => {
  let server: SimulatorServer
  beforeAll(async () => {
    server = await startSimulatorServer({ port: 0, chunks: 6 })
  })
  afterAll(async () => {
    await server.close()
  })

  const env = (baseURL: string) => ({ ...process.env, SEALKIT_BASE_URL: baseURL, API_KEY_VENICE: 'sk-sealkit-interop', PYTHONIOENCODING: 'utf-8' })

  it('JavaScript (elliptic + noble): attests, encrypts, decrypts the streamed answer', async () => {
    const { stdout, stderr } = await run(process.execPath, [join(here, 'seed-reference-client.mjs')], { env: env(server.baseURL), timeout: 30_000 })
    expect(stderr).toBe('')
    expect(stdout).toContain('✅ TEE attestation verified')
    expect(stdout).toContain(`You said: "${SEED_PROMPT}".`)
    expect(stdout).toContain('🔐 Response decrypted end-to-end')
  })

  it('JavaScript: refuses a report for another nonce (wrong-nonce fault via the base URL)', async () => {
    const { stdout, stderr } = await run(process.execPath, [join(here, 'seed-reference-client.mjs')], {
      env: env(`${server.url}/fault/wrong-nonce/api/v1`),
      timeout: 30_000,
    })
    expect(stderr).toContain('Attestation verification failed')
    expect(stdout).not.toContain('You said')
  })

  it('JavaScript: silently drops a tampered chunk (its catch {}), which is why sealkit raises DECRYPT_FAILED instead', async () => {
    const { stdout } = await run(process.execPath, [join(here, 'seed-reference-client.mjs')], {
      env: env(`${server.url}/fault/tampered-chunk/api/v1`),
      timeout: 30_000,
    })
    const pieces = splitIntoChunks(simulatedReply(SEED_PROMPT, 'e2ee'), 6)
    expect(stdout).toContain('🔐 Response decrypted end-to-end')
    expect(stdout).not.toContain(pieces.join(''))
    // The fault hits the middle chunk; everything else arrives.
    expect(stdout).toContain(pieces.filter((_, i) => i !== 3).join(''))
  })

  it.skipIf(!pythonReady)('Python (cryptography + ecdsa + requests): attests, encrypts, decrypts the streamed answer', async () => {
    const { stdout } = await run(PYTHON, [join(here, 'seed_reference_client.py')], { env: env(server.baseURL), timeout: 30_000 })
    expect(stdout).toContain('✅ TEE attestation verified (provider: sealkit-simulator)')
    expect(stdout).toContain(`You said: "${SEED_PROMPT}".`)
    expect(stdout).toContain('🔐 Response decrypted end-to-end')
  })

  it.skipIf(!shellReady)('curl: the seed attestation command works with a 32-byte nonce, and its 16-byte nonce gets the documented 502', async () => {
    const curl = (bytes: number) =>
      run(
        'sh',
        [
          '-c',
          `NONCE=$(openssl rand -hex ${bytes})
           curl -s -w '\\n%{http_code}' "$SEALKIT_BASE_URL/tee/attestation?model=tee-qwen3-5-122b-a10b&nonce=$NONCE" \\
             -H "Authorization: Bearer $API_KEY_VENICE"
           echo; echo "$NONCE"`,
        ],
        { env: env(server.baseURL), timeout: 30_000 },
      )
    const ok = (await curl(32)).stdout.trim().split('\n')
    expect(ok[1]).toBe('200')
    const att = JSON.parse(ok[0]!) as { nonce: string; verified: boolean; model: string }
    expect(att).toMatchObject({ nonce: ok[2], verified: true, model: 'tee-qwen3-5-122b-a10b' })
    // The seed's own cURL example uses `openssl rand -hex 16`, which its troubleshooting section says fails.
    const short = (await curl(16)).stdout.trim().split('\n')
    expect(short[1]).toBe('502')
    expect(short[0]).toContain('Nonce must be exactly 32 bytes')
  })
})
