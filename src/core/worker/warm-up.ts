/**
 * The verification worker's first verification costs several times the next one: every function
 * of the X.509 / ASN.1 code, the hashes and the YAML reader is compiled and run cold on first
 * call, asn1-schema builds its schemas, WebCrypto starts. A fresh worker often waits for the
 * attestation report anyway, so it spends that wait running the same code on inputs of its own.
 *
 * It delays a report by one short step at most: it starts a task after the worker loaded, runs
 * in steps each in a task of its own, and stops before the next step as soon as `shouldStop` says
 * a verification has arrived. The verification then runs whatever is still cold itself, exactly
 * as it would without a warm-up. In Chromium a report the page posted before the worker loaded is
 * not waiting yet: it reaches the worker once the page's main thread is free after the worker's
 * code has run (Chromium 150: a page busy for 200 ms after posting got its report to the worker
 * ~230 ms later, after the first step), and the warm-up fills that gap.
 *
 * Nothing of it is trusted or kept: the certificates are the sealkit simulator's self-signed TEST
 * roots (a P-384 GPU root as src/simulator/gpu-evidence.ts makes them, a P-256 SGX root as
 * src/simulator/tdx-quote.ts does; neither NVIDIA's nor Intel's), each checked against its own
 * fingerprint with no certificate cache; the event log and compose are made up; the result only
 * says whether the code ran.
 */
import { describeDeployment } from '../attestation/deployment/deployment.ts'
import { replayRtmrs, runtimeEventDigest, type TdxEvent } from '../attestation/tdx/event-log.ts'
import { verifyCertificateChain } from '../attestation/x509/chain.ts'
import { parseCertificate, type Certificate } from '../attestation/x509/certificate.ts'
import { base64ToBytes } from '../attestation/x509/pem.ts'
import { bytesToHex } from '../crypto/hex.ts'
import { nextTask } from '../next-task.ts'

/** The simulator's TEST GPU root: P-384, ecdsa-with-SHA384, valid until 9999 (the shape of NVIDIA's device chain). */
const WARM_UP_P384_CERTIFICATE =
  'MIICazCCAfKgAwIBAgIURejqEKfwfajG83C09IgWlZWgizgwCgYIKoZIzj0EAwMwZDEaMBgGA1UECgwRc2VhbGtpdCBzaW11bGF0' +
  'b3IxRjBEBgNVBAMMPXNlYWxraXQgc2ltdWxhdG9yIFRFU1QgTlZJRElBIERldmljZSBJZGVudGl0eSBDQSAobm90IE5WSURJQSkw' +
  'IBcNMjExMTA1MDAwMDAwWhgPOTk5OTEyMzEyMzU5NTlaMGQxGjAYBgNVBAoMEXNlYWxraXQgc2ltdWxhdG9yMUYwRAYDVQQDDD1z' +
  'ZWFsa2l0IHNpbXVsYXRvciBURVNUIE5WSURJQSBEZXZpY2UgSWRlbnRpdHkgQ0EgKG5vdCBOVklESUEpMHYwEAYHKoZIzj0CAQYF' +
  'K4EEACIDYgAE4SYB3NKFV+f16Xn8DWbEX7f+usLmdeIrTPEviTKxAnj4+iaoz+B+SUKxGtLhzh+Vllw/NY1KUYsbWbr0A1/5TbUH' +
  '82nkcMDBYqDAzJmJNS6MGs+Ddp+i4jiwROSJ1ykMo2MwYTAPBgNVHRMBAf8EBTADAQH/MA4GA1UdDwEB/wQEAwIBBjAdBgNVHQ4E' +
  'FgQUAiees1mG+iVv1tVXkwXzf46LWYcwHwYDVR0jBBgwFoAUAiees1mG+iVv1tVXkwXzf46LWYcwCgYIKoZIzj0EAwMDZwAwZAIw' +
  'cJbRks5VgNhHi3qCo4Pd3bi1BOexCzlvdJ/ISbouhwRVIjG8Z8XpZzY2E2uGir7IAjB6hASKT7n25fwgIbCcYsCr8jDvIF06/uvQ' +
  'yTwqpt1blv6+FAp0NBru2rvBwb0KrBk='

/** A simulator TEST SGX root: P-256, ecdsa-with-SHA256, valid until 9999 (the shape of Intel's PCK chain). */
const WARM_UP_P256_CERTIFICATE =
  'MIICHzCCAcagAwIBAgIQZYg2sXjoVEth4E/ns4TvXjAKBggqhkjOPQQDAjBdMTIwMAYDVQQDDClzZWFsa2l0IHNpbXVsYXRlZCBT' +
  'R1ggUm9vdCBDQSAoVEVTVCBPTkxZKTEaMBgGA1UECgwRc2VhbGtpdCBzaW11bGF0b3IxCzAJBgNVBAYTAlpaMCAXDTIxMTEwNTAw' +
  'MDAwMFoYDzk5OTkxMjMxMjM1OTU5WjBdMTIwMAYDVQQDDClzZWFsa2l0IHNpbXVsYXRlZCBTR1ggUm9vdCBDQSAoVEVTVCBPTkxZ' +
  'KTEaMBgGA1UECgwRc2VhbGtpdCBzaW11bGF0b3IxCzAJBgNVBAYTAlpaMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEP0p/62r0' +
  '8dfh67EPZjQ0nDvBCvayyG0In1I6ClneBoROARvbDkWkLIKrYCVJZLZ08fz+eLl6UA7P6EdbTXHNT6NmMGQwHwYDVR0jBBgwFoAU' +
  'DFbRsgHKWbrVenhq/6Kf2OElYOQwHQYDVR0OBBYEFAxW0bIBylm61Xp4av+in9jhJWDkMA4GA1UdDwEB/wQEAwIBBjASBgNVHRMB' +
  'Af8ECDAGAQH/AgEBMAoGCCqGSM49BAMCA0cAMEQCICc4AqJ7aaPocxOPVkVINZzSqevDwrdNX3DNSeXoY5D8AiB7xvMVNsTb6oJH' +
  'DFpjLaCNrxHYmwW6RLE2eA2azag+Vg=='

/** A made-up compose with one service, for the YAML reader and the deployment rules. */
const WARM_UP_COMPOSE = JSON.stringify({ manifest_version: 2, runner: 'docker-compose', docker_compose_file: 'services:\n  warm-up:\n    image: warm-up@sha256:' + '0'.repeat(64) + '\n' })

/**
 * A made-up event log the size of a real one's runtime part: the replay hashes with SHA-384 in JavaScript,
 * which runs a few dozen times per verification and is slow until compiled.
 */
const warmUpEventLog = (): TdxEvent[] =>
  Array.from({ length: 16 }, (_, i) => {
    const payload = i.toString(16).padStart(64, '0')
    return { imr: i % 4, event_type: 0x08000001, event: 'warm-up', event_payload: payload, digest: bytesToHex(runtimeEventDigest(0x08000001, 'warm-up', payload)) }
  })

/**
 * How many times the steps run while no report has come. Measured in Chromium 150 (bench/suites/verify-worker.ts with
 * the report posted 600 ms after the worker loaded; medians of 9-11 fresh workers, over several runs): the first
 * verification took 120 ms without a warm-up, 64 after one round with a one-event log, 54 with this log, 47 after
 * three rounds (six did no better), against 17 for the next verification. The JIT compiles a function once it has
 * run enough: one pass over a certificate does not get the DER reader there.
 */
const ROUNDS = 3

/** Options of {@link warmUpVerifier}. */
export interface WarmUpOptions {
  /** Asked before every step: `true` stops the warm-up there (a verification has arrived). Default: never stop. */
  shouldStop?: () => boolean
  /** How many times to run the steps. Default 3. */
  rounds?: number
}

/**
 * Runs the verifier's code step by step, {@link WarmUpOptions.rounds} times over: certificate parsing and chain
 * checks on both curves (ECDSA through WebCrypto), the SHA-384 event-log replay, the app-compose reader. Resolves `true`
 * when every step ran and both chains verified as expected, `false` when it stopped early or
 * something did not verify; never rejects.
 * @example void warmUpVerifier({ shouldStop: () => verificationArrived }) // in the worker, once its code has loaded
 */
export async function warmUpVerifier(options: WarmUpOptions = {}): Promise<boolean> {
  const stop = options.shouldStop ?? (() => false)
  const roots: Array<() => Uint8Array | string> = [
    () => base64ToBytes(WARM_UP_P384_CERTIFICATE), // DER bytes
    () => `-----BEGIN CERTIFICATE-----\n${WARM_UP_P256_CERTIFICATE}\n-----END CERTIFICATE-----\n`, // PEM text, as Intel's PCK chains come
  ]
  let cert: Certificate | undefined
  const steps: Array<() => Promise<boolean> | boolean> = [
    ...roots.flatMap((input) => [
      () => (cert = parseCertificate(input())) !== undefined,
      async () => (await verifyCertificateChain([cert!], { trustedRoots: [cert!.fingerprint], cache: null })).ok,
    ]),
    () => replayRtmrs(warmUpEventLog())[3].length === 96,
    async () => (await describeDeployment(WARM_UP_COMPOSE)).services.length === 1,
  ]
  try {
    for (const step of Array.from({ length: options.rounds ?? ROUNDS }, () => steps).flat()) {
      await nextTask() // the worker's event loop runs (a waiting message is dispatched) before each step
      if (stop()) return false
      if (!(await step())) return false
    }
    return true
  } catch {
    return false
  }
}
