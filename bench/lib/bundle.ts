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

async function buildEntry(spec: EntrySpec): Promise<Array<Rolldown.OutputChunk | Rolldown.OutputAsset> | undefined> {
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
  return ((Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[]).flatMap((o) => o.output)
}

/** File names of the chunks reachable from the entry through static imports: they load up front. */
function eagerChunks(chunks: Rolldown.OutputChunk[]): Set<string> {
  const byName = new Map(chunks.map((c) => [c.fileName, c]))
  const eager = new Set<string>()
  const visit = (name: string) => {
    if (eager.has(name)) return
    eager.add(name)
    for (const dep of byName.get(name)?.imports ?? []) visit(dep)
  }
  for (const c of chunks) if (c.isEntry) visit(c.fileName)
  return eager
}

const isChunk = (c: Rolldown.OutputChunk | Rolldown.OutputAsset): c is Rolldown.OutputChunk => c.type === 'chunk'

export async function measureEntry(spec: EntrySpec): Promise<BundleSize | undefined> {
  const output = await buildEntry(spec)
  if (!output) return undefined
  const size: BundleSize = { id: spec.id, minBytes: 0, gzipBytes: 0, lazyMinBytes: 0, lazyGzipBytes: 0, workerMinBytes: 0, workerGzipBytes: 0 }
  // Vite bundles each worker on its own and emits it as an asset.
  for (const a of output) {
    if (a.type !== 'asset' || !a.fileName.endsWith('.js')) continue
    size.workerMinBytes += Buffer.byteLength(a.source)
    size.workerGzipBytes += gzipSync(a.source, { level: 9 }).length
  }
  const chunks = output.filter(isChunk)
  const eager = eagerChunks(chunks)
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

/** One module of a bundle: where it loads, and its minified size (gzip of its code alone). */
export interface ModuleWeight {
  module: string
  /** The npm package, or the src/ folder, the module belongs to. */
  group: string
  where: 'initial' | 'lazy'
  minBytes: number
  gzipBytes: number
}

/** The package a path inside node_modules belongs to (`react-dom`, `@radix-ui/react-slot`), given the path after `node_modules/`. */
export function packageOf(pathInPackages: string): string {
  const [first, second] = pathInPackages.split('/')
  return first!.startsWith('@') ? `${first}/${second}` : first!
}

function moduleGroup(id: string): string {
  const nm = id.lastIndexOf('node_modules/')
  if (nm >= 0) return packageOf(id.slice(nm + 'node_modules/'.length))
  const rel = id.startsWith(ROOT) ? id.slice(ROOT.length + 1) : id
  return rel.split('/').slice(0, rel.startsWith('src/') ? 3 : 1).join('/').replace(/\.[tj]sx?$/, '')
}

/** Every module of an entry's chunks (workers excluded), heaviest first. */
export async function breakdownEntry(spec: EntrySpec): Promise<ModuleWeight[] | undefined> {
  const output = await buildEntry(spec)
  if (!output) return undefined
  const chunks = output.filter(isChunk)
  const eager = eagerChunks(chunks)
  const rows: ModuleWeight[] = []
  for (const c of chunks) {
    for (const [id, m] of Object.entries(c.modules)) {
      if (!m.code) continue
      const module = id.startsWith(ROOT) ? id.slice(ROOT.length + 1) : id
      rows.push({ module, group: moduleGroup(id), where: eager.has(c.fileName) ? 'initial' : 'lazy', minBytes: Buffer.byteLength(m.code), gzipBytes: gzipSync(m.code, { level: 9 }).length })
    }
  }
  return rows.sort((a, b) => b.gzipBytes - a.gzipBytes)
}
