// @module-tag real-corpus (reads ../shared/fixtures/real when imported)
import { describe, expect, it } from 'vitest'
import type { AttestationResponse } from '../../src/core/api/types.ts'
import { appComposeOf } from '../../src/core/attestation/deployment/app-compose.ts'
import { describeDeployment } from '../../src/core/attestation/deployment/deployment.ts'
import { checkComposeModel } from '../../src/core/attestation/deployment/model.ts'
import { errorCodeForReport } from '../../src/core/attestation/policy.ts'
import { verifyAttestation } from '../../src/core/attestation/verify.ts'
import { readRealJson } from '../fixtures.ts'

const VENICE = {
  june: { dir: 'attestation-reports/venice__e2ee-qwen3-5-122b-a10b__2026-06-10', nonce: 'd2f37ab51f93f80365506fcc09119b28bd9c521be89ba25e3aa439912bbba732', at: new Date('2026-06-10T01:47:07Z') },
  april: { dir: 'attestation-reports/venice__e2ee-qwen3-5-122b-a10b__2026-04-24', nonce: 'ac82eb750ec4cfbb273f90d33567776bfae8657e2a43f6dff2f3adad9b86095a', at: new Date('2026-04-24T01:58:41Z') },
}
const MODEL = 'e2ee-qwen3-5-122b-a10b'
const june = readRealJson(VENICE.june.dir, 'attestation.json') as AttestationResponse
const juneCompose = appComposeOf(june.info as Record<string, unknown>)!

/** The real June compose with one more service whose command line serves `command`'s model. */
function composeServing(service: string, allowedEnvs?: string[]): string {
  const manifest = JSON.parse(juneCompose) as { docker_compose_file: string; allowed_envs: string[] }
  manifest.docker_compose_file = manifest.docker_compose_file.replace(/^services:\n/m, `services:\n${service}\n`)
  if (allowedEnvs) manifest.allowed_envs = [...manifest.allowed_envs, ...allowedEnvs]
  return JSON.stringify(manifest)
}
const bound = async (compose: string) => ({ ...(await describeDeployment(compose)), bound: true })

describe('deployment.model: the requested model against what the bound app compose serves', () => {
  it('the real Venice composes name no model (a compose manager starts it at run time): not checked, said plainly, never a pass', async () => {
    for (const { dir, nonce, at } of Object.values(VENICE)) {
      const response = readRealJson(dir, 'attestation.json') as AttestationResponse
      const report = await verifyAttestation(response, { nonce, at, model: MODEL })
      const check = report.checks.find((c) => c.id === 'deployment.model')
      expect(check, dir).toMatchObject({ status: 'skipped', evidence: { requested: MODEL } })
      expect(check!.detail).toMatch(/does not name the model it serves \(compose-manager controls Docker and starts the model's containers at run time/)
      expect(report.checks.find((c) => c.id === 'attestation.model')?.status).toBe('passed')
    }
  })

  it('a compose whose vLLM serves another model fails, whatever the report fields say; the same compose serving the model passes', async () => {
    const other = await bound(composeServing('  vllm:\n    image: vllm/vllm-openai@sha256:' + 'a'.repeat(64) + '\n    command: --model openai/gpt-oss-120b --port 8000'))
    expect(checkComposeModel(other, MODEL)).toMatchObject({ status: 'failed', detail: 'The app compose serves "openai/gpt-oss-120b", not the requested e2ee-qwen3-5-122b-a10b.' })
    const same = await bound(composeServing('  vllm:\n    image: vllm/vllm-openai@sha256:' + 'a'.repeat(64) + '\n    command: ["--model", "Qwen/Qwen3.5-122B-A10B", "--served-model-name", "qwen35", "qwen3.5-122b-a10b"]'))
    expect(same.services.find((s) => s.name === 'vllm')?.models).toEqual(['Qwen/Qwen3.5-122B-A10B', 'qwen35', 'qwen3.5-122b-a10b'])
    expect(checkComposeModel(same, MODEL)).toMatchObject({ status: 'passed', evidence: { served: expect.stringContaining('vllm: Qwen/Qwen3.5-122B-A10B') } })
    // A caller alias maps an id the alias rule does not.
    expect(checkComposeModel(same, 'my-model', { 'my-model': ['qwen35'] }).status).toBe('passed')
    // Unbound (MRCONFIGID does not cover it): a match is the server's word, not a pass; a mismatch still fails.
    expect(checkComposeModel({ ...same, bound: false }, MODEL).status).toBe('skipped')
    expect(checkComposeModel({ ...other, bound: false }, MODEL).status).toBe('failed')
  })

  it('a model the host sets at launch through an allowed variable is not checked, and names the variable; a fixed default counts', async () => {
    const hostSet = await bound(composeServing('  vllm:\n    image: vllm/vllm-openai@sha256:' + 'a'.repeat(64) + '\n    environment:\n      - MODEL_NAME=${SERVED:-Qwen/Qwen3.5-122B-A10B}', ['SERVED']))
    expect(checkComposeModel(hostSet, MODEL)).toMatchObject({ status: 'skipped', detail: expect.stringMatching(/the host picks it at launch through SERVED/) })
    const fixed = await bound(composeServing('  vllm:\n    image: vllm/vllm-openai@sha256:' + 'a'.repeat(64) + '\n    environment:\n      MODEL_NAME: ${SERVED:-openai/gpt-oss-120b}'))
    expect(checkComposeModel(fixed, MODEL).status).toBe('failed')
  })

  it('through verifyAttestation: a real Venice report whose compose serves another model fails every policy, as a model mismatch', async () => {
    const copy = structuredClone(june) as AttestationResponse & { info: { tcb_info: { app_compose: string } } }
    copy.info.tcb_info.app_compose = composeServing('  vllm:\n    image: vllm/vllm-openai@sha256:' + 'a'.repeat(64) + '\n    command: --model=openai/gpt-oss-120b')
    for (const policy of ['basic', 'standard', 'strict'] as const) {
      const report = await verifyAttestation(copy, { nonce: VENICE.june.nonce, at: VENICE.june.at, model: MODEL, policy })
      expect(report.verdict, policy).toBe('failed')
      expect(report.checks.find((c) => c.id === 'deployment.model')?.status).toBe('failed')
      expect(report.assurances?.find((a) => a.id === 'code')).toMatchObject({ status: 'no', value: 'another model' })
      expect(errorCodeForReport({ ...report, checks: report.checks.filter((c) => c.id === 'deployment.model' || c.status !== 'failed') })).toBe('ATTESTATION_MODEL_MISMATCH')
    }
  })
})
