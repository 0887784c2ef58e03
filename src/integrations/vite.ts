/**
 * `sealkit/vite`: Vite plugins for apps that use sealkit. `eagerCommonJs()` (./vite-eager-commonjs.ts)
 * takes React DOM's compilation off the main thread at page load; any Vite 8 app can use it.
 *
 * `earlyVerifyWorker()` starts the attestation verification worker from the built `index.html`,
 * before the app's main chunk is fetched, compiled and evaluated, and sealkit's first verification
 * adopts it (see `earlyVerifyWorkerScript` in `sealkit/core`). Started from the main chunk, the
 * worker only gets its thread and its script once that chunk has been evaluated and React has
 * rendered; from the HTML it loads meanwhile. On the bench's two-core machine the median navigation ->
 * verified came 4-14% sooner in five of six runs (`app.sealkit_early.*`, README "Start attesting with the page").
 *
 * Build only (`vite build`): under `vite dev` the page is unchanged and sealkit starts its worker
 * itself. If the build has no verification worker (no sealkit component or hook verifies in this
 * app, or `worker.rolldownOptions` renamed it), or more than one emitted `verify-worker-*.js` (two
 * sealkit copies, another library's), the plugin says so once and leaves the page as it is.
 * Use it for pages that attest a model as they load: elsewhere the worker would load for nothing.
 *
 * With `attest`, the same script requests that model's attestation report as the page starts (see
 * `earlyAttestationScript` in `sealkit/core`), and the config's first attestation of it takes the report.
 *
 * @example
 * // vite.config.ts
 * import react from '@vitejs/plugin-react'
 * import { earlyVerifyWorker } from 'sealkit/vite'
 * export default defineConfig({ plugins: [react(), earlyVerifyWorker()] })
 */
import { createHash } from 'node:crypto'
import type { IndexHtmlTransformResult, Plugin } from 'vite'
import { earlyAttestationScript, type EarlyAttestationTarget } from '../core/api/early-attestation.ts'
import { earlyVerifyWorkerScript } from '../core/worker/early-verify-worker.ts'

export { eagerCommonJs, type EagerCommonJsOptions, type EagerCommonJsReport } from './vite-eager-commonjs.ts'

/** Options of {@link earlyVerifyWorker}. */
export interface EarlyVerifyWorkerOptions {
  /**
   * Also request this model's attestation report from the HTML (see `earlyAttestationScript` in
   * `sealkit/core`): the model the config attests first (`defaultModel`) and the client's `baseURL`
   * and provider. The config's attestation takes the report when its client asks for exactly that
   * request (no API key, headers or fetch of its own), and verifies it against the page's nonce.
   * Checked when the plugin is created: a target no client could ask for throws.
   * @example earlyVerifyWorker({ attest: { baseURL: 'https://llm.example.com/v1', model: 'e2ee-qwen3-5-122b-a10b' } })
   */
  attest?: EarlyAttestationTarget
  /**
   * Called with each page's inline script as a Content-Security-Policy source, `'sha256-…'`, for a policy that
   * allows scripts by hash: add it to `script-src` (a static host's headers file, your server's header). Without
   * it in a policy that has no `'unsafe-inline'`, the browser refuses the script and sealkit starts its worker
   * itself, later. A nonce-based policy needs nothing here: Vite's `html.cspNonce` gives this script its nonce.
   * @example earlyVerifyWorker({ onScript: ({ page, hash }) => hashes.set(page, hash) })
   */
  onScript?: (script: EarlyScript) => void
  /**
   * The verification worker your app serves itself (`sealkit workers public/workers` copies it), started from the
   * HTML instead of the one Vite emitted: the same URL as the config's `verify.verifyWorker`, which then adopts it.
   * Written into every page as given.
   * @example earlyVerifyWorker({ worker: '/workers/verify-worker.js' })
   */
  worker?: string
}

/** What {@link EarlyVerifyWorkerOptions.onScript} is told of a page's inline script. */
export interface EarlyScript {
  /** The page, as Vite names it: `/index.html`, `/nested/page.html`. */
  page: string
  /** The script's text (what the `<script>` element holds). */
  text: string
  /** Its SHA-256 as a CSP source expression, quotes included: `'sha256-<base64>'`. */
  hash: string
}

/** The verification worker as Vite emits it: `<assetsDir>/verify-worker-<hash>.js`. */
const VERIFY_WORKER_FILE = /(^|\/)verify-worker-[\w-]+\.js$/

/** Starts sealkit's verification worker from the built HTML (see the module's description). */
export function earlyVerifyWorker(options: EarlyVerifyWorkerOptions = {}): Plugin {
  const attest = options.attest ? earlyAttestationScript(options.attest) : undefined
  let base = '/'
  let warn: (message: string) => void = () => {}
  let warned = false
  return {
    name: 'sealkit:early-verify-worker',
    apply: 'build',
    configResolved(config) {
      base = config.base
      warn = (message) => config.logger.warn(message)
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        if (options.worker !== undefined) return withScript(html, context.path, options.worker)
        // Vite emits a worker as an asset: an app chunk named verify-worker-* is not one. Two candidates
        // (two sealkit copies, another library's verify-worker.js): no guess, the page stays as it is.
        const workers = Object.entries(context.bundle ?? {})
          .filter(([file, output]) => VERIFY_WORKER_FILE.test(file) && output?.type !== 'chunk')
          .map(([file]) => file)
        const worker = workers.length === 1 ? workers[0] : undefined
        if (!worker) {
          const found = workers.length === 0 ? 'no verify-worker-*.js in this build' : `more than one verify-worker-*.js in this build (${workers.join(', ')})`
          if (!warned) warn(`sealkit/vite: ${found}, so ${context.path} starts no verification worker early (sealkit starts its own when it verifies)`)
          warned = true
          return undefined
        }
        // Under a relative base, relative to this page (which may sit in a folder), as Vite writes the page's own scripts.
        const depth = context.path.split('/').length - 2
        const url = base === './' || base === '' ? `${depth > 0 ? '../'.repeat(depth) : './'}${worker}` : `${base.endsWith('/') ? base : `${base}/`}${worker}`
        return withScript(html, context.path, url)
      },
    },
  }

  /** The page with the script that starts the worker at `url` (and requests the attestation, if asked). */
  function withScript(html: string, page: string, url: string): IndexHtmlTransformResult {
    const children = earlyVerifyWorkerScript(url) + (attest ?? '')
    options.onScript?.({ page, text: children, hash: `'sha256-${createHash('sha256').update(children, 'utf8').digest('base64')}'` })
    // Right after <meta charset>, which must stay within the page's first 1024 bytes (the script is
    // ~1.4 KB): past them a browser without a charset in Content-Type guesses, then may parse again.
    const charset = /<meta\s+charset\s*=[^>]*>/i.exec(html)
    if (charset) {
      const end = charset.index + charset[0].length
      return `${html.slice(0, end)}<script>${children}</script>${html.slice(end)}`
    }
    return [{ tag: 'script', children, injectTo: 'head-prepend' }]
  }
}
