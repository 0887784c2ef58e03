import { encrypt, isEncryptedHex } from './e2ee.ts'
import { createLocalKeyHolder } from './local-key-holder.ts'
import { ECDSA_SCHEME, type SchemeCodec } from './scheme.ts'

/** The secp256k1 scheme on this thread (`loadSchemeCodec({ algo: 'ecdsa' })`): a chunk of its own. */
export const ecdsaCodec: SchemeCodec = Object.freeze({
  scheme: ECDSA_SCHEME,
  encrypt: (plaintext: string, recipient: string) => encrypt(plaintext, recipient),
  isCiphertext: isEncryptedHex,
  createKeyHolder: () => createLocalKeyHolder(),
})
