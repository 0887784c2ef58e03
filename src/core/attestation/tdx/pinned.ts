import type { Check } from '../report.ts'
import { OID } from '../x509/certificate.ts'
import { SGX_OID } from './constants.ts'
import { sgxExtensionOids } from './pck.ts'
import type { TdxQuote } from './quote.ts'

/**
 * Checks that need no collateral, against values pinned here (as Intel's quote
 * verification library does): the TD quoting enclave is Intel's (vendor ID, MRSIGNER,
 * ISVPRODID), and the PCK chain carries Intel's certificate names. They apply to
 * quotes that chain to Intel's root; a simulated quote is reported as not checked.
 *
 * @example
 * checkPinnedQe(quote, { simulated: false }).status   // 'passed' for every real TDX quote
 */
export const INTEL_TD_QE = {
  /** Intel's QE vendor ID in the quote header. */
  vendorId: '939a7233f79c4ca9940a0db3957f0607',
  /** MRSIGNER of Intel's TD quoting enclave (the key Intel signs its QE with). */
  mrSigner: 'dc9e2a7c6f948f17474e34a7fc43ed030f7c1563f1babddf6340c82e0e54a8c5',
  /** ISVPRODID of the TD QE (the SGX QE is 1). */
  isvProdId: 2,
} as const

/** Subject common names of Intel's PCK chain and of its TCB-info / QE-identity signer. */
export const INTEL_CERT_NAMES = {
  pck: 'Intel SGX PCK Certificate',
  pckCas: ['Intel SGX PCK Platform CA', 'Intel SGX PCK Processor CA'],
  root: 'Intel SGX Root CA',
  tcbSigning: 'Intel SGX TCB Signing',
} as const

export function checkPinnedQe(quote: TdxQuote, { simulated }: { simulated: boolean }): Check {
  const base = { id: 'tdx.pinned.qe', label: "The quoting enclave is Intel's" }
  const qe = quote.signature.qeReport
  const evidence = { qeVendorId: quote.header.qeVendorId, qeMrSigner: qe.mrSigner, qeIsvProdId: String(qe.isvProdId) }
  if (simulated) return { ...base, status: 'skipped', detail: "Simulated quote: Intel's pinned QE identity does not apply.", evidence }
  const problems: string[] = []
  if (quote.header.qeVendorId.toLowerCase() !== INTEL_TD_QE.vendorId) problems.push(`vendor ID ${quote.header.qeVendorId} is not Intel's`)
  if (qe.mrSigner.toLowerCase() !== INTEL_TD_QE.mrSigner) problems.push(`MRSIGNER ${qe.mrSigner} is not Intel's`)
  if (qe.isvProdId !== INTEL_TD_QE.isvProdId) problems.push(`ISVPRODID ${qe.isvProdId} is not the TD QE's (${INTEL_TD_QE.isvProdId})`)
  return problems.length
    ? { ...base, status: 'failed', detail: `The quote was not produced by Intel's TD quoting enclave: ${problems.join('; ')}.`, evidence }
    : { ...base, status: 'passed', detail: "Vendor ID, MRSIGNER and ISVPRODID are Intel's TD quoting enclave's (pinned, no collateral needed).", evidence }
}

export function checkPinnedPckNames(quote: TdxQuote, { simulated }: { simulated: boolean }): Check {
  const base = { id: 'tdx.pinned.pck', label: "PCK certificates carry Intel's names" }
  const [leaf, ca, root] = quote.pckChain
  const evidence = { pck: leaf?.subject.commonName ?? '', ca: ca?.subject.commonName ?? '', root: root?.subject.commonName ?? '' }
  if (simulated) return { ...base, status: 'skipped', detail: "Simulated quote: Intel's certificate names do not apply.", evidence }
  const problems: string[] = []
  if (leaf?.subject.commonName !== INTEL_CERT_NAMES.pck) problems.push(`the leaf is ${JSON.stringify(leaf?.subject.commonName ?? null)}`)
  if (!(INTEL_CERT_NAMES.pckCas as readonly string[]).includes(ca?.subject.commonName ?? '')) problems.push(`the CA is ${JSON.stringify(ca?.subject.commonName ?? null)}`)
  if (leaf && ca && leaf.issuer.commonName !== ca.subject.commonName) problems.push('the leaf is not issued by that CA')
  if (root && root.subject.commonName !== INTEL_CERT_NAMES.root) problems.push(`the root is ${JSON.stringify(root.subject.commonName ?? null)}`)
  return problems.length
    ? { ...base, status: 'failed', detail: `Not Intel's PCK certificate names: ${problems.join('; ')}.`, evidence }
    : { ...base, status: 'passed', detail: `${INTEL_CERT_NAMES.pck} issued by ${ca!.subject.commonName}, under ${INTEL_CERT_NAMES.root}.`, evidence }
}

/** Intel's TDX module identity as every TCB info states it: MRSIGNERSEAM and SEAM attributes all zero (under an all-ones mask). */
export const INTEL_TDX_MODULE = { mrSignerSeam: '0'.repeat(96), seamAttributes: '0'.repeat(16) } as const

/**
 * The TDX module that runs the enclave is Intel's: MRSIGNERSEAM and SEAM attributes as
 * Intel's TCB info pins them for every module identity (TDX_01, TDX_03 …); the module's
 * major version is TEE_TCB_SVN byte 1 (above 0, Intel's QVL judges the module by its
 * `TDX_<major>` identity, whose SVN levels need collateral).
 */
export function checkPinnedTdxModule(quote: TdxQuote, { simulated }: { simulated: boolean }): Check {
  const base = { id: 'tdx.pinned.module', label: "The TDX module is Intel's" }
  const major = parseInt(quote.body.teeTcbSvn.slice(2, 4), 16)
  const id = `TDX_${quote.body.teeTcbSvn.slice(2, 4).toUpperCase()}`
  const evidence = { mrSignerSeam: quote.body.mrSignerSeam, seamAttributes: quote.body.seamAttributes, module: major > 0 ? id : 'major version 0' }
  if (simulated) return { ...base, status: 'skipped', detail: "Simulated quote: Intel's pinned TDX module identity does not apply.", evidence }
  const problems: string[] = []
  if (quote.body.mrSignerSeam.toLowerCase() !== INTEL_TDX_MODULE.mrSignerSeam) problems.push('MRSIGNERSEAM is not Intel\'s (all zero)')
  if (quote.body.seamAttributes.toLowerCase() !== INTEL_TDX_MODULE.seamAttributes) problems.push('SEAM attributes are not zero')
  return problems.length
    ? { ...base, status: 'failed', detail: `The TDX module is not Intel's: ${problems.join('; ')}.`, evidence }
    : { ...base, status: 'passed', detail: `${major > 0 ? `Module ${id}` : 'The module'}: MRSIGNERSEAM and SEAM attributes are Intel's (pinned; its patch level needs collateral).`, evidence }
}

/**
 * The OIDs every Intel PCK certificate carries, as Intel's quote verification library
 * requires them. Intel's PCK certificates carry no X.509 certificatePolicies extension
 * (none of the real chains captured does): Intel's policy is in its own SGX extension,
 * whose OID set depends on the CA that issued the certificate.
 */
export const INTEL_PCK_OIDS = {
  /** X.509 extensions every certificate of the chain must carry. */
  x509: [OID.authorityKeyIdentifier, '2.5.29.31', OID.subjectKeyIdentifier, OID.keyUsage, OID.basicConstraints],
  /** SGX extension entries of a PCK certificate issued by the Processor CA, in Intel's order. */
  processor: [SGX_OID.ppid, SGX_OID.tcb, SGX_OID.pceId, SGX_OID.fmspc, SGX_OID.sgxType],
  /** …and by the Platform CA: the same, plus the platform instance and its configuration. */
  platform: [SGX_OID.ppid, SGX_OID.tcb, SGX_OID.pceId, SGX_OID.fmspc, SGX_OID.sgxType, SGX_OID.platformInstanceId, SGX_OID.configuration],
  /** TCB entries: the 16 SGX component SVNs (…2.1 to …2.16), PCESVN (…2.17), CPUSVN (…2.18). */
  tcb: Array.from({ length: 18 }, (_, i) => `${SGX_OID.tcb}.${i + 1}`),
} as const

const sameSet = (found: readonly string[], expected: readonly string[]) => found.length === expected.length && expected.every((oid) => found.includes(oid))

/**
 * `tdx.pinned.oids`: the PCK certificate carries exactly the OIDs Intel's PCK certificate
 * profile gives it (no collateral needed): the X.509 extensions Intel's QVL requires, and
 * the SGX extension's entries for the CA that issued it (5 from the Processor CA, 7 from
 * the Platform CA), each once, with an 18-entry TCB.
 *
 * @example checkPinnedPckOids(quote, { simulated: false }).evidence // { sgxExtension: '7 entries (Platform CA)', certificatePolicies: 'none', … }
 */
export function checkPinnedPckOids(quote: TdxQuote, { simulated }: { simulated: boolean }): Check {
  const base = { id: 'tdx.pinned.oids', label: "PCK certificate carries Intel's OIDs" }
  const [leaf, ca] = quote.pckChain
  const platformCa = ca?.subject.commonName === INTEL_CERT_NAMES.pckCas[0]
  const expected = platformCa ? INTEL_PCK_OIDS.platform : INTEL_PCK_OIDS.processor
  const policies = leaf?.extensions.find((e) => e.oid === '2.5.29.32')
  const evidence: Record<string, string> = { certificatePolicies: policies ? 'present' : 'none' }
  if (simulated) return { ...base, status: 'skipped', detail: "Simulated quote: Intel's PCK certificate OIDs do not apply.", evidence }
  if (!leaf) return { ...base, status: 'failed', detail: 'The quote carries no PCK certificate.', evidence }
  const problems: string[] = []
  for (const cert of quote.pckChain.slice(0, 2)) {
    const missing = INTEL_PCK_OIDS.x509.filter((oid) => !cert.extensions.some((e) => e.oid === oid))
    if (missing.length) problems.push(`${JSON.stringify(cert.subject.commonName ?? '?')} lacks the X.509 extension${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`)
  }
  try {
    const { top, tcb } = sgxExtensionOids(leaf)
    evidence.sgxExtension = `${top.length} entries (${platformCa ? 'Platform CA' : 'Processor CA'})`
    evidence.tcbEntries = String(tcb.length)
    if (!sameSet(top, expected)) problems.push(`its SGX extension has ${top.length} entries [${top.join(', ')}], not the ${expected.length} a ${platformCa ? 'Platform' : 'Processor'} CA certificate carries`)
    if (!sameSet(tcb, INTEL_PCK_OIDS.tcb)) problems.push(`its TCB has ${tcb.length} entries, not the 18 Intel defines`)
  } catch (e) {
    problems.push((e as Error).message)
  }
  return problems.length
    ? { ...base, status: 'failed', detail: `Not an Intel PCK certificate's OIDs: ${problems.join('; ')}.`, evidence }
    : {
        ...base,
        status: 'passed',
        detail: `The SGX extension carries the ${expected.length} entries a ${platformCa ? 'Platform' : 'Processor'} CA PCK certificate has, with an 18-entry TCB; the required X.509 extensions are present (pinned, no collateral needed).`,
        evidence,
      }
}
