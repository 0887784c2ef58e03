/**
 * Bundle size of small entries, built in-process with vite (rolldown) as a
 * consumer's production build would: minified, peer dependencies external,
 * then gzip level 9 per chunk. Lazily loaded chunks are counted separately, and so are the
 * Web Workers' files (`new Worker(new URL(...))`), which the app emits beside its chunks.
 */
import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build, type Plugin, type Rolldown } from 'vite'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const src = (p: string) => resolve(ROOT, 'src', p)

export interface EntrySpec {
  id: string
  description: string
  /** Module source of the entry; undefined when the code it measures does not exist yet. */
  code: () => string | undefined
}

/** The public core barrel once it exists, else the crypto barrel. */
const coreOrCrypto = () => (existsSync(src('core/index.ts')) ? src('core/index.ts') : src('core/crypto/index.ts'))

export const ENTRIES: EntrySpec[] = [
  {
    id: 'seed_deps',
    description: "the seed's dependency set: elliptic + @noble/ciphers aes (gcm) + @noble/hashes hkdf, sha256",
    code: () =>
      `export { ec } from 'elliptic'\nexport { gcm } from '@noble/ciphers/aes.js'\nexport { hkdf } from '@noble/hashes/hkdf.js'\nexport { sha256 } from '@noble/hashes/sha2.js'\n`,
  },
  {
    id: 'e2ee',
    description: 'sealkit E2EE only: encrypt, decrypt, generateClientKeyPair',
    code: () => `export { encrypt, decrypt, generateClientKeyPair } from ${JSON.stringify(coreOrCrypto())}\n`,
  },
  {
    id: 'e2ee_fast',
    description: 'sealkit E2EE + installFastEcdh (the WASM arrives in a lazy chunk)',
    code: () =>
      `export { encrypt, decrypt, generateClientKeyPair } from ${JSON.stringify(coreOrCrypto())}\n` +
      `export { installFastEcdh } from ${JSON.stringify(src('core/crypto/backends/index.ts'))}\n`,
  },
  {
    id: 'core',
    description: 'all of sealkit/core (src/core/index.ts)',
    code: () => (existsSync(src('core/index.ts')) ? `export * from ${JSON.stringify(src('core/index.ts'))}\n` : undefined),
  },
  {
    id: 'verifier',
    description: 'the attestation verifier, loaded on demand: lazy = the chunk the main thread loads where no worker runs; worker = the verification worker',
    code: () => (existsSync(src('core/session/verifier.ts')) ? `export { loadVerifier } from ${JSON.stringify(src('core/session/verifier.ts'))}\n` : undefined),
  },
  {
    id: 'private_chat',
    description: 'what PrivateChat adds to an app: PrivateChat + SealkitProvider from src/index.ts, peers external',
    code: () => `export { PrivateChat, SealkitProvider } from ${JSON.stringify(src('index.ts'))}\n`,
  },
  {
    id: 'hooks',
    description: 'the hooks alone: SealkitProvider + useEncryptedChat, peers external',
    code: () => `export { SealkitProvider, useEncryptedChat } from ${JSON.stringify(src('hooks/index.ts'))}\n`,
  },
  {
    id: 'components',
    description: 'the components entry (src/index.ts), peers external',
    code: () => (existsSync(src('index.ts')) ? `export * from ${JSON.stringify(src('index.ts'))}\n` : undefined),
  },
]

export interface BundleSize {
  id: string
  /** Minified and gzipped sizes of the chunks loaded up front. */
  minBytes: number
  gzipBytes: number
  /** The same for chunks loaded on demand (dynamic imports). */
  lazyMinBytes: number
  lazyGzipBytes: number
  /** The same for Web Worker files, loaded by the workers that need them. */
  workerMinBytes: number
  workerGzipBytes: number
}

const PEERS = ['react', 'react-dom', '@tanstack/react-query']
const isPeer = (id: string) => PEERS.some((p) => id === p || id.startsWith(`${p}/`))

function virtualEntry(code: string): Plugin {
  const ID = '\0sealkit-size-entry'
  return {
    name: 'sealkit-size-entry',
    enforce: 'pre',
    resolveId: (id) => (id.endsWith('sealkit-size-entry') ? ID : undefined),
    load: (id) => (id === ID ? code : undefined),
  }
}

export async function measureEntry(spec: EntrySpec): Promise<BundleSize | undefined> {
  const code = spec.code()
  if (code === undefined) return undefined
  const result = await build({
    configFile: false,
    root: ROOT,
    logLevel: 'silent',
    plugins: [virtualEntry(code)],
    build: {
      write: false,
      minify: true,
      sourcemap: false,
      reportCompressedSize: false,
      lib: { entry: 'sealkit-size-entry', formats: ['es'], fileName: spec.id },
      rolldownOptions: { external: isPeer },
    },
  })
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[]
  const size: BundleSize = { id: spec.id, minBytes: 0, gzipBytes: 0, lazyMinBytes: 0, lazyGzipBytes: 0, workerMinBytes: 0, workerGzipBytes: 0 }
  // Vite bundles each worker on its own and emits it as an asset.
  for (const a of outputs.flatMap((o) => o.output)) {
    if (a.type !== 'asset' || !a.fileName.endsWith('.js')) continue
    size.workerMinBytes += Buffer.byteLength(a.source)
    size.workerGzipBytes += gzipSync(a.source, { level: 9 }).length
  }
  const chunks = outputs.flatMap((o) => o.output).filter((c): c is Rolldown.OutputChunk => c.type === 'chunk')
  // Chunks reachable from the entry through static imports load up front; the rest on demand.
  const byName = new Map(chunks.map((c) => [c.fileName, c]))
  const eager = new Set<string>()
  const visit = (name: string) => {
    if (eager.has(name)) return
    eager.add(name)
    for (const dep of byName.get(name)?.imports ?? []) visit(dep)
  }
  for (const c of chunks) if (c.isEntry) visit(c.fileName)
  for (const c of chunks) {
    const bytes = Buffer.byteLength(c.code)
    const gz = gzipSync(c.code, { level: 9 }).length
    if (eager.has(c.fileName)) {
      size.minBytes += bytes
      size.gzipBytes += gz
    } else {
      size.lazyMinBytes += bytes
      size.lazyGzipBytes += gz
    }
  }
  return size
}
