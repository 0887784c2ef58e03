/**
 * One source module bundled for Node, its dependencies in it, into a single ES module file: what the CLI tests start
 * (test/cli/bundle.ts) and what the markdown fuzzer times (scripts/fuzz-markdown.ts).
 */
import { basename, extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

/**
 * Bundles `entry` (a path from the repository's root) into `outDir` as `<its name>.mjs`, minified when asked (as an
 * app's build would ship it); resolves with the bundle's path.
 *
 * @example
 * await bundleForNode('bin/sealkit.ts', outDir) // <outDir>/sealkit.mjs
 */
export async function bundleForNode(entry: string, outDir: string, { minify = false } = {}): Promise<string> {
  const file = `${basename(entry, extname(entry))}.mjs`
  await build({
    configFile: false,
    logLevel: 'warn',
    root: ROOT,
    ssr: { noExternal: true },
    build: {
      ssr: join(ROOT, entry),
      outDir,
      emptyOutDir: false,
      target: 'node20',
      minify,
      rolldownOptions: { output: { entryFileNames: file, codeSplitting: false } },
    },
  })
  return join(outDir, file)
}
