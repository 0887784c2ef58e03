import { describe, expect, it } from 'vitest'
import { ERROR_CODES } from '../../src/core/errors.ts'
import type { Assurance } from '../../src/core/attestation/assurances.ts'
import type { DeploymentFinding } from '../../src/core/attestation/deployment/deployment.ts'
import { describeErrorIn, en, mergeMessages, messagesFor, SEALKIT_LOCALES, zhCN, type SealkitMessages } from '../../src/components/index.ts'

/** Every leaf of a catalog as `path -> value`. */
function leaves(value: unknown, path = ''): Map<string, unknown> {
  const out = new Map<string, unknown>()
  if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) for (const [p, v] of leaves(child, path ? `${path}.${key}` : key)) out.set(p, v)
  } else out.set(path, value)
  return out
}

/** Catalog functions that word one of core's objects (by its code and params). */
const OBJECT_WORDS = ['attestation.assurance', 'attestation.deployment.finding', 'attestation.deployment.change', 'attestation.checkLabel', 'attestation.checkDetail']

describe('message catalogs', () => {
  it('every error code has plain words and a next step in every shipped language', () => {
    for (const [tag, t] of Object.entries(SEALKIT_LOCALES)) {
      for (const code of Object.keys(ERROR_CODES)) {
        const words = (t.errors.codes as Record<string, { text: string; next: string } | undefined>)[code]
        expect(words?.text, `${tag} ${code}`).toBeTruthy()
        expect(words?.next, `${tag} ${code}`).toBeTruthy()
        // Plain words: the code itself is for the details line, not the sentence.
        expect(words?.text).not.toContain(code)
      }
    }
  })

  it('the Chinese catalog has every key of the English one, and translates each string', () => {
    const english = leaves(en)
    const chinese = leaves(zhCN)
    expect([...chinese.keys()].sort()).toEqual([...english.keys()].sort())
    const untranslated: string[] = []
    for (const [path, value] of english) {
      const zh = chinese.get(path)
      if (typeof value === 'string' && /[a-z]{3}/.test(value) && zh === value) untranslated.push(path)
      if (typeof value === 'function') {
        const sample = (fn: unknown) => String((fn as (...a: unknown[]) => unknown)('x', 1))
        if (sample(value) === sample(zh) && /[a-z]{3}/.test(sample(value))) untranslated.push(path)
      }
    }
    // Identical on purpose: language tags. Words for core's objects (assurances, findings, changes, check labels) take those objects, not ('x', 1): sampled below.
    expect(untranslated.filter((p) => !['locale', 'dir', ...OBJECT_WORDS].includes(p))).toEqual([])
  })

  it("core's assurance, finding, change and check words are Chinese in the Chinese catalog, and core's own English in the English one", () => {
    const assurance: Assurance = { id: 'platform', code: 'out-of-date', params: { status: 'OutOfDate', advisories: ['INTEL-SA-01036'] }, title: 'Platform patched', status: 'no', value: 'out of date', text: 'Out of date: …' }
    expect(en.attestation.assurance(assurance)).toEqual({ value: 'out of date', text: 'Out of date: …' })
    expect(zhCN.attestation.assurance(assurance).text).toBe('未及时更新：Intel 列出了 1 条这台机器尚未修补的安全公告（INTEL-SA-01036）。')
    const finding: DeploymentFinding = { kind: 'container-control', severity: 'warning', service: 'compose-manager', message: 'compose-manager controls Docker …', params: { service: 'compose-manager' } }
    expect(en.attestation.deployment.finding(finding)).toBe(finding.message)
    expect(zhCN.attestation.deployment.finding(finding)).toMatch(/^compose-manager 控制着 Docker/)
    expect(zhCN.attestation.deployment.change({ key: 'image:inference', what: 'image inference', from: 'a', to: 'b' })).toBe('镜像 inference')
    expect(zhCN.attestation.checkLabel('gpu.3.chain', 'GPU 3 certificate chain')).toBe('GPU 3 证书链')
    expect(zhCN.attestation.checkLabel('tdx.pinned.oids', "PCK certificate carries Intel's OIDs")).toBe('PCK 证书带有 Intel 的 OID')
    // gpu.count says whose count it is, in Chinese too: the quote's or the server's.
    expect(zhCN.attestation.checkLabel('gpu.count', 'GPU count the quote measures')).toBe('报价度量的 GPU 数量')
    expect(zhCN.attestation.checkLabel('gpu.count', 'GPU count the VM claims')).toBe('VM 配置声称的 GPU 数量')
    const seen = { id: 'identity.continuity', status: 'passed' as const, detail: 'Seen before: 3 verified attestations since 2026-11-01 carried the same code.' }
    expect(en.attestation.checkDetail(seen)).toBeUndefined()
    expect(zhCN.attestation.checkDetail(seen)).toBe('曾见过：自 2026-11-01 以来 3 次通过验证的证明携带相同的代码。')
  })

  it('picks a shipped catalog by language, and English otherwise', () => {
    expect(messagesFor('zh-CN')).toBe(zhCN)
    expect(messagesFor('zh')).toBe(zhCN)
    expect(messagesFor('zh-Hans-SG')).toBe(zhCN)
    expect(messagesFor('en-GB')).toBe(en)
    expect(messagesFor('fr')).toBe(en)
  })

  it('merges an override key by key, leaving the rest', () => {
    const t: SealkitMessages = mergeMessages(en, { composer: { send: 'Go' }, errors: { codes: { DECRYPT_FAILED: { text: 'Nope.', next: 'Again.' } } } })
    expect(t.composer.send).toBe('Go')
    expect(t.composer.stop).toBe('Stop')
    expect(t.errors.codes.DECRYPT_FAILED?.text).toBe('Nope.')
    expect(t.errors.codes.NETWORK_ERROR).toBe(en.errors.codes.NETWORK_ERROR)
    expect(en.composer.send).toBe('Send')
  })

  it('describes an error in plain words and keeps the code and raw message for a details line', () => {
    const error = { code: 'DECRYPT_FAILED', message: 'Failed to decrypt field' }
    expect(describeErrorIn(en, error)).toEqual({
      text: 'Part of the reply could not be decrypted: that part was not shown, and the reply stops there.',
      next: 'Retry, or pick another model.',
      code: 'DECRYPT_FAILED',
      detail: 'Failed to decrypt field',
    })
    expect(describeErrorIn(zhCN, error)?.text).toBe('回复的一部分无法解密：这部分没有显示，回复到此为止。')
    expect(describeErrorIn(en, new Error('boom'))).toEqual({ ...en.errors.unknown, detail: 'boom' })
    expect(describeErrorIn(en, undefined)).toBeUndefined()
  })
})
