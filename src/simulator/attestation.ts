import type { AttestationResponse } from '../core/api/types.ts'
import { concatBytes, hexToBytes, bytesToHex } from '../core/crypto/hex.ts'
import { generateNonce } from '../core/crypto/random.ts'
import { createEvidence } from './evidence.ts'
import type { FaultName } from './faults.ts'
import { randomKey, type ModelKey } from './model-keys.ts'
import type { SimulatedModel } from './models.ts'

/** What the simulator writes in `tee_provider`: clearly not a real provider. */
export const SIMULATOR_TEE_PROVIDER = 'sealkit-simulator'

/** The attestation nonce rule: exactly 32 bytes as 64 hex characters. */
export const NONCE_RE = /^[0-9a-fA-F]{64}$/

/**
 * TDX REPORTDATA as Venice's enclaves bind it: signing address (20 bytes) ||
 * 12 zero bytes || nonce (32 bytes).
 * @example reportDataFor('0x6525…e934', nonceHex).length === 64
 */
export function reportDataFor(signingAddress: string, nonceHex: string): Uint8Array {
  const signer = hexToBytes(signingAddress)
  // A 20-byte address or NEAR's 32-byte ed25519 key, zero-padded to 32 bytes.
  return concatBytes(signer, new Uint8Array(32 - signer.length), hexToBytes(nonceHex))
}

export interface AttestationInput {
  model: SimulatedModel
  key: ModelKey
  /** The client's nonce, or undefined to let the server pick one (`nonce_source: "server"`). */
  nonce: string | undefined
  faults: ReadonlySet<FaultName>
  /** The enclave's deployment revision (see `Simulator.redeploy`). */
  deploymentRevision?: number
}

/** The `/tee/attestation` answer, in the real Venice field set, with any attestation faults applied. */
export function buildAttestation({ model, key, nonce: requested, faults, deploymentRevision }: AttestationInput): AttestationResponse {
  const requestNonce = (requested ?? generateNonce()).toLowerCase()
  // wrong-nonce: a consistent report for some other nonce, as a replayed report would be.
  const nonce = faults.has('wrong-nonce') ? generateNonce() : requestNonce
  // report-data-mismatch: the echoed nonce is right, but REPORTDATA binds another one.
  const boundNonce = faults.has('report-data-mismatch') ? generateNonce() : nonce
  const reportData = reportDataFor(key.address, boundNonce)
  const evidence = createEvidence({ reportData, nonce: boundNonce, ...(deploymentRevision ? { deploymentRevision } : {}) })
  // wrong-signing-key: the advertised key is an impostor's; address and REPORTDATA stay the real key's.
  const advertised = faults.has('wrong-signing-key') ? randomKey(model.id).publicKeyHex : key.publicKeyHex
  const verified = !faults.has('unverified')
  return {
    ...reportFields(model, key.address, 'ecdsa', advertised, nonce, evidence),
    signing_key: advertised,
    verified,
    model: model.id,
    nonce,
    nonce_source: requested === undefined ? 'server' : 'client',
    tee_provider: SIMULATOR_TEE_PROVIDER,
    tee_hardware: 'intel-tdx',
    upstream_model: model.upstreamModel,
    // The server's own claims, mirroring Venice's shape. Never a substitute for client-side checks.
    server_verification: {
      simulated: true,
      tdx: {
        valid: verified,
        signatureValid: verified,
        certificateChainValid: false,
        rootCaPinned: false,
        reportData: bytesToHex(reportData),
      },
      nvidia: { valid: verified, signatureVerified: verified },
      signingAddressBinding: { bound: verified, reportDataAddress: key.address },
      nonceBinding: { bound: verified, method: 'raw' },
      verifiedAt: new Date().toISOString(),
    },
    candidates_evaluated: 1,
    candidates_available: 1,
  }
}

/**
 * NEAR AI's `/v1/attestation/report` answer for one model, as a model's own endpoint gives it (the
 * `nearai-direct` dialect): `model_name`, the key of the asked algorithm (ecdsa as 128 hex without
 * `04`; ed25519 as 64 hex, which is also its "address"), no `verified` claim, and the same evidence.
 */
export function buildNearAttestation({ model, key, nonce: requested, faults, deploymentRevision, signingAlgo }: AttestationInput & { signingAlgo: 'ecdsa' | 'ed25519' }): AttestationResponse {
  const nonce = faults.has('wrong-nonce') ? generateNonce() : (requested ?? generateNonce()).toLowerCase()
  const boundNonce = faults.has('report-data-mismatch') ? generateNonce() : nonce
  const ed = signingAlgo === 'ed25519'
  const address = ed ? key.ed25519PublicKeyHex : key.address
  const evidence = createEvidence({ reportData: reportDataFor(address, boundNonce), nonce: boundNonce, ...(deploymentRevision ? { deploymentRevision } : {}) })
  const impostor = randomKey(model.id)
  const advertised = faults.has('wrong-signing-key') ? (ed ? impostor.ed25519PublicKeyHex : impostor.publicKeyHex.slice(2)) : ed ? key.ed25519PublicKeyHex : key.publicKeyHex.slice(2)
  return {
    ...reportFields(model, address, signingAlgo, advertised, nonce, evidence),
    ...(faults.has('unverified') ? { verified: false } : {}),
  }
}

/**
 * NEAR AI Cloud's answer (the `nearai` dialect): `{ gateway_attestation, model_attestations: [model] }`. The
 * gateway is a CPU-only TD (no GPU evidence) whose REPORTDATA binds its own signing address and the client's
 * nonce, as NEAR's ecdsa gateway does; it holds no key a client encrypts to.
 */
export function buildNearCloudAttestation(input: AttestationInput & { signingAlgo: 'ecdsa' | 'ed25519'; gateway: ModelKey }): Record<string, unknown> {
  const model = buildNearAttestation(input)
  const nonce = (input.nonce ?? model.request_nonce ?? generateNonce()).toLowerCase()
  const evidence = createEvidence({ reportData: reportDataFor(input.gateway.address, nonce), nonce, gpus: false, ...(input.deploymentRevision ? { deploymentRevision: input.deploymentRevision } : {}) })
  const gateway = {
    signing_address: input.gateway.address,
    signing_algo: 'ecdsa',
    request_nonce: nonce,
    intel_quote: evidence.intel_quote,
    event_log: evidence.event_log,
    info: evidence.info,
  }
  return { gateway_attestation: gateway, model_attestations: [model] }
}

/** The fields both dialects' reports share: the model, its key, the nonce and the evidence. */
function reportFields(model: SimulatedModel, address: string, signingAlgo: string, advertised: string, nonce: string, evidence: ReturnType<typeof createEvidence>) {
  return {
    model_name: model.upstreamModel,
    signing_address: address,
    signing_algo: signingAlgo,
    signing_public_key: advertised,
    request_nonce: nonce,
    intel_quote: evidence.intel_quote,
    nvidia_payload: evidence.nvidia_payload,
    event_log: evidence.event_log,
    info: evidence.info,
  }
}
