/**
 * Node's own crypto for the whole decrypt path: OpenSSL ECDH (one ECDH object per
 * session key, the best case), HKDF and AES-256-GCM. The "Node native" baseline.
 */
import { createDecipheriv, createECDH, hkdfSync, type ECDH } from 'node:crypto'

const INFO = new TextEncoder().encode('ecdsa_encryption')
const NO_SALT = new Uint8Array(0)

export function nodeNativeDecryptor(privateKey: Uint8Array): (wireHex: string) => string {
  const ecdh: ECDH = createECDH('secp256k1')
  ecdh.setPrivateKey(privateKey)
  return (wireHex) => {
    const raw = Buffer.from(wireHex, 'hex')
    const x = ecdh.computeSecret(raw.subarray(0, 65))
    const key = Buffer.from(hkdfSync('sha256', x, NO_SALT, INFO, 32))
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(65, 77))
    decipher.setAuthTag(raw.subarray(raw.length - 16))
    const out = Buffer.concat([decipher.update(raw.subarray(77, raw.length - 16)), decipher.final()])
    return new TextDecoder('utf-8', { fatal: true }).decode(out)
  }
}
