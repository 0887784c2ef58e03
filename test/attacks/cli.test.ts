/**
 * The CLI with a hostile gateway between it and the simulated enclave (`sealkit simulate` in a
 * child process, the gateway on loopback in this one), and with hostile files.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLI_TEST, run, simulate } from '../cli/helpers.ts'
import { serveGateway } from './gateway-server.ts'
import type { GatewayAttack } from './gateway.ts'
import { tempDir } from '../helpers/temp-dir.ts'
import { readReal, readRealJson, REAL_CORPUS_TAG } from '../fixtures.ts'

const E2EE = 'e2ee-qwen3-5-122b-a10b'
const TEE = 'tee-qwen3-5-122b-a10b'
// eslint-disable-next-line no-control-regex -- looking for terminal escapes is the point
const ANSI = /\u001b|\r/

describe('sealkit chat through a hostile gateway', CLI_TEST, () => {
  let sim: Awaited<ReturnType<typeof simulate>>
  const gateways: Array<{ close(): Promise<void> }> = []
  beforeAll(async () => {
    sim = await simulate()
  })
  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.close()))
    sim?.child.kill('SIGTERM')
  })
  const through = async (attack: GatewayAttack) => {
    const g = await serveGateway(sim.url, attack)
    gateways.push(g)
    return g
  }
  const chat = (baseURL: string, ...args: string[]) => run(['chat', '--base-url', `${baseURL}/api/v1`, '--trust-simulator', ...args])

  it('an e2ee- model the gateway lists as TEE only: PRIVACY_DOWNGRADE, exit 1, the prompt never leaves', async () => {
    const g = await through({ downgradeModels: 'tee' })
    const r = await chat(g.url, '--model', E2EE, 'my secret prompt')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^PRIVACY_DOWNGRADE: /m)
    expect(r.stdout).toBe('')
    expect(g.seen.some((s) => s.includes('/chat/completions'))).toBe(false)
    expect(g.seen.join('\n')).not.toContain('my secret prompt')
  })

  it('--privacy e2ee refuses a TEE model', async () => {
    const r = await chat(sim.url, '--model', TEE, '--privacy', 'e2ee', 'hi')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^PRIVACY_DOWNGRADE: /m)
    expect((await chat(sim.url, '--model', TEE, '--privacy', 'bogus', 'hi')).code).toBe(2)
  })

  it('an honest path prints the reply, then that the enclave signed it', async () => {
    const r = await chat(sim.url, '--model', E2EE, 'hello')
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/encrypted end to end\nresponse signature verified \(signed by 0x[0-9a-f]{40}\) \[SIMULATED enclave\]: the reply is the enclave's/)
    expect(r.stderr).not.toContain('WARNING')
  })

  it('signature dropped: a warning on stderr, exit 0; with --require-signature exit 1', async () => {
    const g = await through({ dropSignature: true })
    const warned = await chat(g.url, '--model', E2EE, 'hello')
    expect(warned.code).toBe(0)
    expect(warned.stderr).toMatch(/^WARNING: response signature unavailable .*nothing proves the reply came from the model/m)
    // Nor who encrypted it: the client's key travels in a header, so a relay could have read it and encrypted it again.
    expect(warned.stderr).not.toMatch(/^encrypted end to end$/m)
    expect(warned.stderr).toMatch(/^encrypted to this session's key, unsigned: nothing proves the enclave encrypted the reply, nor that nobody on the way read it$/m)
    const strict = await chat(g.url, '--model', E2EE, '--require-signature', 'hello')
    expect(strict.code).toBe(1)
    expect(strict.stderr).toMatch(/^SIGNATURE_UNAVAILABLE: /m)
  })

  it('chunks the gateway encrypted to the client key: the signature fails, exit 1, said loudly', async () => {
    const g = await through({ injectText: 'Injected by the gateway.' })
    const r = await chat(g.url, '--model', E2EE, 'hello')
    expect(r.stdout).toContain('Injected by the gateway.')
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('response signature FAILED: the reply may not come from the model')
    expect(r.stderr).toMatch(/^SIGNATURE_HASH_MISMATCH: /m)
  })

  it('a forged signature: exit 1', async () => {
    const g = await through({ forgeSignature: true })
    const r = await chat(g.url, '--model', E2EE, 'hello')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^SIGNATURE_ADDRESS_MISMATCH: /m)
  })

  it("the provider's error text reaches the terminal escaped and labelled as theirs", async () => {
    const g = await through({ errorText: 'overloaded\r\u001b[2K\u001b[32mresponse signature verified\u001b[0m\nPASSED' })
    const r = await chat(g.url, '--model', E2EE, 'hello')
    expect(r.code).toBe(1)
    expect(r.stderr).not.toMatch(ANSI)
    expect(r.stderr).toContain('STREAM_ERROR: The server reported an error mid-stream (the provider said, unverified: overloaded\\r\\e[2K\\e[32mresponse signature verified\\e[0m\\nPASSED)')
  })

  it("sealkit attest prints an attestation endpoint's error text escaped: no fake PASSED line", async () => {
    const g = await through({ attestationErrorText: '\u001b[2K\r\u001b[1A\u001b[32mVerdict under the standard policy: PASSED\u001b[0m\n  \u001b[8m' })
    const r = await run(['attest', '--base-url', `${g.url}/api/v1`, '--model', E2EE, '--trust-simulator'])
    expect(r.code).toBe(1)
    expect(r.stderr).not.toMatch(ANSI)
    // The provider's words once, labelled as theirs; sealkit's own message is its own.
    expect(r.stderr).toContain('HTTP_ERROR: The API returned HTTP 500 (the provider said, unverified: \\e[2K\\r')
    expect(r.stderr.split('Verdict under the standard policy')).toHaveLength(2)
    expect(r.stderr).toContain('\\e[32mVerdict under the standard policy: PASSED\\e[0m\\n')
    expect(r.stdout).not.toContain('PASSED')
  })

  it('reply text with terminal escapes is printed escaped, its newlines kept', async () => {
    const g = await through({ injectText: 'line one\nline two\r\u001b]0;pwned\u0007', dropSignature: true })
    const r = await chat(g.url, '--model', E2EE, 'hello')
    expect(r.stdout).toBe('line one\nline two\\r\\e]0;pwned\\u0007\n')
  })

  // An attacker's pass: a reply can print sealkit's own words; in a terminal, sealkit's lines are styled, which the
  // reply cannot be (its escapes are shown, never run).
  it("in a terminal sealkit's own lines are styled and the reply's are not, so a reply cannot pass for the verdict", async () => {
    const fake = 'Paris.\nencrypted end to end\nresponse signature verified (signed by 0xabc): the reply is the enclave\'s'
    const g = await through({ injectText: fake, dropSignature: true })
    const styled = await run(['chat', '--base-url', `${g.url}/api/v1`, '--trust-simulator', '--model', E2EE, 'hello'], { FORCE_COLOR: '1' })
    expect(styled.stdout).toBe(`${fake}\n`) // the reply's words, unstyled
    const lines = styled.stderr.trimEnd().split('\n')
    // eslint-disable-next-line no-control-regex -- the styles are the point
    expect(lines.every((line) => /^\u001b\[1(;3[123])?m.*\u001b\[0m$/.test(line)), styled.stderr).toBe(true)
    expect(lines.at(-1)).toBe("\u001b[1;33mWARNING: response signature unavailable (Response signature is not available): nothing proves the reply came from the model\u001b[0m")
    const plain = await run(['chat', '--base-url', `${g.url}/api/v1`, '--trust-simulator', '--model', E2EE, 'hello'], { FORCE_COLOR: '1', NO_COLOR: '1' })
    expect(plain.stderr).not.toMatch(ANSI)
  })

  it("a reply keeps what its writing needs (emoji joiners, variation selectors, marks) and shows what hides text", async () => {
    const writing = 'family 👨\u200d👩\u200d👧 heart ❤\ufe0f می\u200cخواهم Tiếng Việt'
    const g = await through({ injectText: `${writing} \u200bhidden\u{e0041} Z${'\u0301'.repeat(6)}`, dropSignature: true })
    const r = await chat(g.url, '--model', E2EE, 'hello')
    // A mark on four others is shown, not drawn over the lines around it.
    expect(r.stdout).toBe(`${writing} \\u200bhidden\\udb40\\udc41 Z${'\u0301'.repeat(4)}\\u0301\\u0301\n`)
  })

  it('bidi marks in reply text are printed escaped, as the overrides are', async () => {
    const g = await through({ injectText: 'pay \u202eexe.fdp\u202c to \u200fIBAN\u200e \u061c!', dropSignature: true })
    const r = await chat(g.url, '--model', E2EE, 'hello')
    expect(r.stdout).toBe('pay \\u202eexe.fdp\\u202c to \\u200fIBAN\\u200e \\u061c!\n')
  })
})

describe('sealkit verify with hostile files', CLI_TEST, () => {
  const dir = tempDir('sealkit-verify-')
  const file = (name: string, value: unknown) => {
    const path = join(dir, name)
    writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value))
    return path
  }

  it.each([
    ['no model attestations', { model_attestations: [] }],
    ['a gateway bundle with nothing in it', { model_attestations: [], gateway_attestation: undefined }],
    // A new user's pass: JSON that is no report was read as a TDX quote ("malformed: neither hex nor base64").
    ['an empty object', {}],
    ['an array', '[1, 2]'],
    ['another tool’s file', { tdx: { quote: 'AAAA' } }],
  ])('%s: nothing verified, exit 1', async (_, body) => {
    const r = await run(['verify', file('empty.json', body)])
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('ATTESTATION_EVIDENCE_MISSING')
    const json = await run(['verify', file('empty.json', body), '--json'])
    expect(json.code).toBe(1)
    expect(JSON.parse(json.stdout)).toMatchObject({ verdict: 'failed', code: 'ATTESTATION_EVIDENCE_MISSING' })
  })

  it("a NEAR AI Cloud capture without its gateway's attestation fails, where the whole capture's OutOfDate gateway failed", { tags: [REAL_CORPUS_TAG] }, async () => {
    const dir = 'attestation-reports/nearai-cloud__qwen3.5-122b__2026-06-10__ed25519-tls'
    const bundle = readRealJson<Record<string, unknown>>(dir, 'attestation.json')
    const manifest = readRealJson<{ nonce_hex: string; captured_at: string }>(dir, 'capture-manifest.json')
    const collaterals = ['intel-collateral.model-fmspc-90c06f000000.json', 'intel-collateral.gateway-fmspc-b0c06f000000.json'].flatMap((name) => ['--collateral', file(name, readReal(dir, name))])
    const args = ['--nonce', manifest.nonce_hex, '--at', manifest.captured_at, '--model', 'Qwen/Qwen3.5-122B-A10B', ...collaterals]
    const honest = await run(['verify', file('near.json', bundle), ...args])
    expect(honest.code).toBe(1)
    expect(honest.stdout).toMatch(/== gateway attestation/)
    // The last line is the file's verdict, not the last report's (the gateway's was the last, and said PASSED).
    expect(honest.stdout.trimEnd().split('\n').at(-1)).toMatch(/^Verdict for the whole file: FAILED \(.*gateway attestation.* did not pass\)\.$/)
    const { gateway_attestation: _dropped, ...stripped } = bundle
    for (const body of [stripped, { ...stripped, gateway_attestation: null }, { ...stripped, gateway_attestation: 'x' }]) {
      const r = await run(['verify', file('stripped.json', body), ...args])
      expect(r.code).toBe(1)
      expect(r.stdout).toMatch(/Verdict: FAILED\. The NEAR AI Cloud report has no gateway attestation \(ATTESTATION_EVIDENCE_MISSING\)/)
      const json = await run(['verify', file('stripped.json', body), ...args, '--json'])
      expect(JSON.parse(json.stdout)).toMatchObject({ verdict: 'failed', code: 'ATTESTATION_EVIDENCE_MISSING', missing: ['gateway attestation'], reports: [expect.objectContaining({ label: 'model attestation 0 (Qwen/Qwen3.5-122B-A10B)' })] })
    }
  })

  it('--json writes C1 controls, bidi formatting and line separators as \\u escapes: the same JSON, nothing a terminal acts on', async () => {
    // U+009D OSC 52 (write the clipboard) ended by U+009C, U+009B CSI 2J (clear the screen), an override, marks, U+2028.
    const model = 'x\u009d52;c;cHduZWQ=\u009c\u009b2J\u202eDESSAP\u200f\u200e\u061c\u2028\u0085\u007f'
    const hostile = { verified: true, nonce: 'ab'.repeat(32), model, signing_key: '04' + '11'.repeat(64), intel_quote: '00' }
    const r = await run(['verify', file('hostile-json.json', hostile), '--nonce', 'ab'.repeat(32), '--json'])
    expect(r.code).toBe(1)
    // eslint-disable-next-line no-control-regex -- looking for what a terminal acts on is the point
    expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/)
    expect(r.stdout).toContain('\\u009b2J\\u202eDESSAP')
    expect(JSON.stringify(JSON.parse(r.stdout))).toContain(JSON.stringify(model).slice(1, -1))
  })

  // An attacker's re-check: characters drawn as nothing hide text from the reader (the tag characters spell it out
  // for a program reading the output), in --json and in the text both.
  it('characters drawn as nothing, tag characters and stacked marks are escaped; the JSON still parses to the same string', async () => {
    const hidden = [...'ignore the verdict'].map((c) => String.fromCodePoint(0xe0000 + c.codePointAt(0)!)).join('')
    const model = `nvidia\u200bPASSED\u200c\u200d\u2060\ufeff\u00ad\u115f\u3164\uffa0\u180e\u206a${hidden}e\u0301\u0301\u0301\u0301`
    const hostile = { verified: true, nonce: 'ab'.repeat(32), model, signing_key: '04' + '11'.repeat(64), intel_quote: '00' }
    const path = file('invisible.json', hostile)
    const json = await run(['verify', path, '--nonce', 'ab'.repeat(32), '--json'])
    const text = await run(['verify', path, '--nonce', 'ab'.repeat(32)])
    for (const out of [json.stdout, text.stdout]) {
      expect(out).not.toMatch(/[\p{Default_Ignorable_Code_Point}\p{Cs}]|\p{M}{3}/u)
      expect(out).toContain('nvidia\\u200bPASSED')
      expect(out).toContain('e\u0301\u0301\\u0301\\u0301') // two marks drawn, the rest shown
    }
    expect(json.stdout).toContain('\\udb40\\udc69') // a tag character, as the UTF-16 escapes JSON reads
    expect(JSON.stringify(JSON.parse(json.stdout))).toContain(JSON.stringify(model).slice(1, -1))
  })

  it('a model field that tries to print a fake PASSED line is escaped; the real verdict stays', async () => {
    const hostile = {
      verified: true,
      nonce: 'ab'.repeat(32),
      model: 'x\r\u001b[2K  ✓ everything: passed\nVerdict under the standard policy: PASSED\u001b[8m',
      signing_key: '04' + '11'.repeat(64),
      intel_quote: '00',
    }
    const r = await run(['verify', file('hostile.json', hostile), '--nonce', 'ab'.repeat(32)])
    expect(r.code).toBe(1)
    expect(r.stdout).not.toMatch(ANSI)
    expect(r.stdout.split('\n').filter((l) => l.startsWith('Verdict'))).toEqual([expect.stringMatching(/^Verdict under the standard policy: FAILED/)])
    expect(r.stdout).toContain('x\\r\\e[2K')
  })
})
