/** Timing helpers: warm-up, then the median of several timed runs. */

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

export interface Variant {
  name: string
  /** One timed run: does the whole workload once. */
  run: () => unknown
}

/**
 * Times each variant `runs` times after `warmup` untimed runs, interleaving the
 * variants (a, b, c, a, b, c...) so that drift in machine speed hits all alike.
 * Returns the median wall time in ms of one run per variant.
 */
export function timeInterleaved(variants: Variant[], { warmup = 1, runs = 5 } = {}): Map<string, number> {
  for (let i = 0; i < warmup; i++) for (const v of variants) v.run()
  const samples = new Map<string, number[]>(variants.map((v) => [v.name, []]))
  for (let r = 0; r < runs; r++) {
    for (const v of variants) {
      const t0 = performance.now()
      v.run()
      samples.get(v.name)!.push(performance.now() - t0)
    }
  }
  return new Map([...samples].map(([name, xs]) => [name, median(xs)]))
}
