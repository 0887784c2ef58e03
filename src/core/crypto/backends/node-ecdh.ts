import { createECDH } from 'node:crypto'
import { CryptoError } from '../../errors.ts'
import type { EcdhBackend } from '../ecdh.ts'

/**
 * secp256k1 ECDH through Node's OpenSSL (`crypto.createECDH('secp256k1')`).
 * Node-only: core never imports this module; import it yourself in Node code.
 *
 * Side channels: OpenSSL 3 computes `secret scalar * peer point` for a single
 * variable point with `ossl_ec_scalar_mul_ladder` (a Montgomery ladder with
 * constant-time swaps and projective-coordinate blinding) whatever flags the
 * scalar carries; secp256k1 takes OpenSSL's generic prime-field (Montgomery
 * BIGNUM) code, hardened but not formally verified. It measured slower than the
 * WASM backend in Node (about 0.6-0.8 ms against 0.05 ms per ECDH), so
 * `installFastEcdh` only uses it as a fallback you pass in, e.g. for
 * `node --jitless`, where WebAssembly is unavailable.
 *
 * A fresh OpenSSL key object per call: no private key is cached between calls.
 * @example
 * setEcdhBackend(nodeEcdh)
 * // or only where WebAssembly is unavailable:
 * await installFastEcdh({ fallback: { name: 'node', ecdh: nodeEcdh } })
 */
export const nodeEcdh: EcdhBackend = (privateKey, publicKey) => {
  if (privateKey.length !== 32) throw new CryptoError('INVALID_PRIVATE_KEY')
  const n = publicKey.length
  if (!((n === 65 && publicKey[0] === 4) || (n === 33 && (publicKey[0] === 2 || publicKey[0] === 3)))) {
    throw new CryptoError('INVALID_PUBLIC_KEY', { details: { length: n } })
  }
  const ecdh = createECDH('secp256k1')
  try {
    ecdh.setPrivateKey(privateKey) // rejects 0 and >= n
  } catch (cause) {
    throw new CryptoError('INVALID_PRIVATE_KEY', { cause })
  }
  let secret: Buffer
  try {
    secret = ecdh.computeSecret(publicKey) // x-coordinate, 32 bytes; rejects points off the curve
  } catch (cause) {
    throw new CryptoError('INVALID_PUBLIC_KEY', { message: 'Public key is not a point on secp256k1', cause })
  }
  const out = new Uint8Array(secret)
  secret.fill(0)
  return out
}
