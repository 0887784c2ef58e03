/**
 * Generic X.509 helpers for attestation chains (Intel SGX/TDX P-256, NVIDIA P-384):
 * PEM/DER parsing, ECDSA signature checks, chain building to a pinned root with a
 * fingerprint-keyed signature cache, and CRLs. DER is decoded once by asn1js and each
 * field read from that tree (`asn1.ts`); signatures are checked with WebCrypto
 * (native) where it exists and with noble otherwise, so checks are async.
 * Framework-free, browser-safe (no Buffer; WebCrypto optional).
 *
 * @example
 * ```ts
 * import { verifyCertificateChain, parseCertificates, verifyEcdsa } from './x509/index.ts'
 * const r = await verifyCertificateChain(pem, { trustedRoots: [rootFingerprintHex], at })
 * if (r.ok) await verifyEcdsa({ curve: 'P-384', hash: 'SHA-384', publicKey: r.leaf.publicKey.bytes, message, signature })
 * ```
 */
export * from './certificate.ts'
export * from './chain.ts'
export * from './crl.ts'
export * from './pem.ts'
export * from './signature.ts'
export { DerError, readDer, readOid, type DerNode } from './asn1.ts'
