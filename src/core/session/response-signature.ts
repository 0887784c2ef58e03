import { addressesEqual, recoverPersonalSignAddress } from '../crypto/eth.ts'
import { loadSchemeCodec } from '../crypto/scheme.ts'
import { exchangeHashes } from './exchange-hashes.ts'
import { SignatureError } from '../errors.ts'

/** What a verified response signature proves, kept on the assistant message. */
export interface VerifiedResponseSignature {
  /** Always `'verified'`. */
  status: 'verified'
  /** The address that signed: equal to the attested signing address. */
  signingAddress: string
  /** The signed text `<model>:<sha256 request>:<sha256 response>`. */
  text: string
  /** The signature, `0x` + hex. */
  signature: string
  /** sha256 of our exact request body, hex. */
  requestHash: string
  /** sha256 of the exact response bytes, hex. */
  responseHash: string
}

/** What {@link verifyResponseSignature} checks. */
export interface VerifyResponseSignatureParams {
  /** The signed text, `<model>:<sha256 request>:<sha256 response>`. */
  text: string
  /** The signature, `0x` + hex. */
  signature: string
  /** The attested signing address the signature must recover to. */
  expectedAddress: string
  /** The exact request body we sent. */
  requestBody: string | Uint8Array
  /** Every byte of the response body we received. */
  responseBytes: Uint8Array
  /** Checks an Ed25519 signature (hex) over `text` by a 64-hex key: needed when the attested key is ed25519 (NEAR AI). */
  verifyEd25519?: Ed25519Verify
}

/** An Ed25519 signature check: `SchemeCodec.verifySignature` of the ed25519 codec. */
export type Ed25519Verify = (signatureHex: string, text: string, publicKeyHex: string) => boolean

/**
 * Checks a `/tee/signature` answer against what we actually sent and received:
 * the hashes in `text` must be sha256 of our exact request body and response
 * bytes, and the EIP-191 signature must recover to the attested address.
 *
 * @example
 * verifyResponseSignature({ ...sig, expectedAddress: attested.signingAddress, requestBody, responseBytes })
 */
export function verifyResponseSignature(params: VerifyResponseSignatureParams): VerifiedResponseSignature {
  return verifyResponseSignatureHashes({
    text: params.text,
    signature: params.signature,
    expectedAddress: params.expectedAddress,
    ...exchangeHashes(params),
    ...(params.verifyEd25519 ? { verifyEd25519: params.verifyEd25519 } : {}),
  })
}

export { exchangeHashes } from './exchange-hashes.ts'

/** What `verifyResponseSignatureHashes` checks: a `/tee/signature` answer against recorded hashes. */
export interface VerifyResponseSignatureHashesParams {
  /** The signed text, `<model>:<sha256 request>:<sha256 response>`. */
  text: string
  /** The signature over it: EIP-191 (`0x` r || s || v) for a secp256k1 key, Ed25519 hex for an ed25519 one. */
  signature: string
  /** The attested signing address the signature must recover to. */
  expectedAddress: string
  /** sha256 hex of the exact request body, as recorded when the response was first verified. */
  requestHash: string
  /** sha256 hex of every response byte, as recorded when the response was first verified. */
  responseHash: string
  /** Checks an Ed25519 signature: needed when the attested key is ed25519 (NEAR AI). */
  verifyEd25519?: Ed25519Verify
}

/** True when an attested "address" is a 32-byte Ed25519 public key (NEAR AI's `ed25519`), not a `0x` secp256k1 address. */
export function isEd25519SigningKey(address: string): boolean {
  return /^(0x)?[0-9a-f]{64}$/i.test(address)
}

/**
 * The Ed25519 check a signature by `expectedAddress` needs, loaded on demand (the ed25519 codec
 * is its own chunk); `undefined` for a secp256k1 address, which needs none.
 *
 * @example
 * verifyResponseSignatureHashes({ ...sig, expectedAddress, ...hashes, ...(await signatureVerifiersFor(expectedAddress)) })
 */
export async function signatureVerifiersFor(expectedAddress: string): Promise<{ verifyEd25519?: Ed25519Verify }> {
  if (!isEd25519SigningKey(expectedAddress)) return {}
  const codec = await loadSchemeCodec({ algo: 'ed25519', version: 2 })
  return codec.verifySignature ? { verifyEd25519: codec.verifySignature } : {}
}

/**
 * Re-checks a signature against hashes recorded earlier by `verifyResponseSignature`
 * (which hashed the real bytes), for callers that no longer hold the bytes, e.g.
 * re-verifying a chat message later: the signed text must carry those hashes and
 * the EIP-191 signature must recover to the attested address.
 *
 * @example
 * verifyResponseSignatureHashes({ ...sig, expectedAddress, requestHash: m.requestHash, responseHash: m.responseHash })
 */
export function verifyResponseSignatureHashes(params: VerifyResponseSignatureHashesParams): VerifiedResponseSignature {
  const parts = params.text.split(':')
  if (parts.length < 2) throw new SignatureError('SIGNATURE_INVALID', { message: 'Signed text is not <model>:<request hash>:<response hash>' })
  const responseHash = parts[parts.length - 1]!.toLowerCase()
  const requestHash = parts[parts.length - 2]!.toLowerCase()
  const ourRequestHash = params.requestHash.toLowerCase()
  const ourResponseHash = params.responseHash.toLowerCase()
  if (requestHash !== ourRequestHash || responseHash !== ourResponseHash) {
    throw new SignatureError('SIGNATURE_HASH_MISMATCH', {
      details: {
        request: requestHash === ourRequestHash ? 'match' : 'mismatch',
        response: responseHash === ourResponseHash ? 'match' : 'mismatch',
      },
    })
  }
  if (isEd25519SigningKey(params.expectedAddress)) {
    // An ed25519 enclave key (NEAR AI): its "address" is the 32-byte public key, and the signature a plain Ed25519 one over the text.
    const key = params.expectedAddress.replace(/^0x/i, '').toLowerCase()
    // The Ed25519 code is the lazily loaded ed25519 codec's (`loadSchemeCodec`): without it, fail closed.
    if (!params.verifyEd25519) throw new SignatureError('SIGNATURE_INVALID', { message: 'An Ed25519 response signature needs verifyEd25519 (from the ed25519 scheme codec)' })
    let valid = false
    try {
      valid = params.verifyEd25519(params.signature, params.text, key)
    } catch {
      valid = false
    }
    if (!valid) throw new SignatureError('SIGNATURE_ADDRESS_MISMATCH', { message: 'The Ed25519 signature was not made by the attested key', details: { expected: key } })
    return { status: 'verified', signingAddress: key, text: params.text, signature: params.signature, requestHash, responseHash }
  }
  const recovered = recoverPersonalSignAddress(params.text, params.signature)
  if (!addressesEqual(recovered, params.expectedAddress)) {
    throw new SignatureError('SIGNATURE_ADDRESS_MISMATCH', { details: { recovered, expected: params.expectedAddress.toLowerCase() } })
  }
  return { status: 'verified', signingAddress: recovered, text: params.text, signature: params.signature, requestHash, responseHash }
}
