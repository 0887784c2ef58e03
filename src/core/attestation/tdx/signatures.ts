import { sha256 } from '@noble/hashes/sha2.js'
import { bytesEqual, bytesToHex, concatBytes } from '../../crypto/hex.ts'
import { verifyCertificateChain, type CertificateCache, type ChainResult, type TrustedRoot } from '../x509/chain.ts'
import { fingerprintOf } from '../x509/certificate.ts'
import { verifyEcdsa } from '../x509/signature.ts'
import type { Check } from '../report.ts'
import type { TdxQuote } from './quote.ts'

/**
 * The cryptographic core of a TDX quote (PROTOCOL.md check 4), one Check each:
 *
 * - `tdx.quote.signature`: the attestation key signed header || body (ECDSA P-256, SHA-256).
 * - `tdx.qe.reportdata`: the Quoting Enclave vouches for that key: its REPORTDATA is
 *   sha256(attestation key || QE auth data) || 32 zero bytes.
 * - `tdx.qe.signature`: the PCK key signed the QE report.
 * - `tdx.pck.chain`: the PCK certificate chains to a trusted root (Intel SGX Root CA by default).
 *
 * Together: the TD report is what genuine Intel hardware measured.
 *
 * @example
 * ```ts
 * const checks = [await checkQuoteSignature(q), checkQeReportData(q), await checkQeReportSignature(q)]
 * ```
 */

export async function checkQuoteSignature(quote: TdxQuote): Promise<Check> {
  const ok = await verifyEcdsa({ curve: 'P-256', hash: 'SHA-256', publicKey: quote.bytes.attestationKey, message: quote.bytes.signed, signature: quote.bytes.quoteSignature })
  return {
    id: 'tdx.quote.signature',
    label: 'Quote signature',
    status: ok ? 'passed' : 'failed',
    detail: ok
      ? 'The attestation key signed the quote header and TD report (ECDSA P-256).'
      : 'The quote signature does not verify with the attestation key: the header or TD report was altered.',
    evidence: { attestationKey: quote.signature.attestationKey, signature: quote.signature.quoteSignature, signedBytes: String(quote.bytes.signed.length) },
  }
}

/** Checks that the QE report binds the quote's attestation key: REPORTDATA = sha256(attestation key || QE auth data), zero-padded. */
export function checkQeReportData(quote: TdxQuote): Check {
  const expected = concatBytes(sha256(concatBytes(quote.bytes.attestationKey, quote.bytes.qeAuthData)), new Uint8Array(32))
  const actual = quote.bytes.qeReport.subarray(320, 384)
  const ok = bytesEqual(expected, actual)
  return {
    id: 'tdx.qe.reportdata',
    label: 'Attestation key bound to the QE',
    status: ok ? 'passed' : 'failed',
    detail: ok
      ? 'The Quoting Enclave report binds the attestation key: REPORTDATA = sha256(attestation key || QE auth data) || zeros.'
      : 'The Quoting Enclave report does not bind this attestation key.',
    evidence: { expected: bytesToHex(expected), actual: bytesToHex(actual), qeAuthData: quote.signature.qeAuthData },
  }
}

/**
 * Needs the PCK chain's leaf key; a quote without a readable PCK certificate fails here.
 * The QE report is the same in every quote of a platform, so its check is memoised in `cache`.
 */
export async function checkQeReportSignature(quote: TdxQuote, cache?: CertificateCache | null): Promise<Check> {
  const pck = quote.pckChain[0]
  const base = { id: 'tdx.qe.signature', label: 'QE report signature' }
  if (!pck || pck.publicKey.curve !== 'P-256') {
    return { ...base, status: 'failed', detail: `No usable PCK public key to check the QE report with${quote.pckError ? ` (${quote.pckError})` : ''}.` }
  }
  const verify = () => verifyEcdsa({ curve: 'P-256', hash: 'SHA-256', publicKey: pck.publicKey.bytes, message: quote.bytes.qeReport, signature: quote.bytes.qeReportSignature })
  const ok = await (cache ? cache.memo(`qe:${fingerprintOf(quote.bytes.qeReport)}:${quote.signature.qeReportSignature}:${pck.fingerprint}`, verify) : verify())
  return {
    ...base,
    status: ok ? 'passed' : 'failed',
    detail: ok ? 'The PCK certificate key signed the Quoting Enclave report.' : 'The QE report signature does not verify with the PCK certificate key.',
    evidence: { signature: quote.signature.qeReportSignature, pckFingerprint: pck.fingerprint, qeMrSigner: quote.signature.qeReport.mrSigner },
  }
}

/** The outcome of checking a quote's PCK certificate chain. */
export interface PckChainCheck {
  /** The `tdx.pck_chain` check. */
  check: Check
  /** The chain as verified; `undefined` when the quote carried no parsable chain. */
  chain?: ChainResult
}

/** Verifies the quote's PCK certificate chain up to a trusted root at `at`, and returns the check with the chain it built. */
export async function checkPckChain(quote: TdxQuote, options: { trustedRoots: readonly TrustedRoot[]; at: Date; cache?: CertificateCache | null }): Promise<PckChainCheck> {
  const base = { id: 'tdx.pck.chain', label: 'PCK certificate chain' }
  if (quote.pckError) return { check: { ...base, status: 'failed', detail: `The PCK certificate chain is unreadable: ${quote.pckError}.` } }
  const chain = await verifyCertificateChain(quote.pckChain, { trustedRoots: options.trustedRoots, at: options.at, cache: options.cache, leafKeyUsage: ['digitalSignature'] })
  const evidence: Record<string, string> = {}
  chain.chain.forEach((c, i) => {
    evidence[`cert${i}`] = `${c.subject.commonName ?? c.subject.text} (SHA-256 ${c.fingerprint})`
  })
  if (!chain.ok) return { check: { ...base, status: 'failed', detail: `The PCK certificate does not chain to a trusted root: ${chain.error}.`, evidence }, chain }
  evidence.root = chain.root.fingerprint
  return {
    check: {
      ...base,
      status: 'passed',
      detail: `PCK certificate -> ${chain.chain
        .slice(1)
        .map((c) => c.subject.commonName ?? c.subject.text)
        .join(' -> ')}: names, signatures, CA constraints and validity at ${options.at.toISOString()} check out.`,
      evidence,
    },
    chain,
  }
}

/**
 * True when the quote's TD report is Intel-measured: its own signature, the QE report binding its attestation key, the
 * QE report's signature and the PCK chain (the four checks above) all passed. The quote's signature alone is any
 * key's: only then do its measurements (RTMR0's VM, the code identity) say anything.
 */
export function quoteIsIntelMeasured(checks: readonly Pick<Check, 'id' | 'status'>[]): boolean {
  return ['tdx.quote.signature', 'tdx.qe.reportdata', 'tdx.qe.signature', 'tdx.pck.chain'].every((id) => checks.some((c) => c.id === id && c.status === 'passed'))
}
