/** Bundle size (min+gzip) of sealkit entries against the seed's dependency set, built in the same run. */
import { ENTRIES, measureEntry } from '../lib/bundle.ts'
import type { Figure, Suite } from '../lib/types.ts'

const suite: Suite = {
  name: 'bundle-size',
  description: "min+gzip size of sealkit entries (vite/rolldown, minified) against the seed's dependency set",
  async run({ log }) {
    const figures: Figure[] = []
    let seedGzip: number | undefined
    for (const entry of ENTRIES) {
      const size = await measureEntry(entry)
      if (!size) {
        log(`${entry.id}: skipped (${entry.description}: not there yet)`)
        continue
      }
      if (entry.id === 'seed_deps') seedGzip = size.gzipBytes
      const id = `size.${entry.id}`
      figures.push({ name: `${id}.gzip_bytes`, value: size.gzipBytes, unit: 'bytes', note: entry.description })
      figures.push({ name: `${id}.min_bytes`, value: size.minBytes, unit: 'bytes' })
      if (seedGzip !== undefined && entry.id !== 'seed_deps') {
        figures.push({ name: `${id}.ratio_vs_seed_deps`, value: size.gzipBytes / seedGzip, unit: 'ratio', note: 'gzip bytes loaded up front / seed deps gzip bytes' })
      }
      if (size.lazyGzipBytes > 0) {
        figures.push({ name: `${id}.lazy_gzip_bytes`, value: size.lazyGzipBytes, unit: 'bytes', note: 'loaded on demand (dynamic import)' })
        if (seedGzip !== undefined) {
          figures.push({ name: `${id}.with_lazy.ratio_vs_seed_deps`, value: (size.gzipBytes + size.lazyGzipBytes) / seedGzip, unit: 'ratio', note: 'all chunks / seed deps' })
        }
      }
      if (size.workerGzipBytes > 0) {
        figures.push({ name: `${id}.worker_gzip_bytes`, value: size.workerGzipBytes, unit: 'bytes', note: 'Web Worker files (decryption, verification), loaded by the workers off the main thread' })
      }
    }
    return figures
  },
}

export default suite
