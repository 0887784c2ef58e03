/**
 * Deployments sealkit has seen in real, publicly captured attestations. OBSERVED, NOT
 * AUDITED: an entry says "a genuine TDX quote from this provider once carried these
 * measurements", nothing about whether the code is good. It lets the badge say "a
 * deployment seen before in public captures" instead of "unknown".
 *
 * How to add an entry: verify a fresh capture (`sealkit verify FILE --nonce HEX
 * --collateral FILE`), copy MRTD / RTMR1 / RTMR2 from the quote, the compose hash from
 * MRCONFIGID and the os_image_hash from the RTMR3 event log (only when the RTMR replay
 * passed), and cite where the capture is public in `sources`. An app can pass its own
 * list as `measurements.knownDeployments`.
 *
 * RTMR0 is not part of an OS image's identity: it measures the VM's configuration
 * (memory size, CPU count, GPUs), so the same image shows different RTMR0 values. It
 * is compared only to the VM configurations listed in `rtmr0` below. Each came with a
 * `vm_config` naming the same configuration in every capture that showed it; an
 * entry's `gpus` is what `gpu.count` then holds the GPU evidence to.
 */

export interface KnownOsImage {
  /** dstack OS image name, e.g. `dstack-nvidia-0.5.5`. */
  name: string
  /** The `os_image_hash` dstack reports for the image. */
  osImageHash: string
  /** MRTD of the image. */
  mrtd: string
  /** RTMR1 of the image (kernel). */
  rtmr1: string
  /** RTMR2 of the image (command line and initrd). */
  rtmr2: string
  /** RTMR0 values seen, each with the VM configuration that explains it. */
  rtmr0: Array<{
    /** The RTMR0 value, hex. */
    value: string
    /** The VM configuration it goes with, e.g. `'4 vCPUs, 8 GiB, no GPU'`. */
    vm: string
    /**
     * GPUs that configuration passes through, when known: a quote whose RTMR0 is this value then binds the GPU count
     * the evidence must cover (`gpu.count`), where the report's own `vm_config` is only the server's word.
     */
    gpus?: number
  }>
}

/** A deployment observed in public captures (observed, not audited): its compose hash and OS image. */
export interface KnownDeployment {
  /** Stable id, e.g. `'near-ai-inference-2026-06'`. */
  id: string
  /** Who ran it, as the captures show, e.g. `'near-ai (serving Venice and NEAR AI Cloud)'`. */
  provider: string
  /** `model`: the inference enclave; `gateway`: a provider's API gateway enclave. */
  role: 'model' | 'gateway'
  /** Models this deployment served in the captures. */
  models: string[]
  /** sha256 of its app compose. */
  composeHash: string
  /** Name of the KnownOsImage it runs on. */
  osImage: string
  /** Capture dates (UTC days). */
  seen: string[]
  /** Where each capture is public. */
  sources: string[]
  /** Always `observed`: nobody audited this code. */
  status: 'observed'
}

/** OS images seen in public attestation captures, by their measurements: observed, not audited. */
export const KNOWN_OS_IMAGES: readonly KnownOsImage[] = [
  {
    name: 'dstack-nvidia-0.5.5',
    osImageHash: '9b69bb1698bacbb6985409a2c272bcb892e09cdcea63d5399c6768b67d3ff677',
    mrtd: 'b24d3b24e9e3c16012376b52362ca09856c4adecb709d5fac33addf1c47e193da075b125b6c364115771390a5461e217',
    rtmr1: 'c0445b704e4c48139496ae337423ddb1dcee3a673fd5fb60a53d562f127d235f11de471a7b4ee12c9027c829786757dc',
    rtmr2: '564622c7ddc55a53272cc9f0956d29b3f7e0dd18ede432720b71fd89e5b5d76cb0b99be7b7ff2a6a92b89b6b01643135',
    rtmr0: [
      { value: '0cb94dba1a9773d741efad49370e1e909557409a904a24a4620b6305651360952cb8111f851b03fc2a35a6c3b7bb05f6', vm: '64 vCPUs, 1 TiB, 8 GPUs, 4 NVSwitches', gpus: 8 },
      { value: 'bc122d143ab768565ba5c3774ff5f03a63c89a4df7c1f5ea38d3bd173409d14f8cbdcc36d40e703cccb996a9d9687590', vm: '64 vCPUs, 2 TiB, 8 GPUs, 4 NVSwitches', gpus: 8 },
    ],
  },
  {
    name: 'dstack-0.5.4',
    osImageHash: 'da9a3d5cc196a1a76d953fb27069be428ddf60a1ce10b0534c3cf968d3053fde',
    mrtd: 'f06dfda6dce1cf904d4e2bab1dc370634cf95cefa2ceb2de2eee127c9382698090d7a4a13e14c536ec6c9c3c8fa87077',
    rtmr1: 'a7b523278d4f914ee8df0ec80cd1c3d498cbf1152b0c5eaf65bad9425072874a3fcf891e8b01713d3d9937e3e0d26c15',
    rtmr2: '24847f5c5a2360d030bc4f7b8577ce32e87c4d051452c937e91220cab69542daef83433947c492b9c201182fc9769bbe',
    rtmr0: [{ value: 'fb14dc139f33d6fcf474bc8332cac001259fb31cfbcb6b34d4ceeb552a2c4466884a0cbde45ad98a05c5c060c23ad65a', vm: '4 vCPUs, 8 GiB, no GPU', gpus: 0 }],
  },
]

const TEEP = 'github.com/13rac1/teep internal/integration/testdata'
const NEAR_VERIFIER = 'github.com/nearai/nearai-cloud-verifier py/tests/fixtures/nearai_cloud_report_openai_gpt_oss_120b.json'

/** Deployments (compose hashes) seen in public attestation captures: observed, not audited. */
export const KNOWN_DEPLOYMENTS: readonly KnownDeployment[] = [
  {
    id: 'near-ai-inference-2026-04',
    provider: 'near-ai (serving Venice and NEAR AI Cloud)',
    role: 'model',
    models: ['e2ee-qwen3-5-122b-a10b', 'openai/gpt-oss-120b'],
    composeHash: '242a62724303cc32f364da0fc92738706b0078e7587821b7ba3e75488223797b',
    osImage: 'dstack-nvidia-0.5.5',
    seen: ['2026-04-24'],
    sources: [`${TEEP}/venice_e2ee-qwen3-5-122b-a10b_20260424_015841`, NEAR_VERIFIER],
    status: 'observed',
  },
  {
    id: 'near-ai-inference-2026-06',
    provider: 'near-ai (serving Venice and NEAR AI Cloud)',
    role: 'model',
    models: ['e2ee-qwen3-5-122b-a10b', 'Qwen/Qwen3.5-122B-A10B'],
    composeHash: '4676ec04ecaff0303142bd3b76205ffc7bc218adaa91b92c10863d4fa6463a3f',
    osImage: 'dstack-nvidia-0.5.5',
    seen: ['2026-06-10'],
    sources: [
      `${TEEP}/venice_e2ee-qwen3-5-122b-a10b_20260610_014707`,
      `${TEEP}/neardirect_qwen_qwen3.5-122b-a10b_20260610_015359`,
      `${TEEP}/nearcloud_qwen_qwen3.5-122b-a10b_20260610_014855`,
    ],
    status: 'observed',
  },
  {
    id: 'near-ai-cloud-gateway-2026-04',
    provider: 'near-ai cloud API gateway',
    role: 'gateway',
    models: [],
    composeHash: '3a5b9747bc6731c5de6c6d6740c3c37cc4522a935b1655e2b757d81089df31f0',
    osImage: 'dstack-0.5.4',
    seen: ['2026-04 (capture day not recorded)'],
    sources: [NEAR_VERIFIER],
    status: 'observed',
  },
  {
    id: 'near-ai-cloud-gateway-2026-06',
    provider: 'near-ai cloud API gateway',
    role: 'gateway',
    models: [],
    composeHash: 'b748d15f2a69abeffd33f32a12dadb2616adfd2a230887d13ba5707d3f4bea41',
    osImage: 'dstack-0.5.4',
    seen: ['2026-06-10'],
    sources: [`${TEEP}/nearcloud_qwen_qwen3.5-122b-a10b_20260610_014855`],
    status: 'observed',
  },
]
