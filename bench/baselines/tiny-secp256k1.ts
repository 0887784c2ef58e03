/**
 * tiny-secp256k1 2.x as an ECDH backend, for comparison only: sealkit does not ship it.
 * Its `pointMultiply` is libsecp256k1's `secp256k1_ec_pubkey_tweak_mul`, which runs
 * the variable-time `secp256k1_ecmult` (meant for public tweaks), so it is NOT
 * constant-time in the private key. It loads its 1.2 MB WASM with readFileSync in
 * Node and through an ESM `.wasm` import (a bundler plugin) in browsers.
 */
import type { EcdhBackend } from '../../src/core/crypto/ecdh.ts'

export async function loadTinySecp256k1Ecdh(): Promise<EcdhBackend> {
  const tiny = await import('tiny-secp256k1')
  return (privateKey, publicKey) => {
    const point = tiny.pointMultiply(publicKey, privateKey, true)
    if (!point) throw new Error('tiny-secp256k1: point at infinity')
    return point.subarray(1)
  }
}
