export * from './report.ts'
export * from './policy.ts'
export { checkServerClaims, type ServerClaims } from './server-claims.ts'
export { verifyAttestation, verifyQuoteOnly, type VerifyAttestationOptions } from './verify.ts'
export * from './tdx/index.ts'
export * from './nvidia/index.ts'
export {
  CertificateCache,
  defaultCertificateCache,
  verifyCertificateChain,
  type Certificate,
  type ChainOptions,
  type ChainResult,
  type Crl,
  type CurveName,
  type DistinguishedName,
  type EcPublicKey,
  type Extension,
  type HashName,
  type TrustedRoot,
} from './x509/index.ts'
export * from './assurances.ts'
export * from './deployment/index.ts'
export * from './identity/index.ts'
