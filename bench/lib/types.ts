/**
 * A benchmark suite: one module in bench/suites/ whose default export is a `Suite`.
 * Every figure is measured in the same run as the baseline it is compared with.
 */
export interface Figure {
  /** Dotted id, stable across runs, e.g. `decrypt.ratio_vs_seed_reference`. */
  name: string
  value: number
  /** `ratio` (lower is better unless said otherwise), `us`, `ms`, `bytes`... */
  unit: string
  /** What the ratio divides by, or what the number means. */
  note?: string
}

export interface SuiteContext {
  /** `--quick`: fewer iterations, for a smoke run. */
  quick: boolean
  log(message: string): void
}

export interface Suite {
  name: string
  description: string
  run(ctx: SuiteContext): Promise<Figure[]>
}
