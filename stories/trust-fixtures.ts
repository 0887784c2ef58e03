/**
 * Reports for the code identity and platform stories, made by verifying the simulator's
 * attestation for real (in the browser, as the hooks do): every state comes from the
 * code that computes it, not from hand-written fixtures. The evidence is simulated, so
 * the badge says "Simulated" over each of them, as it must.
 */
import { createClient } from '../src/core/api/client.ts'
import { fetchAttestation } from '../src/core/api/attestation.ts'
import type { VerificationReport } from '../src/core/attestation/report.ts'
import { verifyAttestation, type VerifyAttestationOptions } from '../src/core/attestation/verify.ts'
import { memoryMeasurementStore } from '../src/core/attestation/identity/store.ts'
import { createSimulator, type SimulatorOptions } from '../src/simulator/index.ts'

const MODEL = 'e2ee-qwen3-5-122b-a10b'

type AttestationResponse = Awaited<ReturnType<typeof fetchAttestation>>['response']

async function attestOnce(
  sim: ReturnType<typeof createSimulator>,
  options: Omit<VerifyAttestationOptions, 'nonce'> = {},
  edit?: (response: AttestationResponse) => AttestationResponse,
): Promise<VerificationReport> {
  const client = createClient({ baseURL: 'http://simulator.local/api/v1', fetch: sim.fetch })
  const { nonce, response } = await fetchAttestation(client, { model: MODEL })
  return verifyAttestation(edit ? edit(response) : response, { nonce, model: MODEL, trustedRoots: sim.trustedRoots(), ...options })
}

/** The evidence with its NVIDIA payload taken out, as a host that runs the model on GPUs it cannot attest would send it. */
const withoutGpuEvidence = ({ nvidia_payload: _dropped, ...response }: AttestationResponse): AttestationResponse => response

/** The evidence with the last GPU's report taken out of the NVIDIA payload: each GPU left verifies, one fewer than the VM has. */
function withOneGpuLess(response: AttestationResponse): AttestationResponse {
  const payload = JSON.parse(String(response.nvidia_payload)) as { evidence_list: unknown[] }
  return { ...response, nvidia_payload: JSON.stringify({ ...payload, evidence_list: payload.evidence_list.slice(0, -1) }) }
}

export type CodeIdentityStory = 'pinned' | 'known' | 'seen' | 'changed' | 'unknown' | 'platform-checked' | 'platform-out-of-date' | 'gpu-missing' | 'gpu-count'

/** A report in the given state. */
export async function trustReport(kind: CodeIdentityStory): Promise<VerificationReport> {
  const simOptions: SimulatorOptions = { seed: 'storybook', ...(kind === 'platform-out-of-date' ? { pccs: { tcbStatus: 'OutOfDate', advisoryIds: ['INTEL-SA-00837', 'INTEL-SA-01036'] } } : {}) }
  const sim = createSimulator(simOptions)
  const first = await attestOnce(sim)
  const identity = first.identity!.current
  switch (kind) {
    case 'pinned':
      return attestOnce(sim, { measurements: { osImages: [{ mrtd: identity.mrtd, rtmr1: identity.rtmr1, rtmr2: identity.rtmr2 }], imageDigests: Object.values(identity.images) } })
    case 'known':
      return attestOnce(sim, {
        measurements: {
          knownOsImages: [{ name: 'sealkit-simulator-os', osImageHash: identity.osImageHash ?? '', mrtd: identity.mrtd, rtmr1: identity.rtmr1, rtmr2: identity.rtmr2, rtmr0: [] }],
          knownDeployments: [
            { id: 'sealkit-simulator-r0', provider: 'sealkit simulator', role: 'model', models: [MODEL], composeHash: identity.composeHash!, osImage: 'sealkit-simulator-os', seen: ['2026-11-30'], sources: ['the simulator'], status: 'observed' },
          ],
        },
      })
    case 'seen': {
      const store = memoryMeasurementStore()
      for (let i = 0; i < 3; i++) await attestOnce(sim, { measurementStore: store })
      return attestOnce(sim, { measurementStore: store })
    }
    case 'changed': {
      const store = memoryMeasurementStore()
      await attestOnce(sim, { measurementStore: store })
      sim.redeploy()
      return attestOnce(sim, { measurementStore: store })
    }
    case 'gpu-missing':
      return attestOnce(sim, {}, withoutGpuEvidence)
    case 'gpu-count':
      return attestOnce(sim, {}, withOneGpuLess)
    case 'platform-checked':
    case 'platform-out-of-date':
      // One PCCS URL per simulated platform rating: collateral is cached per PCCS and FMSPC.
      return attestOnce(sim, { collateral: { pccsUrl: `http://${kind}.simulator.local`, fetch: sim.fetch as typeof fetch } })
    default:
      return first
  }
}
