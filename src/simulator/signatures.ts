import type { SignatureResponse } from '../core/api/types.ts'
import { ed25519 } from '@noble/curves/ed25519.js'
import { signPersonalMessage } from '../core/crypto/eth.ts'
import { bytesToHex, utf8Encode } from '../core/crypto/hex.ts'
import type { FaultName } from './faults.ts'
import { randomKey, type ModelKey } from './model-keys.ts'

/**
 * Response signatures: for each completed chat request the enclave remembers
 * `"<model>:<sha256 of request body>:<sha256 of response bytes>"` and the key that
 * was current, and `/tee/signature` answers with an EIP-191 personal_sign over it.
 */
export interface SignatureRecord {
  /** The completion id. */
  requestId: string
  /** The model id. */
  model: string
  /** sha256 hex of the exact request body bytes. */
  requestHash: string
  /** sha256 hex of every response byte sent. */
  responseHash: string
  /** The model key at the time of the request. */
  key: ModelKey
  /** Faults the chat request carried (a `bad-signature` there sticks to its signature). */
  faults: ReadonlySet<FaultName>
}

export interface SignatureStore {
  add(record: SignatureRecord): void
  get(requestId: string): SignatureRecord | undefined
}

/** An in-memory store that forgets the oldest records beyond `limit`. */
export function createSignatureStore(limit = 1000): SignatureStore {
  const records = new Map<string, SignatureRecord>()
  return {
    add(record) {
      records.set(record.requestId, record)
      if (records.size > limit) records.delete(records.keys().next().value!)
    },
    get: (requestId) => records.get(requestId),
  }
}

/** The signed text, in the current three-part form. */
export const signatureText = (r: SignatureRecord): string => `${r.model}:${r.requestHash}:${r.responseHash}`

/** The `/tee/signature` answer; `bad-signature` signs with an impostor key but still names the attested address. */
export function signatureResponse(record: SignatureRecord, faults: ReadonlySet<FaultName>): SignatureResponse {
  const text = signatureText(record)
  const signer = faults.has('bad-signature') || record.faults.has('bad-signature') ? randomKey(record.model) : record.key
  return {
    text,
    signature: signPersonalMessage(text, signer.privateKey),
    signing_address: record.key.address,
    signing_algo: 'ecdsa',
  }
}

/**
 * NEAR AI's `/v1/signature/{chat_id}?signing_algo=` answer: the proxy signs every chat with
 * both keys; ecdsa as EIP-191 (address `0x…`), ed25519 as a plain Ed25519 signature over the text.
 */
export function nearSignatureResponse(record: SignatureRecord, faults: ReadonlySet<FaultName>, signingAlgo: 'ecdsa' | 'ed25519'): SignatureResponse {
  if (signingAlgo === 'ecdsa') return signatureResponse(record, faults)
  const text = signatureText(record)
  const signer = faults.has('bad-signature') || record.faults.has('bad-signature') ? randomKey(record.model) : record.key
  return {
    text,
    signature: bytesToHex(ed25519.sign(utf8Encode(text), signer.ed25519Seed)),
    signing_address: record.key.ed25519PublicKeyHex,
    signing_algo: 'ed25519',
  }
}
