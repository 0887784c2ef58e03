/**
 * Markdown for streamed replies: which library, by weight and by render cost per streamed chunk.
 *
 * Weight: min+gzip of each candidate as a consumer's build bundles it (peers external).
 * Render cost: a 20 KB reply (paragraphs, lists, code fences, a table, CJK) streamed in 40-character
 * chunks into a React root in jsdom, each chunk committed synchronously (flushSync), as the chat
 * renders it, then the work that commit scheduled (sealkit's markdown renders at transition priority:
 * React's scheduler runs it in the next setImmediate, awaited per chunk); the baseline is the same reply rendered as plain text (StreamingMessage without
 * markdown) in the same run. markdown-it has no React renderer: its figure is parse-only per chunk.
 * sealkit's renderer is a lazy chunk: it is loaded before timing (as the chat preloads it on mount),
 * and every run checks what is on screen, so the suite fails rather than time the plain-text fallback.
 */
import { measureEntry, ROOT } from '../lib/bundle.ts'
import { median } from '../lib/measure.ts'
import type { Figure, Suite } from '../lib/types.ts'
import { resolve } from 'node:path'

const src = (p: string) => JSON.stringify(resolve(ROOT, 'src', p))

const WEIGHTS = [
  { id: 'sealkit', description: 'sealkit Markdown (marked lexer + remend + own React renderer; its catalog strings); highlighter lazy', code: `export { Markdown } from ${src('components/markdown/Markdown.tsx')}\n` },
  { id: 'react_markdown_gfm', description: 'react-markdown + remark-gfm', code: `export { default as Markdown } from 'react-markdown'\nexport { default as gfm } from 'remark-gfm'\n` },
  { id: 'streamdown', description: 'streamdown (react-markdown style, block memo, remend, rehype-harden)', code: `export { Streamdown } from 'streamdown'\n` },
  { id: 'markdown_it', description: 'markdown-it (HTML string output, no React renderer)', code: `export { default } from 'markdown-it'\n` },
  { id: 'marked', description: 'marked alone (lexer + HTML renderer)', code: `export { marked, Lexer } from 'marked'\n` },
]

/** A 20 KB reply as a model writes one: headings, paragraphs, lists, code, a table, some Chinese. */
export function sampleReply(size = 20_000): string {
  const sections = [
    '## How the enclave is verified\n\nThe client asks for an **attestation report** with a fresh nonce, then checks the Intel TDX quote, the GPU evidence and the `signing_address` binding. See [the spec](https://example.com/spec).\n\n',
    '- Fetch the report\n- Verify the quote signature chain\n- Compare `REPORTDATA` with the key and nonce\n- [x] GPUs attested\n- [ ] Collateral fresh\n\n',
    '```ts\nconst report = await client.attest(model, nonce)\nif (report.verdict !== "passed") {\n  throw new Error("not verified")\n}\n\nconsole.log(report.signingAddress)\n```\n\n',
    '| Check | Result | Note |\n|---|---|---|\n| Quote | passed | ECDSA P-256 |\n| TCB | UpToDate | 2026-06 |\n| GPUs | 8 / 8 | Hopper |\n\n',
    '端到端加密意味着消息在浏览器中加密，只有经过证明的安全飞地才能解密。服务商的网关只能看到密文，无法读取内容。\n\n',
    '> A claim is not a proof: the provider saying *verified* is checked, not trusted.\n\n1. Encrypt each message to the enclave key.\n2. Decrypt every chunk as it streams.\n3. Check the response signature over the exact bytes.\n\n',
  ]
  let text = ''
  for (let i = 0; text.length < size; i++) text += sections[i % sections.length]
  return text.slice(0, size)
}

/**
 * A reply that is mostly one code block, as a model writes a whole source file: a sentence, `size` characters of
 * TypeScript (declarations, comments over several lines, strings, template strings, generics), a sentence.
 */
export function sampleCodeReply(size = 60_000): string {
  const unit = (i: number) =>
    [
      `/**`,
      ` * Verifies report ${i} against the pinned roots,`,
      ` * then caches its verdict for \`ttl\` seconds.`,
      ` */`,
      `export async function verifyReport${i}<T extends Report>(report: T, options: VerifyOptions = {}): Promise<Verdict> {`,
      `  const nonce = options.nonce ?? randomNonce(32)`,
      `  if (report.nonce !== nonce) throw new VerifyError('ATTESTATION_NONCE_MISMATCH', \`report ${i}: nonce \${report.nonce}\`)`,
      `  const checks = await Promise.all([checkQuote(report.quote), checkGpus(report.gpus, { strict: true })])`,
      `  // Every check must pass: a failed one fails the verdict under every policy.`,
      `  return { ok: checks.every((c) => c.ok), checks, at: Date.now(), id: ${i * 7919} }`,
      `}`,
      ``,
    ].join('\n')
  let code = ''
  for (let i = 0; code.length < size; i++) code += `${unit(i)}\n`
  return `Here is the whole module:\n\n\`\`\`ts\n${code.slice(0, size).replace(/\n[^\n]*$/, '')}\n\`\`\`\n\nIt exports one function per report.\n`
}

const nextImmediate = () => new Promise<void>((resolve) => setImmediate(resolve))

async function renderCosts(quick: boolean, log: (m: string) => void): Promise<Map<string, number>> {
  // jsdom ships no types; only its constructor is used.
  const jsdomModule = 'jsdom'
  const { JSDOM } = (await import(jsdomModule)) as { JSDOM: new (html: string, options: object) => { window: Window } }
  const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true })
  // jsdom lays nothing out and has no scrollTo; streamdown scrolls its container each frame and would log a TypeError.
  const elements = (dom.window as unknown as { Element: { prototype: { scrollTo?: () => void } } }).Element.prototype
  elements.scrollTo ??= () => {}
  const g = globalThis as Record<string, unknown>
  for (const key of ['window', 'document', 'navigator', 'HTMLElement', 'Node', 'Element', 'MutationObserver', 'getComputedStyle', 'requestAnimationFrame', 'cancelAnimationFrame']) {
    if (!(key in g) || key === 'window' || key === 'document') {
      const value = (dom.window as unknown as Record<string, unknown>)[key]
      Object.defineProperty(g, key, { value: typeof value === 'function' && key !== 'HTMLElement' && key !== 'Node' && key !== 'Element' && key !== 'MutationObserver' ? (value as (...a: unknown[]) => unknown).bind(dom.window) : value, configurable: true, writable: true })
    }
  }
  g.IS_REACT_ACT_ENVIRONMENT = false
  const React = await import('react')
  const { createRoot } = await import('react-dom/client')
  const { flushSync } = await import('react-dom')
  const { StreamingMessage } = await import('../../src/components/StreamingMessage.tsx')
  // The chat loads its markdown renderer lazily (its own chunk) and shows plain text until it is
  // there; the loop below commits synchronously and would never let the import land, measuring
  // the fallback. Load it first, as the chat does when it mounts, and check below that it rendered.
  const { preloadMarkdown } = await import('../../src/components/markdown/lazy.tsx')
  await preloadMarkdown()
  const { default: ReactMarkdown } = await import('react-markdown')
  const { default: remarkGfm } = await import('remark-gfm')
  const MarkdownIt = (await import('markdown-it')).default
  let Streamdown: ((props: { children: string; isAnimating?: boolean }) => unknown) | undefined
  try {
    Streamdown = (await import('streamdown')).Streamdown as typeof Streamdown
  } catch (error) {
    log(`streamdown: not measured (${(error as Error).message})`)
  }
  const h = React.createElement
  const text = sampleReply()
  const CHUNK = 40
  const prefixes: string[] = []
  for (let end = CHUNK; end < text.length + CHUNK; end += CHUNK) prefixes.push(text.slice(0, Math.min(end, text.length)))
  const plain = (t: string) => h('span', null, t)
  const md = new MarkdownIt({ html: false, linkify: true })

  const variants: Record<string, ((t: string, streaming: boolean) => unknown) | undefined> = {
    plain_text: (t, streaming) => h(StreamingMessage, { message: { role: 'assistant', parts: [{ type: 'text', text: t, state: streaming ? 'streaming' : 'done' }] }, renderText: plain }),
    sealkit: (t, streaming) => h(StreamingMessage, { message: { role: 'assistant', parts: [{ type: 'text', text: t, state: streaming ? 'streaming' : 'done' }] } }),
    react_markdown_gfm: (t) => h(ReactMarkdown, { remarkPlugins: [remarkGfm] }, t),
    streamdown: Streamdown ? (t, streaming) => h(Streamdown as never, { isAnimating: streaming, children: t } as never) : undefined,
  }
  // What each variant must have put on screen: a measurement of the wrong renderer is worse than none.
  const rendered: Record<string, (host: HTMLElement) => string | undefined> = {
    plain_text: (host) => (host.querySelector('.sealkit-md, .sealkit-md-loading') ? 'plain text came out as markdown' : undefined),
    sealkit: (host) =>
      host.querySelector('.sealkit-md-loading')
        ? 'the lazy markdown renderer had not loaded: the fallback was measured'
        : !host.querySelector('.sealkit-md .sealkit-md__heading') || !host.querySelector('.sealkit-md table') || !host.querySelector('.sealkit-md pre code')
          ? 'sealkit Markdown did not render headings, tables and code'
          : undefined,
  }
  const runs = quick ? 1 : 3
  const perChunk = new Map<string, number>()
  for (const [name, view] of Object.entries(variants)) {
    if (!view) continue
    const samples: number[] = []
    for (let r = 0; r < runs + 1; r++) {
      const host = document.createElement('div')
      document.body.appendChild(host)
      const root = createRoot(host)
      const t0 = performance.now()
      for (const [i, p] of prefixes.entries()) {
        flushSync(() => root.render(view(p, i < prefixes.length - 1) as never))
        // And the work the commit scheduled (sealkit's markdown renders at transition priority):
        // React's scheduler runs it in a setImmediate queued before this one.
        await nextImmediate()
      }
      const ms = performance.now() - t0
      const wrong = rendered[name]?.(host)
      if (wrong) throw new Error(`markdown suite, ${name}: ${wrong}`)
      root.unmount()
      host.remove()
      if (r > 0) samples.push(ms / prefixes.length) // the first run warms up
    }
    perChunk.set(name, median(samples))
  }
  // markdown-it: parse (and render to an HTML string) per chunk, no DOM: a lower bound for it.
  const itSamples: number[] = []
  for (let r = 0; r < runs + 1; r++) {
    const t0 = performance.now()
    for (const p of prefixes) md.render(p)
    if (r > 0) itSamples.push((performance.now() - t0) / prefixes.length)
  }
  perChunk.set('markdown_it_parse_only', median(itSamples))
  log(`reply ${text.length} chars in ${prefixes.length} chunks of ${CHUNK}`)
  return perChunk
}

const suite: Suite = {
  name: 'markdown',
  description: 'markdown renderers for streamed replies: min+gzip weight, render ms per streamed chunk of a 20 KB reply (jsdom)',
  async run({ quick, log }) {
    const figures: Figure[] = []
    for (const w of WEIGHTS) {
      const size = await measureEntry({ id: w.id, description: w.description, code: () => w.code })
      if (!size) continue
      figures.push({ name: `markdown.size.${w.id}.gzip_bytes`, value: size.gzipBytes, unit: 'bytes', note: w.description })
      if (size.lazyGzipBytes > 0) figures.push({ name: `markdown.size.${w.id}.lazy_gzip_bytes`, value: size.lazyGzipBytes, unit: 'bytes', note: 'loaded on demand' })
    }
    const costs = await renderCosts(quick, log)
    const base = costs.get('plain_text')!
    for (const [name, ms] of costs) {
      figures.push({ name: `markdown.render.${name}.ms_per_chunk`, value: ms, unit: 'ms' })
      if (name !== 'plain_text') figures.push({ name: `markdown.render.${name}.ratio_vs_plain_text`, value: ms / base, unit: 'ratio', note: 'ms per chunk / plain text ms per chunk' })
    }
    return figures
  },
}

export default suite
