/**
 * Fixed values of Intel's TDX / DCAP attestation that the verifier pins.
 *
 * @example
 * ```ts
 * await verifyTdxQuote(quote, { trustedRoots: [INTEL_SGX_ROOT_CA_FINGERPRINT, simulatorRootPem] })
 * ```
 */

/** SHA-256 of the DER of Intel's SGX Root CA (the root of every PCK, TCB-signing and CRL chain). */
export const INTEL_SGX_ROOT_CA_FINGERPRINT = '44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3'

/** Header `tee_type` values. */
export const TEE_TYPE = {
  /** An SGX enclave quote: rejected. */
  SGX: 0x00000000,
  /** A TDX quote. */
  TDX: 0x00000081,
} as const

/** Header `att_key_type` 2: ECDSA-256-with-P-256, the only type Intel's QE produces for TDX. */
export const ATT_KEY_TYPE_ECDSA_P256 = 2

/** Certification data types (Intel DCAP quote format, appendix A.4). */
export const CERT_DATA_TYPE = { PCK_CERT_CHAIN: 5, QE_REPORT: 6 } as const

/** v5 body descriptor types. 1 is an SGX enclave report, which a TDX verifier rejects. */
export const BODY_TYPE = {
  /** An SGX enclave report: rejected. */
  SGX: 1,
  /** A TDX 1.0 TD report (584 bytes). */
  TDX_1_0: 2,
  /** A TDX 1.5 TD report (648 bytes). */
  TDX_1_5: 3,
} as const

export const HEADER_SIZE = 48
export const TD_REPORT_10_SIZE = 584
export const TD_REPORT_15_SIZE = 648
export const SGX_REPORT_SIZE = 384

/** Intel SGX extension of the PCK certificate and its children. */
export const SGX_OID = {
  extensions: '1.2.840.113741.1.13.1',
  ppid: '1.2.840.113741.1.13.1.1',
  tcb: '1.2.840.113741.1.13.1.2',
  pceSvn: '1.2.840.113741.1.13.1.2.17',
  cpuSvn: '1.2.840.113741.1.13.1.2.18',
  pceId: '1.2.840.113741.1.13.1.3',
  fmspc: '1.2.840.113741.1.13.1.4',
  sgxType: '1.2.840.113741.1.13.1.5',
  platformInstanceId: '1.2.840.113741.1.13.1.6',
  configuration: '1.2.840.113741.1.13.1.7',
} as const

/**
 * TDATTRIBUTES bits (TDX module ABI, TD_PARAMS.ATTRIBUTES). Bit 0 DEBUG is the one
 * that matters most: a debug TD's memory and CPU state are readable by the host.
 */
export const TD_ATTRIBUTE_BITS = {
  DEBUG: 0n,
  /** Bits 1..3: reserved for TUD (TD under debug) */
  SEPT_VE_DISABLE: 28n,
  MIGRATABLE: 29n,
  PKS: 30n,
  KL: 31n,
  PERFMON: 63n,
} as const
