/**
 * The verification worker in real Chromium, as the hooks and PrivateChat start it: the same report
 * as the main thread, passing and failing; and failing closed when the worker cannot load, crashes
 * or answers with something that is not a consistent report.
 */
import { describe, expect, it } from 'vitest'
import { attestModel } from '../../src/core/session/attest.ts'
import { createWorkerVerifier, startWorkerVerifier } from '../../src/core/worker/worker-verifier.ts'
import { SIMULATED_MODEL as MODEL, expectMainThreadParity, simulatedEvidence } from '../helpers/verifier-parity.ts'

const evidence = () => simulatedEvidence('verify-worker-browser')

/** A module worker from source text: a stand-in for a broken or hostile verification worker. */
const workerFrom = (source: string) => URL.createObjectURL(new Blob([source], { type: 'text/javascript' }))

describe('the verification worker in Chromium', () => {
  it('gives the main thread’s report, check for check, for passing and failing evidence', async () => {
    const { response, options } = await evidence()
    const verifier = await createWorkerVerifier()
    expect(verifier.kind).toBe('worker')
    await expectMainThreadParity(verifier, response, options)
    verifier.terminate()
  })

  it('attestModel verifies there, and says so (report.verifiedIn)', async () => {
    const { client, sim } = await evidence()
    const attested = await attestModel(client, { model: MODEL, policy: 'standard', trustedRoots: sim.trustedRoots() })
    expect(attested.report.verifiedIn).toMatchObject({ kind: 'worker' })
    // A failing verification fails through the worker too: an AttestationError carrying the report.
    const strict = attestModel(client, { model: MODEL, policy: 'standard' })
    await expect(strict).rejects.toMatchObject({ name: 'AttestationError', report: { verdict: 'failed', verifiedIn: { kind: 'worker' } } })
  })

  it('takes evidence posted before its code has loaded: the browser holds the message until the module has run', async () => {
    const { response, options } = await evidence()
    const starting = startWorkerVerifier()
    const report = await starting.verifier.verify(response, options) // posted before the worker could have loaded
    expect(report.verdict).toBe('passed')
    expect(await starting.ready).toBe(starting.verifier)
    starting.verifier.terminate()
    // A script that does not load: the evidence posted to it fails closed, and says the worker never loaded.
    const missing = startWorkerVerifier(new URL('/no-such-verify-worker.js', location.href))
    await expect(missing.verifier.verify(response, options)).rejects.toMatchObject({ code: 'ATTESTATION_VERIFIER_FAILED' })
    expect(missing.failedToLoad()).toBe(true)
  })

  it('fails closed: a script that does not load, a crash, a lying worker', async () => {
    const { response, options } = await evidence()
    await expect(createWorkerVerifier(new URL('/no-such-verify-worker.js', location.href))).rejects.toMatchObject({ code: 'ATTESTATION_VERIFIER_FAILED' })

    const crashing = await createWorkerVerifier(workerFrom(`postMessage({ type: 'ready' }); onmessage = () => { throw new Error('boom') }`))
    await expect(crashing.verify(response, options)).rejects.toMatchObject({ code: 'ATTESTATION_VERIFIER_FAILED' })

    const lying = await createWorkerVerifier(
      workerFrom(`postMessage({ type: 'ready' }); onmessage = (e) => postMessage({ type: 'report', id: e.data.id, ok: true, report: { verdict: 'passed', policy: 'standard', checks: [], nonce: e.data.options.nonce } })`),
    )
    await expect(lying.verify(response, options)).rejects.toMatchObject({ code: 'ATTESTATION_VERIFIER_FAILED' })
  })
})
