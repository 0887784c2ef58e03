/**
 * Time to first token through `createChatSession` against the simulator on
 * loopback (node:http, port 0): the first decrypted token of an E2EE model
 * against the first plaintext token of a TEE model.
 *
 * Fair by construction: both sessions attest under the same policy (`basic`),
 * both skip the response signature (fetched after the stream, so it never
 * affects the first token), both use one fresh session per sample, and the
 * libsecp256k1-wasm ECDH backend is installed for both.
 * - `ttft.*_ms`: the session is attested before the clock starts; the clock runs
 *   from `stream()` to the first `delta` (E2EE adds: encrypting the prompt, the
 *   E2EE headers, decrypting the first chunk).
 * - `ttft.*_with_attest_ms`: the clock also covers the attestation (fetch + verify).
 */
import { createClient } from '../../src/core/api/client.ts'
import { installFastEcdh } from '../../src/core/crypto/backends/index.ts'
import { createChatSession, type ChatSession, type PrivacyMode } from '../../src/core/session/chat-session.ts'
import { startSimulatorServer } from '../../src/simulator/node.ts'
import { median } from '../lib/measure.ts'
import type { Figure, Suite } from '../lib/types.ts'

const E2EE = 'e2ee-qwen3-5-122b-a10b'
const TEE = 'tee-qwen3-5-122b-a10b'
const MESSAGES = [
  { role: 'system' as const, content: 'Be brief.' },
  { role: 'user' as const, content: 'What is 2+2? Answer briefly.' },
]

const suite: Suite = {
  name: 'first-token',
  description: 'time to first decrypted token (E2EE) vs first plaintext token (TEE), both attested (basic), simulator on loopback',
  async run({ quick, log }) {
    const fast = await installFastEcdh()
    log(`ECDH backend: ${fast.name}`)
    const server = await startSimulatorServer({ port: 0, seed: 'bench-first-token', chunks: 8, chunkDelayMs: 0 })
    const client = createClient({ baseURL: server.baseURL })
    try {
      const session = (mode: PrivacyMode): ChatSession =>
        createChatSession(client, { model: mode === 'e2ee' ? E2EE : TEE, mode, policy: 'basic', trustedRoots: server.simulator.trustedRoots(), signature: 'skip' })

      /** ms from `stream()` to the first delta; drains the stream so no connection is left open. */
      const sample = async (mode: PrivacyMode, withAttest: boolean): Promise<number> => {
        const s = session(mode)
        try {
          if (!withAttest) await s.attest()
          const t0 = performance.now()
          let first: number | undefined
          let text = ''
          for await (const e of s.stream(MESSAGES)) {
            if (e.type === 'delta' && e.content) {
              first ??= performance.now() - t0
              text += e.content
            }
          }
          if (first === undefined || !text) throw new Error(`${mode}: no content streamed`)
          return first
        } finally {
          s.destroy()
        }
      }

      const runs = quick ? 5 : 31
      const variants = [
        ['e2ee', false],
        ['tee', false],
        ['e2ee', true],
        ['tee', true],
      ] as const
      for (let i = 0; i < 3; i++) for (const [m, a] of variants) await sample(m, a) // warm-up
      const samples = new Map<string, number[]>(variants.map(([m, a]) => [`${m}:${a}`, []]))
      for (let r = 0; r < runs; r++) for (const [m, a] of variants) samples.get(`${m}:${a}`)!.push(await sample(m, a))
      const med = (m: PrivacyMode, a: boolean) => median(samples.get(`${m}:${a}`)!)
      const e2ee = med('e2ee', false)
      const tee = med('tee', false)
      const e2eeA = med('e2ee', true)
      const teeA = med('tee', true)
      log(`${runs} samples each, interleaved`)
      const figures: Figure[] = [
        { name: 'ttft.e2ee_ms', value: e2ee, unit: 'ms', note: 'first decrypted token, session attested beforehand (basic), median' },
        { name: 'ttft.plaintext_ms', value: tee, unit: 'ms', note: 'first plaintext token (TEE model), attested beforehand (basic), median' },
        { name: 'ttft.ratio_e2ee_vs_plaintext', value: e2ee / tee, unit: 'ratio', note: 'e2ee / plaintext, both attested, same run' },
        { name: 'ttft.e2ee_with_attest_ms', value: e2eeA, unit: 'ms', note: 'attestation (fetch + basic verify) + first decrypted token, median' },
        { name: 'ttft.plaintext_with_attest_ms', value: teeA, unit: 'ms', note: 'attestation (fetch + basic verify) + first plaintext token, median' },
        { name: 'ttft.ratio_e2ee_vs_plaintext_with_attest', value: e2eeA / teeA, unit: 'ratio', note: 'e2ee / plaintext, attestation inside the clock, same run' },
      ]
      return figures
    } finally {
      await server.close()
      fast.restore()
    }
  },
}

export default suite
