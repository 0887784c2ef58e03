/**
 * The ECDH backends in headless Chromium: on the main thread, in a module Web
 * Worker, and under a Content-Security-Policy without 'wasm-unsafe-eval'.
 * Skipped when no Chromium is found (set CHROMIUM_PATH to point at one).
 */
import { resolve } from 'node:path'
import { build, type Plugin, type Rolldown } from 'vite'
import { ROOT } from '../lib/bundle.ts'
import type { Figure, Suite } from '../lib/types.ts'
import { CHROMIUM_ARGS, findChromium } from '../../test/chromium.ts'


// Runs in the browser: decrypts `n` chunks with each backend, and times one ECDH against elliptic.
const PAGE_CODE = (src: string) => `
import elliptic from 'elliptic'
import { gcm } from '@noble/ciphers/aes.js'
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { installFastEcdh, loadWasmEcdh } from ${JSON.stringify(resolve(src, 'core/crypto/backends/index.ts'))}
import { instantiateWasmEcdh } from ${JSON.stringify(resolve(src, 'core/crypto/backends/wasm-ecdh.ts'))}
import { decrypt, encrypt, generateClientKeyPair, hexToBytes, nobleEcdh, setEcdhBackend } from ${JSON.stringify(resolve(src, 'core/crypto/index.ts'))}

// The seed's decryptChunk (bench/baselines/seed-reference.ts) with Buffer.from -> Array.from, for browsers.
const HKDF_INFO = new TextEncoder().encode('ecdsa_encryption')
function seedHexToBytes(hex) { const h = hex.startsWith('0x') ? hex.slice(2) : hex; const bytes = new Uint8Array(h.length / 2); for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(h.substring(i * 2, i * 2 + 2), 16); return bytes }
function seedIsHexEncrypted(s) { if (s.length < 186) return false; return /^[0-9a-fA-F]+$/.test(s) }
function seedDecryptChunk(ciphertextHex, clientPrivateKey) {
  const raw = seedHexToBytes(ciphertextHex)
  const serverEphemeralPubKey = raw.slice(0, 65), nonce = raw.slice(65, 65 + 12), ciphertext = raw.slice(65 + 12)
  const ec = new elliptic.ec('secp256k1')
  const clientKey = ec.keyFromPrivate(Array.from(clientPrivateKey))
  const serverKey = ec.keyFromPublic(Array.from(serverEphemeralPubKey))
  const sharedSecretBytes = new Uint8Array(clientKey.derive(serverKey.getPublic()).toArray('be', 32))
  const aesKey = hkdf(sha256, sharedSecretBytes, undefined, HKDF_INFO, 32)
  return new TextDecoder().decode(gcm(aesKey, nonce).decrypt(ciphertext))
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1]
const time = (f, runs) => { f(); const xs = []; for (let r = 0; r < runs; r++) { const t = performance.now(); f(); xs.push(performance.now() - t) } return median(xs) }
// Per-item functions in alternating batches (order rotating), each batch counted with its fastest round: us per item.
const paired = (fns, n, batch, rounds) => {
  const nb = Math.ceil(n / batch)
  const best = fns.map(() => new Array(nb).fill(Infinity))
  for (let r = -1; r < rounds; r++) for (let b = 0; b < nb; b++) for (let j = 0; j < fns.length; j++) {
    const v = (j + b + r + 1) % fns.length
    const t = performance.now()
    for (let i = b * batch; i < Math.min(n, (b + 1) * batch); i++) fns[v](i)
    if (r >= 0) best[v][b] = Math.min(best[v][b], performance.now() - t)
  }
  return best.map((xs) => xs.reduce((a, x) => a + x, 0) * 1000 / n)
}

async function sealkitBench(n) {
  const installed = await installFastEcdh()
  if (installed.name !== 'libsecp256k1-wasm') return { installed: installed.name, reason: installed.reason }
  const keys = generateClientKeyPair()
  const wires = Array.from({ length: n }, (_, i) => encrypt('token ' + i, keys.publicKey))
  installed.restore()
  const wasm = await loadWasmEcdh()
  const run = (backend) => () => { const prev = setEcdhBackend(backend); try { for (const w of wires) decrypt(w, keys.privateKey) } finally { setEcdhBackend(prev) } }
  // Against the bare ECDH floor, paired in batches of 100 chunks (the browser's clock is coarse): sealkit's
  // decrypt, one WASM open_wire call (ECDH + HKDF + AES-GCM), and the path without the opener (libsecp256k1
  // ECDH, then @noble HKDF and AES-GCM).
  const raws = wires.map(hexToBytes)
  const instance = await instantiateWasmEcdh()
  const only = (sk, pk) => wasm(sk, pk)
  const decryptWith = (backend, i) => { const prev = setEcdhBackend(backend); try { return decrypt(wires[i], keys.privateKey) } finally { setEcdhBackend(prev) } }
  const wasmMs = time(run(wasm), 5)
  const [floorUs, pairedUs, openUs, noOpenerUs] = paired([
    (i) => wasm(keys.privateKey, raws[i].subarray(0, 65)),
    (i) => decryptWith(wasm, i),
    (i) => instance.openBytes(keys.privateKey, raws[i]),
    (i) => decryptWith(only, i),
  ], n, 100, 7)
  // Encryption, one field of a long conversation's history each: the WASM sealer (the ephemeral key, ECDH, HKDF and
  // AES-GCM in one call) against the path without it (@noble's public key, HKDF and AES-GCM over the WASM ECDH).
  const field = 'A restored message of a long conversation, encrypted again for the enclave. '.repeat(3)
  const encryptWith = (backend) => { const prev = setEcdhBackend(backend); try { return encrypt(field, keys.publicKey) } finally { setEcdhBackend(prev) } }
  const [sealUs, nobleSealUs] = paired([() => encryptWith(wasm), () => encryptWith(only)], n, 100, 5)
  const hexMs = time(() => { for (let k = 0; k < 10; k++) for (const w of wires) hexToBytes(w) }, 5) / 10
  const nobleMs = time(run(nobleEcdh), 3)
  const seedMs = time(() => { for (const w of wires) if (seedIsHexEncrypted(w)) seedDecryptChunk(w, keys.privateKey) }, 3)
  const ec = new elliptic.ec('secp256k1')
  const sk = ec.keyFromPrivate(Array.from(keys.privateKey))
  const pub = Array.from(keys.publicKey)
  const reps = 200
  const ellipticMs = time(() => { for (let i = 0; i < reps; i++) sk.derive(ec.keyFromPublic(pub).getPublic()) }, 3)
  const wasmEcdhMs = time(() => { for (let i = 0; i < reps; i++) wasm(keys.privateKey, keys.publicKey) }, 5)
  return { installed: installed.name, wasmUs: wasmMs * 1000 / n, pairedUs, floorUs, openUs, hexUs: hexMs * 1000 / n, noOpenerUs, nobleUs: nobleMs * 1000 / n, seedUs: seedMs * 1000 / n, ellipticEcdhUs: ellipticMs * 1000 / reps, wasmEcdhUs: wasmEcdhMs * 1000 / reps, sealUs, nobleSealUs }
}
globalThis.sealkitBench = sealkitBench
if (typeof WorkerGlobalScope !== 'undefined' && self instanceof WorkerGlobalScope) {
  self.onmessage = async (e) => self.postMessage(await sealkitBench(e.data))
}
`

function virtual(code: string): Plugin {
  return {
    name: 'sealkit-browser-entry',
    enforce: 'pre',
    resolveId: (id) => (id.endsWith('sealkit-browser-entry') ? '\0sealkit-browser-entry' : undefined),
    load: (id) => (id === '\0sealkit-browser-entry' ? code : undefined),
  }
}

async function bundle(): Promise<string> {
  const result = await build({
    configFile: false,
    root: ROOT,
    logLevel: 'silent',
    plugins: [virtual(PAGE_CODE(resolve(ROOT, 'src')))],
    build: {
      write: false,
      minify: true,
      lib: { entry: 'sealkit-browser-entry', formats: ['es'], fileName: 'browser-bench' },
      rolldownOptions: { output: { codeSplitting: false } },
    },
  })
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[]
  const chunk = outputs.flatMap((o) => o.output).find((c): c is Rolldown.OutputChunk => c.type === 'chunk' && c.isEntry)
  if (!chunk) throw new Error('no browser bundle')
  return chunk.code
}

interface BrowserResult {
  installed: string
  reason?: string
  wasmUs?: number
  /** sealkit decrypt per chunk, timed paired with the floor */
  pairedUs?: number
  floorUs?: number
  openUs?: number
  hexUs?: number
  noOpenerUs?: number
  nobleUs?: number
  seedUs?: number
  ellipticEcdhUs?: number
  wasmEcdhUs?: number
  /** encrypt per field with the WASM sealer / without it */
  sealUs?: number
  nobleSealUs?: number
}

const suite: Suite = {
  name: 'browser-ecdh',
  description: 'ECDH backends in headless Chromium: main thread, module Worker, strict CSP',
  async run({ quick, log }) {
    const executablePath = findChromium()
    if (!executablePath) {
      log('skipped: no Chromium found (set CHROMIUM_PATH)')
      return []
    }
    const code = await bundle()
    const { chromium } = await import('playwright')
    const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS })
    const n = quick ? 100 : 400
    try {
      const page = await browser.newPage()
      const serve = (csp: string) => async (route: { fulfill: (r: object) => Promise<void> }) =>
        route.fulfill({ status: 200, contentType: 'text/html', headers: { 'content-security-policy': csp }, body: '<!doctype html><title>sealkit bench</title>' })
      const js = (route: { fulfill: (r: object) => Promise<void> }) => route.fulfill({ status: 200, contentType: 'text/javascript', body: code })
      await page.route('https://sealkit.bench/', serve("script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'"))
      await page.route('https://sealkit.bench/bench.js', js)
      await page.goto('https://sealkit.bench/')
      await page.addScriptTag({ url: 'https://sealkit.bench/bench.js', type: 'module' })
      await page.waitForFunction(() => 'sealkitBench' in globalThis)
      log(`main thread (${n} chunks)...`)
      const main = (await page.evaluate((count) => (globalThis as unknown as { sealkitBench: (n: number) => Promise<unknown> }).sealkitBench(count), n)) as BrowserResult
      log('module Worker...')
      const worker = (await page.evaluate(
        (count) =>
          new Promise((done, fail) => {
            const w = new Worker('https://sealkit.bench/bench.js', { type: 'module' })
            w.onmessage = (e) => done(e.data)
            w.onerror = (e) => fail(new Error(e.message))
            w.postMessage(count)
          }),
        n,
      )) as BrowserResult

      log("CSP without 'wasm-unsafe-eval'...")
      const strict = await browser.newPage()
      await strict.route('https://sealkit.bench/', serve("script-src 'self'"))
      await strict.route('https://sealkit.bench/bench.js', js)
      await strict.goto('https://sealkit.bench/')
      await strict.addScriptTag({ url: 'https://sealkit.bench/bench.js', type: 'module' })
      await strict.waitForFunction(() => 'sealkitBench' in globalThis)
      const csp = (await strict.evaluate(() => (globalThis as unknown as { sealkitBench: (n: number) => Promise<unknown> }).sealkitBench(10))) as BrowserResult
      log(`strict CSP: installFastEcdh -> ${csp.installed} (${csp.reason ?? 'no reason given'})`)

      const figures: Figure[] = []
      for (const [where, r] of [
        ['main', main],
        ['worker', worker],
      ] as const) {
        if (r.installed !== 'libsecp256k1-wasm' || r.wasmUs === undefined) {
          log(`${where}: WASM backend not installed (${r.reason})`)
          continue
        }
        figures.push(
          { name: `browser.${where}.decrypt.ratio_vs_ecdh_floor`, value: r.pairedUs! / r.floorUs!, unit: 'ratio', note: 'sealkit per-chunk time / bare libsecp256k1-wasm ECDH per chunk, same chunks, paired in batches; goal <= 1.3' },
          { name: `browser.${where}.decrypt.no_opener.ratio_vs_ecdh_floor`, value: r.noOpenerUs! / r.floorUs!, unit: 'ratio', note: 'libsecp256k1-wasm ECDH + @noble HKDF/AES-GCM (the path without the whole-chunk opener)' },
          { name: `browser.${where}.ecdh_floor.us_per_chunk`, value: r.floorUs!, unit: 'us', note: 'bare libsecp256k1-wasm ECDH per chunk' },
          { name: `browser.${where}.step.open.us_per_chunk`, value: r.openUs!, unit: 'us', note: 'one WASM open_wire call: ECDH + HKDF + AES-GCM, copy in/out and scrub' },
          { name: `browser.${where}.step.hex.us_per_chunk`, value: r.hexUs!, unit: 'us', note: 'hex decoding' },
          { name: `browser.${where}.decrypt.ratio_vs_seed_reference`, value: r.wasmUs / r.seedUs!, unit: 'ratio', note: "sealkit (libsecp256k1-wasm) / the seed's decryptChunk (Buffer.from -> Array.from), same page" },
          { name: `browser.${where}.decrypt.ratio_vs_noble`, value: r.wasmUs / r.nobleUs!, unit: 'ratio', note: 'sealkit decrypt with libsecp256k1-wasm / with @noble/curves, same page' },
          { name: `browser.${where}.decrypt.us_per_chunk`, value: r.wasmUs, unit: 'us', note: 'libsecp256k1-wasm' },
          { name: `browser.${where}.decrypt_noble.us_per_chunk`, value: r.nobleUs!, unit: 'us', note: '@noble/curves' },
          { name: `browser.${where}.seed_reference.us_per_chunk`, value: r.seedUs!, unit: 'us', note: 'elliptic + noble hkdf/gcm' },
          { name: `browser.${where}.ecdh.ratio_vs_elliptic`, value: r.wasmEcdhUs! / r.ellipticEcdhUs!, unit: 'ratio', note: 'one ECDH, libsecp256k1-wasm / elliptic' },
          { name: `browser.${where}.encrypt.us_per_field`, value: r.sealUs!, unit: 'us', note: 'encrypt, one 228-byte field, with the WASM sealer (ephemeral key + ECDH + HKDF + AES-GCM in one call)' },
          { name: `browser.${where}.encrypt.ratio_vs_noble_path`, value: r.sealUs! / r.nobleSealUs!, unit: 'ratio', note: "encrypt with the WASM sealer / without it (@noble's public key, HKDF and AES-GCM over the same WASM ECDH), paired in batches" },
        )
      }
      figures.push({
        name: 'browser.strict_csp.falls_back_to_noble',
        value: csp.installed === 'noble' ? 1 : 0,
        unit: 'bool',
        note: "CSP script-src without 'wasm-unsafe-eval': installFastEcdh keeps noble and does not throw",
      })
      return figures
    } finally {
      await browser.close()
    }
  },
}

export default suite
