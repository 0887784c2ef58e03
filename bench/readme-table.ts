/**
 * The README's performance table, from one run: `tsx bench/readme-table.ts [--write]` reads
 * bench/results/latest.json and prints the table (with --write: replaces it in README.md, between
 * the bench-table markers), so every figure in the README comes from the same full run.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './lib/bundle.ts'

const results = JSON.parse(readFileSync(join(ROOT, 'bench/results/latest.json'), 'utf8')) as { date: string; quick: boolean; environment: Record<string, unknown>; figures: Record<string, number | null> }
const f = results.figures
const has = (...names: string[]) => names.every((n) => typeof f[n] === 'number')
const x = (n: string, digits = 2) => (f[n] as number).toFixed(digits)
const ms = (n: string) => `${(f[n] as number).toFixed(0)} ms`
const kb = (n: string) => `${((f[n] as number) / 1000).toFixed(1)} KB`
const count = (n: string) => (f[n] as number).toFixed((f[n] as number) % 1 ? 1 : 0)

/** [what, sealkit vs its baseline in the same run, goal], when its figures exist. */
const rows: Array<[string[], () => [string, string, string]]> = [
  [['app.ratio_verified_vs_plaintext_ready', 'app.sealkit.verified_ms', 'app.plaintext.ready_ms'], () => ['Chromium, production app: page load → attestation verified (`<PrivateChat>`), vs page load → ready of a plaintext fetch + setState chat', `**${x('app.ratio_verified_vs_plaintext_ready')}** (${ms('app.sealkit.verified_ms')} vs ${ms('app.plaintext.ready_ms')})`, '≤ 1.3']],
  [['app.ratio_cpu_to_verified_vs_plaintext_ready', 'app.sealkit.cpu_to_verified_ms', 'app.plaintext.cpu_to_ready_ms'], () => ["the machine's work in that window: CPU time of every Chromium process (browser, renderer and workers, GPU, network), to verified vs to the plaintext app's ready", `**${x('app.ratio_cpu_to_verified_vs_plaintext_ready')}** (${ms('app.sealkit.cpu_to_verified_ms')} vs ${ms('app.plaintext.cpu_to_ready_ms')})`, '']],
  [['app.ratio_ready_vs_plaintext', 'app.sealkit.ready_ms'], () => ['the same, page load → ready to send (verified, E2EE session keyed)', `**${x('app.ratio_ready_vs_plaintext')}** (${ms('app.sealkit.ready_ms')})`, '']],
  [['app.ratio_verified_early_vs_plaintext_ready', 'app.sealkit_early.verified_ms', 'app.sealkit_early.long_tasks_to_first_token', 'app.sealkit.long_tasks_to_first_token'], () => ["page load → verified, the same app with its verification worker started, and its first attestation and the models list requested, by the HTML (sealkit/vite), same rounds; long tasks to the first token, with / without", `**${x('app.ratio_verified_early_vs_plaintext_ready')}** (${ms('app.sealkit_early.verified_ms')}); ${count('app.sealkit_early.long_tasks_to_first_token')} / ${count('app.sealkit.long_tasks_to_first_token')}`, '']],
  [['app.revisit.ratio_verified_vs_plaintext_ready', 'app.revisit.ratio_cpu_to_verified_vs_plaintext_ready', 'app.revisit.sealkit.verified_ms', 'app.revisit.plaintext.ready_ms', 'app.revisit.sealkit.long_tasks_to_first_token', 'app.revisit.ratio_verified_early_vs_plaintext_ready', 'app.revisit.sealkit_early.verified_ms'], () => ["page load → verified on a returning visit (each app's third load in one browser context: scripts from the HTTP cache and V8's code cache): time / CPU, and time with the worker started by the HTML; long tasks to the first token", `**${x('app.revisit.ratio_verified_vs_plaintext_ready')} / ${x('app.revisit.ratio_cpu_to_verified_vs_plaintext_ready')}** (${ms('app.revisit.sealkit.verified_ms')} vs ${ms('app.revisit.plaintext.ready_ms')}); HTML start **${x('app.revisit.ratio_verified_early_vs_plaintext_ready')}** (${ms('app.revisit.sealkit_early.verified_ms')}); ${count('app.revisit.sealkit.long_tasks_to_first_token')} long tasks`, '']],
  [['app.network.ratio_verified_vs_plaintext_ready', 'app.network.ratio_verified_early_vs_plaintext_ready', 'app.network.sealkit.verified_ms', 'app.network.plaintext.ready_ms'], () => ["the same two over a shaped network (Lighthouse's desktop profile: 40 ms round trips, 10 Mbit/s shared by every response, scripts gzip-compressed): sealkit's own worker / worker, attestation and models list from the HTML", `**${x('app.network.ratio_verified_vs_plaintext_ready')} / ${x('app.network.ratio_verified_early_vs_plaintext_ready')}** (${ms('app.network.sealkit.verified_ms')} vs ${ms('app.network.plaintext.ready_ms')})`, '']],
  [['app.ratio_first_token_vs_plaintext', 'app.sealkit.first_token_ms', 'app.plaintext.first_token_ms'], () => ['send → first decrypted token on screen, vs first plaintext token', `**${x('app.ratio_first_token_vs_plaintext')}** (${ms('app.sealkit.first_token_ms')} vs ${ms('app.plaintext.first_token_ms')})`, '']],
  [['app.sealkit.long_tasks', 'app.plaintext.long_tasks', 'app.sealkit.tbt_ms', 'app.plaintext.tbt_ms', 'app.ratio_tbt_vs_plaintext'], () => ['long tasks (> 50 ms) and total blocking time, page load → end of a 20 KB reply', `**${count('app.sealkit.long_tasks')}** long tasks vs ${count('app.plaintext.long_tasks')}; TBT ${ms('app.sealkit.tbt_ms')} vs ${ms('app.plaintext.tbt_ms')} (${x('app.ratio_tbt_vs_plaintext')})`, '0 long tasks']],
  [['render.markdown_20k.commits_per_s', 'render.plaintext_20k.commits_per_s', 'app.ratio_commits_per_s_vs_plaintext', 'render.markdown_20k.long_tasks'], () => ['a 20 KB markdown reply at 100 chunks/s: React commits/s and long tasks while it streams', `**${x('render.markdown_20k.commits_per_s', 1)}/s** vs ${x('render.plaintext_20k.commits_per_s', 1)}/s (${x('app.ratio_commits_per_s_vs_plaintext')}); ${count('render.markdown_20k.long_tasks')} long tasks`, '≤ 60/s, 0']],
  [['render.large_chunks.long_tasks', 'render.large_chunks.ratio_long_tasks_vs_plaintext'], () => ['a 60 KB reply in 24 chunks: long tasks while it arrives, vs the plaintext app (denominator ≥ 1)', `**${count('render.large_chunks.long_tasks')}** (${x('render.large_chunks.ratio_long_tasks_vs_plaintext')})`, '0']],
  [['render.history_300.ratio_ms_per_commit_vs_3', 'render.history_300.ms_per_commit'], () => ['time per React commit while the 301st message streams, vs with 3 earlier messages', `**${x('render.history_300.ratio_ms_per_commit_vs_3')}** (${x('render.history_300.ms_per_commit')} ms per commit)`, '≤ 1.5']],
  [['render.memory.ratio_heap_end_vs_2000', 'render.memory.heap_end_bytes'], () => ['JS heap + array buffers after a 20,000-chunk reply, vs after ~2,000 chunks (forced GC, React production build, median of 3)', `**${x('render.memory.ratio_heap_end_vs_2000', 3)}** (${(f['render.memory.heap_end_bytes']! / 1e6).toFixed(1)} MB)`, '≤ 1.2']],
  // The µs beside the ratio are its own paired batches (decrypt.paired), not the 2,000-chunk comparison below; runs before that figure existed show the floor alone.
  [['decrypt.ratio_vs_ecdh_floor', 'decrypt.ecdh_floor.us_per_chunk', 'decrypt.step.gcm.us_per_chunk', 'decrypt.step.hkdf.us_per_chunk', 'decrypt.step.hex.us_per_chunk'], () => ['decrypting one streamed chunk in Node, vs the bare ECDH it needs (libsecp256k1-wasm), paired batches', `**${x('decrypt.ratio_vs_ecdh_floor')}** (${has('decrypt.paired.us_per_chunk') ? `${x('decrypt.paired.us_per_chunk', 0)} µs vs ` : 'bare ECDH '}${x('decrypt.ecdh_floor.us_per_chunk', 0)} µs; AES-GCM ${x('decrypt.step.gcm.us_per_chunk', 1)}, HKDF ${x('decrypt.step.hkdf.us_per_chunk', 1)}, hex ${x('decrypt.step.hex.us_per_chunk', 1)} µs)`, '≤ 1.3']],
  [['decrypt.ratio_vs_seed_reference', 'decrypt.seed_reference.us_per_chunk'], () => ["decrypting 2,000 streamed E2EE chunks, vs the seed's reference client (elliptic + @noble)", `**${x('decrypt.ratio_vs_seed_reference', 3)}** (${x('decrypt.sealkit.us_per_chunk', 0)} µs vs ${x('decrypt.seed_reference.us_per_chunk', 0)} µs per chunk)`, '≤ 0.25']],
  [['decrypt.ratio_vs_node_native'], () => ["the same, vs Node's native OpenSSL ECDH + HKDF + GCM", `**${x('decrypt.ratio_vs_node_native')}**`, '']],
  [['browser.main.decrypt.ratio_vs_seed_reference', 'browser.worker.decrypt.ratio_vs_seed_reference'], () => ["the same in Chromium: main thread / Web Worker, vs the seed's approach", `**${x('browser.main.decrypt.ratio_vs_seed_reference')} / ${x('browser.worker.decrypt.ratio_vs_seed_reference')}**`, '']],
  [['jank.ratio_hook_vs_naive.commits_per_s', 'jank.hook.commits_per_s', 'jank.naive.commits_per_s'], () => ['React commits/s streaming 2,000 chunks at 200 chunks/s through `useEncryptedChat` + `StreamingMessage`, vs decrypt + setState per chunk', `**${x('jank.ratio_hook_vs_naive.commits_per_s')}** (${x('jank.hook.commits_per_s', 1)}/s vs ${x('jank.naive.commits_per_s', 1)}/s)`, '≤ 60/s']],
  [['jank.ratio_hook_vs_naive.busy_share', 'jank.ratio_hook_noble_vs_naive_noble.busy_share', 'jank.hook.long_tasks', 'jank.naive.long_tasks'], () => ['main-thread busy share, same stream (WASM ECDH / @noble fallback); long tasks', `**${x('jank.ratio_hook_vs_naive.busy_share')} / ${x('jank.ratio_hook_noble_vs_naive_noble.busy_share')}**; ${count('jank.hook.long_tasks')} long tasks (baseline ${count('jank.naive.long_tasks')})`, '0 long tasks']],
  [['attestation.verify_cold_ms', 'attestation.verify_warm_ms', 'attestation.ratio_warm_vs_cold'], () => ['verifying the real Venice report (TDX + collateral + 8 GPUs + NRAS, strict) in Node, warm vs cold', `cold **${ms('attestation.verify_cold_ms')}**, warm ${ms('attestation.verify_warm_ms')} (${x('attestation.ratio_warm_vs_cold')})`, 'cold ≤ 100 ms']],
  [['ttft.ratio_e2ee_vs_plaintext', 'ttft.e2ee_ms', 'ttft.plaintext_ms', 'ttft.ratio_e2ee_vs_plaintext_with_attest'], () => ['time to first decrypted token vs first plaintext token in Node, simulator on loopback', `${x('ttft.ratio_e2ee_vs_plaintext', 1)} (${x('ttft.e2ee_ms', 1)} ms vs ${x('ttft.plaintext_ms', 1)} ms); ${x('ttft.ratio_e2ee_vs_plaintext_with_attest', 1)} with attestation counted`, '']],
  [['size.e2ee.ratio_vs_seed_deps', 'size.e2ee.gzip_bytes', 'size.seed_deps.gzip_bytes', 'size.private_chat.ratio_vs_seed_deps', 'size.private_chat.gzip_bytes', 'size.hooks.ratio_vs_seed_deps', 'size.hooks.gzip_bytes', 'size.core.ratio_vs_seed_deps'], () => [`bundle, min+gzip, vs the seed's dependency set (${kb('size.seed_deps.gzip_bytes')})`, `E2EE path **${x('size.e2ee.ratio_vs_seed_deps')}** (${kb('size.e2ee.gzip_bytes')}); what \`PrivateChat\` adds to an app's initial chunk ${x('size.private_chat.ratio_vs_seed_deps')} (${kb('size.private_chat.gzip_bytes')}); the hooks alone ${x('size.hooks.ratio_vs_seed_deps')} (${kb('size.hooks.gzip_bytes')}); core ${x('size.core.ratio_vs_seed_deps')}`, 'budget in `bench/size-budget.json`; `PrivateChat` ≤ 60 KB']],
]

const env = results.environment
const lines = [
  `From one full run (${results.date.slice(0, 10)}, ${env.cores}-core ${env.cpu}, Node ${String(env.node).replace(/^v/, '')}; \`bench/results/latest.json\`${results.quick ? ', --quick' : ''}):`,
  '',
  '| what | sealkit vs baseline (same run) | goal |',
  '|---|---|---|',
  ...rows.filter(([names]) => has(...names)).map(([, row]) => `| ${row().join(' | ')} |`),
]
const table = lines.join('\n')
if (process.argv.includes('--write')) {
  const path = join(ROOT, 'README.md')
  const readme = readFileSync(path, 'utf8')
  const start = '<!-- bench-table:start -->'
  const end = '<!-- bench-table:end -->'
  const a = readme.indexOf(start)
  const b = readme.indexOf(end)
  if (a === -1 || b < a) throw new Error(`README.md has no ${start} ... ${end}`)
  writeFileSync(path, readme.slice(0, a + start.length) + '\n' + table + '\n' + readme.slice(b))
  console.log(`README.md: ${lines.length - 4} rows`)
} else console.log(table)
