import { throwIfAborted } from '../api/abort.ts'
import { fetchAttestation } from '../api/attestation.ts'
import { earlyAttestationAnswer, takeEarlyAttestation } from '../api/early-attestation.ts'
import { providerOf, signingAlgoOf, type SealkitClient } from '../api/client.ts'
import type { Provider } from '../providers/provider.ts'
import type { SigningAlgo } from '../crypto/scheme.ts'
import { assertVerified } from '../attestation/policy.ts'
import { AttestationError } from '../errors.ts'
import type { VerificationReport } from '../attestation/report.ts'
import type { VerifyAttestationOptions } from '../attestation/verify.ts'
import { loadVerifier, startVerifier, type AttestationVerifier, type VerifierChoice } from './verifier.ts'
import { markTiming } from '../timing.ts'

/** A model whose attestation passed the policy: the key E2EE may encrypt to and the address signatures must come from. */
export interface AttestedModel {
  /** The model id that was attested. */
  model: string
  /** The enclave's public key: uncompressed secp256k1 (130 hex) for `ecdsa`, Ed25519 (64 hex) for `ed25519`. */
  signingKey: string
  /** The key exactly as the attestation spelled it (what NEAR's `X-Model-Pub-Key` must equal). */
  attestedKey?: string
  /** The key's algorithm; absent means `ecdsa`. */
  signingAlgo?: SigningAlgo
  /** `0x` lowercase address bound to the key. */
  signingAddress: string
  /** The nonce this attestation answered. */
  nonce: string
  /** The full verification report. */
  report: VerificationReport
  /** Attestations the provider puts in front of the model (NEAR's gateway), each verified under the same policy. */
  related?: Array<{
    /** What it attests, e.g. `'gateway'`. */
    label: string
    /** Its verification report. */
    report: VerificationReport
  }>
}

/**
 * What {@link attestModel} attests: the model, and the options of {@link verifyAttestation} except the nonce (a fresh
 * one is made).
 */
export interface AttestModelParams extends Omit<VerifyAttestationOptions, 'nonce'>, VerifierChoice {
  model: string
  /** Cancels the request. */
  signal?: AbortSignal
  /**
   * Receives the attestation exactly as the server sent it, and the nonce sent with it, before it is verified
   * (whatever the verdict): to keep the evidence for an audit, or to check it again offline with
   * `sealkit verify FILE --nonce NONCE` (what `sealkit attest --save FILE` does).
   */
  onEvidence?: (evidence: AttestationEvidence) => void
}

/** An attestation as fetched, not yet verified: what {@link AttestModelParams.onEvidence} receives. */
export interface AttestationEvidence {
  /** The model asked for. */
  model: string
  /** The nonce sent (64 lowercase hex characters): verify the evidence against it, never against one it carries. */
  nonce: string
  /** The response body exactly as received. */
  raw: string
}

/** How the query layer lets an attestation use the request the page's HTML started (`attestModelWith`). */
export interface EarlyAttestationUse {
  /** How old it may be (the query's staleTime, when shorter than `EARLY_ATTESTATION_MAX_AGE`); negative: never (a refetch). */
  maxAge?: number
  /** Called, synchronously, with the time (`Date.now()`) its nonce was made when it was taken: the report's age counts from then. */
  taken?: (at: number) => void
}

/**
 * Fetches a fresh attestation (new 32-byte nonce) and verifies it under the policy.
 * Throws an AttestationError carrying the report when the verdict fails: a model
 * key is never returned from evidence that did not verify.
 *
 * @example
 * const attested = await attestModel(client, { model: 'e2ee-qwen3-5-122b-a10b' })
 * attested.report.checks // every check, passed / failed / skipped
 */
export function attestModel(client: SealkitClient, params: AttestModelParams): Promise<AttestedModel> {
  return attestModelWith(client, params, {})
}

/**
 * {@link attestModel}, with the query layer's bounds on the page's own request (its `staleTime`, a
 * refetch) and word of when it was taken. Not part of the package's API.
 */
export async function attestModelWith(client: SealkitClient, params: AttestModelParams, early: EarlyAttestationUse): Promise<AttestedModel> {
  const { model, signal, verifyWorker, onEvidence, ...verifyOptions } = params
  // The verifier (its worker, or its chunk) loads while the evidence is fetched: time-to-verified does not grow.
  // A worker still loading (`starting`) takes the evidence now: it starts verifying as soon as its
  // code has run, not once this thread (maybe busy rendering) has heard that it loaded.
  const { loaded: verifying, starting } = startVerifier({ ...verifyOptions, verifyWorker })
  verifying.catch(() => {}) // awaited below; not unhandled when the fetch fails first
  // The request the page's HTML started, when it matches: its body is usually in already, and then
  // the evidence reaches the worker in this very task (no await before `verify` posts it).
  const taken = signal?.aborted ? undefined : takeEarlyAttestation(client, model, early.maxAge)
  if (taken) early.taken?.(taken.at)
  const answer = taken ? earlyAttestationAnswer(taken, signal) : fetchFresh()
  const { nonce, response, raw } = answer instanceof Promise ? await answer : answer
  throwIfAborted(signal)
  onEvidence?.({ model, nonce, raw })
  async function fetchFresh() {
    markTiming('attestation-fetch')
    const fetched = await fetchAttestation(client, { model, ...(signal ? { signal } : {}) })
    markTiming('attestation-fetched')
    return fetched
  }
  const verify = async (verifier: AttestationVerifier) => verifyProviderAttestation(providerOf(client), response, { ...verifyOptions, nonce, model }, verifier)
  let verified: Awaited<ReturnType<typeof verify>>
  if (starting && !starting.failedToLoad()) {
    try {
      verified = await verify(starting.verifier)
    } catch (error) {
      // The worker could not load its code: verify where loadVerifier falls back to (this thread, reported).
      if (!starting.failedToLoad()) throw error
      verified = await verify(await verifying)
    }
  } else {
    verified = await verify(await verifying)
  }
  const { targets, report, related } = verified
  markTiming('attestation-verified')
  assertVerified(report)
  related.forEach((r) => assertVerified(r.report))
  const algo = targets.model.response.signing_algo
  const signingAlgo: SigningAlgo = algo === 'ed25519' ? 'ed25519' : 'ecdsa'
  if (signingAlgo !== signingAlgoOf(client)) {
    throw new AttestationError('ATTESTATION_MALFORMED', { message: `Asked for an ${signingAlgoOf(client)} key, the report attests ${String(algo)}`, report })
  }
  const attestedKey = targets.model.response.signing_key ?? targets.model.response.signing_public_key ?? ''
  const signingKey = signingAlgo === 'ecdsa' && attestedKey.length === 128 ? '04' + attestedKey : attestedKey
  return {
    model,
    signingKey: signingKey.toLowerCase(),
    attestedKey,
    signingAlgo,
    signingAddress: report.signingAddress ?? '',
    nonce,
    report,
    ...(related.length ? { related } : {}),
  }
}


/**
 * Verifies a provider's attestation answer, whatever its shape: the model's attestation
 * (whose key E2EE uses) and every one the provider puts in front of it (NEAR's gateway:
 * a CPU TEE holding no key we encrypt to: `role: 'gateway'`), each under the same policy and nonce.
 * Returns the reports unasserted; `attestModel` throws unless all of them passed. `verifier`:
 * where to verify (default `loadVerifier(options)`: a Web Worker where there is one); each report
 * says where it was verified (`verifiedIn`).
 *
 * @example
 * const { report, related } = await verifyProviderAttestation(nearai, json, { model, nonce, at, collateral })
 */
export async function verifyProviderAttestation(
  provider: Provider,
  response: Record<string, unknown>,
  options: VerifyAttestationOptions & { model: string },
  verifier?: AttestationVerifier,
) {
  const targets = provider.attestationTargets(response, options.model)
  const serverClaim = provider.claimsVerified ? {} : { serverClaim: 'none' as const }
  const { model, ...rest } = options
  const v = verifier ?? (await loadVerifier(options))
  const verifiedIn = { kind: v.kind, reason: v.reason }
  const [report, ...others] = await Promise.all([
    v.verify(targets.model.response, { ...serverClaim, ...rest, model }),
    ...targets.others.map((t) => v.verify(t.response, { ...serverClaim, ...rest, role: 'gateway' })),
  ])
  return { targets, report: { ...report!, verifiedIn }, related: others.map((r, i) => ({ label: targets.others[i]!.label, report: { ...r, verifiedIn } })) }
}

