/**
 * A dudect-style leak check of each ECDH backend (evidence, not proof): time
 * `ecdh(k, P)` for two classes of secret scalar, a fixed sparse one (k = 1, the
 * fewest additions a variable-time multiply can do) and fresh random ones, in
 * random order over the same points, and compare the classes with Welch's
 * t-test. |t| well above 5 means the running time depends on the secret key.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { randomBytes } from 'node:crypto'
import elliptic from 'elliptic'
import { loadWasmEcdh } from '../../src/core/crypto/backends/index.ts'
import { nodeEcdh } from '../../src/core/crypto/backends/node-ecdh.ts'
import { nobleEcdh, type EcdhBackend } from '../../src/core/crypto/index.ts'
import { loadTinySecp256k1Ecdh } from '../baselines/tiny-secp256k1.ts'
import type { Figure, Suite } from '../lib/types.ts'

function welchT(a: number[], b: number[]): number {
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length
  const variance = (xs: number[], m: number) => xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1)
  const ma = mean(a)
  const mb = mean(b)
  return (ma - mb) / Math.sqrt(variance(a, ma) / a.length + variance(b, mb) / b.length)
}

function randomScalar(): Uint8Array {
  for (;;) {
    const k = new Uint8Array(randomBytes(32))
    if (secp256k1.utils.isValidSecretKey(k)) return k
  }
}

/**
 * Times `samples` calls, each class chosen by a coin flip. All inputs are made
 * before timing starts, so both classes run the same code around the call.
 * Drops the slowest 10% (GC pauses, interrupts) before the t-test.
 */
function leakT(ecdh: EcdhBackend, points: Uint8Array[], samples: number): number {
  const one = new Uint8Array(32)
  one[31] = 1
  const coin = randomBytes(samples)
  const inputs = Array.from({ length: samples }, (_, i) => ((coin[i]! & 1) === 1 ? one.slice() : randomScalar()))
  const times = new Float64Array(samples)
  for (let i = 0; i < 200; i++) ecdh(inputs[i % samples]!, points[i % points.length]!) // warm-up
  for (let i = 0; i < samples; i++) {
    const k = inputs[i]!
    const p = points[i % points.length]!
    const t0 = process.hrtime.bigint()
    ecdh(k, p)
    times[i] = Number(process.hrtime.bigint() - t0)
  }
  const cut = [...times].sort((x, y) => x - y)[Math.floor(samples * 0.9)]!
  const fixed: number[] = []
  const random: number[] = []
  for (let i = 0; i < samples; i++) if (times[i]! <= cut) ((coin[i]! & 1) === 1 ? fixed : random).push(times[i]!)
  return welchT(fixed, random)
}

const suite: Suite = {
  name: 'constant-time',
  description: "dudect-style check: does an ECDH backend's time depend on the secret scalar? (Welch t, fixed k=1 vs random k)",
  async run({ quick, log }) {
    const points = Array.from({ length: 64 }, () => secp256k1.getPublicKey(randomScalar(), false))
    const ec = new elliptic.ec('secp256k1')
    const ellipticEcdh: EcdhBackend = (k, p) => new Uint8Array(ec.keyFromPrivate(Array.from(k)).derive(ec.keyFromPublic(Array.from(p)).getPublic()).toArray('be', 32))
    const scale = quick ? 0.25 : 1
    const backends: Array<[string, EcdhBackend, number, string]> = [
      ['libsecp256k1_wasm', await loadWasmEcdh(), 20000, 'shipped (installFastEcdh)'],
      ['tiny_secp256k1', await loadTinySecp256k1Ecdh(), 8000, 'not shipped: secp256k1_ecmult is variable-time'],
      ['elliptic', ellipticEcdh, 1500, "the seed's ECDH"],
      ['node', nodeEcdh, 1500, 'OpenSSL ladder'],
      ['noble', nobleEcdh, 1000, 'sealkit default'],
    ]
    const figures: Figure[] = []
    for (const [name, ecdh, samples, note] of backends) {
      const n = Math.round(samples * scale)
      const t = leakT(ecdh, points, n)
      log(`${name}: |t| = ${Math.abs(t).toFixed(1)} over ${n} calls`)
      figures.push({ name: `ct.${name}.abs_t`, value: Math.abs(t), unit: 't', note: `${note}; |t| > 5: time depends on the key` })
    }
    return figures
  },
}

export default suite
