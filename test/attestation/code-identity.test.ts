// @module-tag real-corpus (reads ../shared/fixtures/real when imported)
import { describe, expect, it } from 'vitest'
import { describeDeployment } from '../../src/core/attestation/deployment/deployment.ts'
import { appComposeOf } from '../../src/core/attestation/deployment/app-compose.ts'
import { memoryMeasurementStore } from '../../src/core/attestation/identity/store.ts'
import type { AttestationResponse } from '../../src/core/api/types.ts'
import { acceptedWithWarning, type VerificationReport } from '../../src/core/attestation/report.ts'
import { verifyAttestation } from '../../src/core/attestation/verify.ts'
import { readRealJson } from '../fixtures.ts'

const JUNE = 'attestation-reports/venice__e2ee-qwen3-5-122b-a10b__2026-06-10'
const APRIL = 'attestation-reports/venice__e2ee-qwen3-5-122b-a10b__2026-04-24'
const june = readRealJson(JUNE, 'attestation.json') as AttestationResponse
const april = readRealJson(APRIL, 'attestation.json') as AttestationResponse
const JUNE_NONCE = 'd2f37ab51f93f80365506fcc09119b28bd9c521be89ba25e3aa439912bbba732'
const APRIL_NONCE = 'ac82eb750ec4cfbb273f90d33567776bfae8657e2a43f6dff2f3adad9b86095a'
const JUNE_AT = new Date('2026-06-10T01:47:07Z')
const APRIL_AT = new Date('2026-04-24T01:58:41Z')
const MODEL = 'e2ee-qwen3-5-122b-a10b'

const check = (r: VerificationReport, id: string) => r.checks.find((c) => c.id === id)
const assurance = (r: VerificationReport, id: string) => r.assurances?.find((a) => a.id === id)

/** A copy of a report whose app_compose text is edited; the quote's MRCONFIGID then no longer binds it. */
function withCompose(response: AttestationResponse, edit: (compose: string) => string): AttestationResponse {
  const copy = structuredClone(response) as AttestationResponse & { info: { tcb_info: { app_compose: string } } }
  copy.info.tcb_info.app_compose = edit(copy.info.tcb_info.app_compose)
  return copy
}

describe('deployment: what runs in the real Venice enclave', () => {
  it('reads every service of the 2026-06 compose, digest-pinned, and the manifest flags', async () => {
    const d = await describeDeployment(appComposeOf(june.info as Record<string, unknown>)!)
    expect(d.error).toBeUndefined()
    expect(d.composeHash).toBe('4676ec04ecaff0303142bd3b76205ffc7bc218adaa91b92c10863d4fa6463a3f')
    expect(d.name).toBe('dstack-nvidia-0.5.5')
    expect(d.services.map((s) => s.name)).toEqual(['datadog-agent', 'certbot', 'certbot-init', 'compose-manager', 'compose-manager-launcher'])
    const datadog = d.services.find((s) => s.name === 'datadog-agent')!
    expect(datadog).toMatchObject({ repository: 'datadog/agent', digest: 'sha256:5556fb80b952832719a76b016f905616c76ee0989a239c4680c6220148e865d6', pinned: true })
    // ${COMPOSE_MANAGER_IMAGE:-…@sha256:…}: the variable is not an allowed env, so the default digest is what runs.
    expect(d.services.find((s) => s.name === 'compose-manager')).toMatchObject({ repository: 'nearaidev/compose-manager', pinned: true })
    expect(d.flags).toMatchObject({ kmsEnabled: true, publicLogs: false, localKeyProviderEnabled: false })
    expect(d.allowedEnvs).toContain('DD_API_KEY')
    expect(d.preLaunchScript).toContain('ENCRYPTION_KEY')
  })

  it('reports the Datadog agent that ships every container\'s logs out, and the Docker control', async () => {
    const d = await describeDeployment(appComposeOf(june.info as Record<string, unknown>)!)
    const telemetry = d.findings.filter((f) => f.kind === 'telemetry')
    expect(telemetry).toHaveLength(1)
    expect(telemetry[0]).toMatchObject({ service: 'datadog-agent', severity: 'warning' })
    expect(telemetry[0]!.message).toContain('DD_LOGS_CONFIG_CONTAINER_COLLECT_ALL=true')
    expect(telemetry[0]!.message).toContain('us3.datadoghq.com')
    expect(d.findings.some((f) => f.kind === 'pre-launch-script')).toBe(true)
    // compose-manager mounts the Docker socket read-write: it can run containers the compose does not list.
    expect(d.findings.filter((f) => f.kind === 'container-control').map((f) => f.service)).toEqual(['compose-manager', 'compose-manager-launcher'])
    // Everything is pinned: no unpinned-image finding on the real compose.
    expect(d.findings.some((f) => f.kind === 'unpinned-image' || f.kind === 'replaceable-image')).toBe(false)
  })

  it('an image by tag, or replaceable through an allowed env, is reported', async () => {
    const compose = JSON.stringify({
      manifest_version: 2,
      runner: 'docker-compose',
      allowed_envs: ['IMAGE'],
      docker_compose_file: 'services:\n  a:\n    image: vllm/vllm-openai:latest\n  b:\n    image: ${IMAGE:-x/y@sha256:' + 'a'.repeat(64) + '}\n  c:\n    build: .\n',
    })
    const d = await describeDeployment(compose)
    expect(d.services.map((s) => s.pinned)).toEqual([false, false, false])
    expect(d.findings.map((f) => `${f.kind}:${f.service}`)).toEqual(['unpinned-image:a', 'replaceable-image:b', 'unpinned-image:c'])
  })

  it('bad input is a deployment with an error, never a throw', async () => {
    expect((await describeDeployment('not json')).error).toBe('it is not JSON')
    const bad = await describeDeployment(JSON.stringify({ docker_compose_file: 'services: [\n' }))
    expect(bad.error).toMatch(/not valid YAML/)
    expect(bad.findings[0]!.kind).toBe('unparsed')
    // An alias bomb does not expand (js-yaml shares anchors) and services must be a map.
    const bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nservices: [*c]\n'
    expect((await describeDeployment(JSON.stringify({ docker_compose_file: bomb }))).error).toMatch(/no services/)
  })
})

describe('code identity on the real captures', () => {
  it('both Venice deployments are recognised from the registry of observed deployments', async () => {
    const r6 = await verifyAttestation(june, { nonce: JUNE_NONCE, at: JUNE_AT, model: MODEL })
    expect(r6.identity?.state).toBe('known')
    expect(r6.identity?.known?.deployment.id).toBe('near-ai-inference-2026-06')
    expect(r6.identity?.known?.rtmr0).toBe('64 vCPUs, 2 TiB, 8 GPUs, 4 NVSwitches')
    expect(r6.deployment?.bound).toBe(true)
    expect(assurance(r6, 'code')).toMatchObject({ status: 'yes', value: 'known deployment' })
    expect(assurance(r6, 'code')!.text).toContain('observed, not audited')

    const r4 = await verifyAttestation(april, { nonce: APRIL_NONCE, at: APRIL_AT, model: MODEL })
    expect(r4.identity?.known?.deployment.id).toBe('near-ai-inference-2026-04')
    expect(r4.identity?.known?.rtmr0).toBe('64 vCPUs, 1 TiB, 8 GPUs, 4 NVSwitches')
    expect(r4.identity?.current.osImageHashBound).toBe(true)
  })

  it('without the registry the same evidence is unknown, then seen before, with a count', async () => {
    const store = memoryMeasurementStore()
    const options = { nonce: JUNE_NONCE, at: JUNE_AT, model: MODEL, measurementStore: store, measurements: { knownDeployments: [] } }
    const first = await verifyAttestation(june, options)
    expect(first.verdict).toBe('passed')
    expect(first.identity?.state).toBe('new')
    // Nothing to compare on first sight: not a pass (the code assurance says "first seen", a warning).
    expect(check(first, 'identity.continuity')).toMatchObject({ status: 'skipped', detail: expect.stringMatching(/^First time this model is seen: nothing to compare yet/) })
    expect(assurance(first, 'code')).toMatchObject({ status: 'warning', code: 'new' })
    const second = await verifyAttestation(june, { ...options, at: new Date(JUNE_AT.getTime() + 60_000) })
    expect(second.identity?.state).toBe('seen')
    expect(check(second, 'identity.continuity')).toMatchObject({ status: 'passed' })
    expect(check(second, 'identity.continuity')?.warning).toBeUndefined()
    expect(second.identity?.continuity).toMatchObject({ count: 1, since: JUNE_AT.toISOString() })
    await verifyAttestation(june, options)
    expect(store.entries()[MODEL]!.count).toBe(3)
    expect(assurance(second, 'code')!.text).toMatch(/same code as the 1 verified attestation/)
  })

  it('the April → June redeployment is reported as a change with exactly what changed', async () => {
    const store = memoryMeasurementStore()
    await verifyAttestation(april, { nonce: APRIL_NONCE, at: APRIL_AT, model: MODEL, measurementStore: store })
    const r = await verifyAttestation(june, { nonce: JUNE_NONCE, at: JUNE_AT, model: MODEL, measurementStore: store })
    expect(r.verdict).toBe('passed') // default onIdentityChange: 'warn'
    expect(r.identity?.state).toBe('changed')
    const changes = r.identity!.continuity!.changes!
    // June swapped the compose-manager digest and added a launcher service.
    expect(changes.map((c) => c.what)).toEqual(['compose hash', 'image compose-manager', 'image compose-manager-launcher'])
    expect(changes[2]!.from).toBe('(none)')
    expect(changes[0]).toEqual({ key: 'composeHash', what: 'compose hash', from: '242a62724303cc32f364da0fc92738706b0078e7587821b7ba3e75488223797b', to: '4676ec04ecaff0303142bd3b76205ffc7bc218adaa91b92c10863d4fa6463a3f' })
    expect(assurance(r, 'code')).toMatchObject({ status: 'warning', value: 'changed' })
    // Accepted, but never a plain pass: the check carries the warning the assurance shows.
    expect(check(r, 'identity.continuity')).toMatchObject({ status: 'passed', warning: true, detail: expect.stringMatching(/^Changed since .* Accepted with a warning/) })
    expect(acceptedWithWarning(check(r, 'identity.continuity')!)).toBe(true)

    const strictStore = memoryMeasurementStore()
    await verifyAttestation(april, { nonce: APRIL_NONCE, at: APRIL_AT, model: MODEL, measurementStore: strictStore })
    const failed = await verifyAttestation(june, { nonce: JUNE_NONCE, at: JUNE_AT, model: MODEL, measurementStore: strictStore, measurements: { onIdentityChange: 'fail' } })
    expect(failed.verdict).toBe('failed')
    expect(check(failed, 'identity.continuity')).toMatchObject({ status: 'failed', required: true })
    expect(check(failed, 'identity.continuity')?.warning).toBeUndefined()
    // A failure stays a failure, even in a report that sets `warning` on it (from a worker, a file).
    expect(acceptedWithWarning({ ...check(failed, 'identity.continuity')!, warning: true })).toBe(false)
    // A failed attestation is not remembered: the store still holds April's identity.
    expect(strictStore.entries()[MODEL]!.identity.composeHash).toBe('242a62724303cc32f364da0fc92738706b0078e7587821b7ba3e75488223797b')
  })

  it('a compose hash one character away from the remembered one is a change, and fails under onIdentityChange: fail', async () => {
    const store = memoryMeasurementStore()
    await verifyAttestation(june, { nonce: JUNE_NONCE, at: JUNE_AT, model: MODEL, measurementStore: store })
    const stored = store.entries()[MODEL]!
    const remembered = stored.identity.composeHash!
    stored.identity = { ...stored.identity, composeHash: remembered.slice(0, -1) + (remembered.endsWith('f') ? 'e' : 'f') }
    const warn = await verifyAttestation(june, { nonce: JUNE_NONCE, at: JUNE_AT, model: MODEL, measurementStore: store })
    expect(warn.identity?.continuity?.changes?.map((c) => c.what)).toEqual(['compose hash'])
    expect(warn.verdict).toBe('passed')
    stored.identity = { ...stored.identity, composeHash: remembered.slice(0, -1) + (remembered.endsWith('f') ? 'e' : 'f') }
    store.set(MODEL, stored)
    const fail = await verifyAttestation(june, { nonce: JUNE_NONCE, at: JUNE_AT, model: MODEL, measurementStore: store, measurements: { onIdentityChange: 'fail' } })
    expect(fail.identity?.state).toBe('changed')
    expect(fail.verdict).toBe('failed')
  })

  it('a one-character edit of the compose text itself is not the enclave\'s: MRCONFIGID fails it', async () => {
    const store = memoryMeasurementStore()
    await verifyAttestation(june, { nonce: JUNE_NONCE, at: JUNE_AT, model: MODEL, measurementStore: store })
    const edited = withCompose(june, (c) => c.replace('DD_ENV=prod', 'DD_ENV=prad'))
    const r = await verifyAttestation(edited, { nonce: JUNE_NONCE, at: JUNE_AT, model: MODEL, measurementStore: store, measurements: { onIdentityChange: 'fail' } })
    // MRCONFIGID no longer binds the text: the compose is the gateway's word, not the enclave's.
    expect(check(r, 'tdx.mrconfigid')?.status).toBe('failed')
    expect(r.deployment?.bound).toBe(false)
    expect(r.verdict).toBe('failed')
  })

  it('a changed image digest (a compose that hashes right, as a new deployment would) is reported per service', async () => {
    const store = memoryMeasurementStore()
    const key = 'k'
    await verifyAttestation(june, { nonce: JUNE_NONCE, at: JUNE_AT, model: MODEL, measurementStore: store, identityKey: key })
    const stored = store.entries()[key]!
    // Simulate the enclave redeployed with one digest changed: what the store compares is the identity.
    stored.identity = { ...stored.identity, images: { ...stored.identity.images, 'datadog-agent': 'sha256:' + '0'.repeat(64) } }
    const r = await verifyAttestation(june, { nonce: JUNE_NONCE, at: JUNE_AT, model: MODEL, measurementStore: store, identityKey: key, measurements: { onIdentityChange: 'fail' } })
    expect(r.identity?.continuity?.changes).toEqual([{ key: 'image:datadog-agent', what: 'image datadog-agent', from: 'sha256:' + '0'.repeat(64), to: 'sha256:5556fb80b952832719a76b016f905616c76ee0989a239c4680c6220148e865d6' }])
    expect(check(r, 'identity.continuity')?.status).toBe('failed')
    expect(r.verdict).toBe('failed')
  })

  it('pins: the real OS image and digests pass; a different pin fails', async () => {
    const pins = {
      osImages: [{ osImageHash: '9b69bb1698bacbb6985409a2c272bcb892e09cdcea63d5399c6768b67d3ff677' }],
      imageDigests: { 'datadog-agent': 'sha256:5556fb80b952832719a76b016f905616c76ee0989a239c4680c6220148e865d6' },
      allowedComposeHashes: ['4676ec04ecaff0303142bd3b76205ffc7bc218adaa91b92c10863d4fa6463a3f'],
    }
    const ok = await verifyAttestation(june, { nonce: JUNE_NONCE, at: JUNE_AT, model: MODEL, measurements: pins })
    expect(check(ok, 'identity.pinned')?.status).toBe('passed')
    expect(ok.identity?.state).toBe('pinned')
    expect(ok.verdict).toBe('passed')
    expect(assurance(ok, 'code')?.value).toBe('pinned')

    const other = await verifyAttestation(april, { nonce: APRIL_NONCE, at: APRIL_AT, model: MODEL, measurements: { osImages: [{ mrtd: 'b24d3b24e9e3c16012376b52362ca09856c4adecb709d5fac33addf1c47e193da075b125b6c364115771390a5461e217', rtmr1: '00', rtmr2: '00' }] } })
    expect(check(other, 'identity.pinned')).toMatchObject({ status: 'failed', required: true })
    expect(other.identity?.state).toBe('mismatch')
    expect(other.verdict).toBe('failed')
  })

  it('findings fail only under the policy that names them', async () => {
    const plain = await verifyAttestation(june, { nonce: JUNE_NONCE, at: JUNE_AT, model: MODEL })
    expect(plain.verdict).toBe('passed')
    // Only the model check runs unasked (the real compose names no model: not checked); no policy rule runs.
    expect(plain.checks.filter((c) => c.id.startsWith('deployment.')).map((c) => [c.id, c.status])).toEqual([['deployment.model', 'skipped']])
    const forbid = await verifyAttestation(june, { nonce: JUNE_NONCE, at: JUNE_AT, model: MODEL, measurements: { forbidServices: ['telemetry'], requireDigestPinnedImages: true } })
    expect(check(forbid, 'deployment.images.pinned')?.status).toBe('passed')
    expect(check(forbid, 'deployment.services.forbidden')).toMatchObject({ status: 'failed', required: true })
    expect(check(forbid, 'deployment.services.forbidden')!.detail).toContain('datadog-agent')
    expect(forbid.verdict).toBe('failed')
    const byName = await verifyAttestation(june, { nonce: JUNE_NONCE, at: JUNE_AT, model: MODEL, policy: 'basic', measurements: { forbidServices: ['certbot/dns-cloudflare'] } })
    expect(check(byName, 'deployment.services.forbidden')!.detail).toContain('certbot-init')
    expect(byName.verdict).toBe('failed')
  })
})

describe('assurances', () => {
  it('the real Venice report, offline: five plain answers, and the platform said not checked', async () => {
    const r = await verifyAttestation(june, { nonce: JUNE_NONCE, at: JUNE_AT, model: MODEL })
    expect(r.assurances!.map((a) => [a.id, a.status])).toEqual([
      ['hardware', 'yes'],
      ['fresh', 'yes'],
      ['key', 'yes'],
      ['platform', 'not-checked'],
      ['code', 'yes'],
      ['gpus', 'yes'],
    ])
    expect(assurance(r, 'platform')!.text).toMatch(/^Platform patch level not checked/)
    expect(assurance(r, 'gpus')!.text).toMatch(/^8 .*genuine NVIDIA GPUs in confidential mode, bound to our nonce/)
  })

  it('another nonce: not fresh, key not bound, GPUs not bound', async () => {
    const r = await verifyAttestation(june, { nonce: 'ab'.repeat(32), at: JUNE_AT, model: MODEL })
    expect(assurance(r, 'fresh')!.status).toBe('no')
    expect(assurance(r, 'key')!.status).toBe('no')
    expect(assurance(r, 'gpus')!.status).toBe('no')
  })
})
