import type { IndexHtmlTransformContext, IndexHtmlTransformResult, Plugin, ResolvedConfig } from 'vite'
import { earlyVerifyWorker, type EarlyVerifyWorkerOptions } from '../../src/integrations/vite.ts'

/**
 * sealkit/vite's `earlyVerifyWorker()` as Vite drives it in a build: resolved with `base` (its
 * warnings collected; `options` as the app passes them), then `run(page)` transforms a page's HTML with `bundle` as the build's output.
 * @example const { run, warnings } = driveEarlyVerifyWorker('/', '/index.html', { 'assets/verify-worker-x.js': { type: 'asset' } })
 */
export function driveEarlyVerifyWorker(base: string, path: string, bundle: Record<string, unknown>, options?: EarlyVerifyWorkerOptions) {
  const warnings: string[] = []
  const plugin: Plugin = earlyVerifyWorker(options)
  ;(plugin.configResolved as (config: ResolvedConfig) => void)({ base, logger: { warn: (m: string) => warnings.push(m) } } as unknown as ResolvedConfig)
  const hook = plugin.transformIndexHtml as { order: string; handler: (html: string, context: IndexHtmlTransformContext) => IndexHtmlTransformResult | undefined }
  const run = (page = path, html = '<!doctype html><html><head></head><body></body></html>') => hook.handler(html, { path: page, filename: page, bundle } as unknown as IndexHtmlTransformContext)
  return { plugin, hook, run, warnings }
}
