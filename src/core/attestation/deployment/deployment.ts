import { composeHashOf } from '../tdx/measurements.ts'
import { isObject } from '../../is-object.ts'

/**
 * What runs in the enclave, read from the dstack app compose that MRCONFIGID binds:
 * the docker compose services (each image, and whether it is pinned by digest), the
 * manifest's flags, and findings an end user should know about. A finding is
 * information: it fails nothing unless a policy says so (see `checkDeploymentPolicy`).
 *
 * The compose YAML is parsed with js-yaml, loaded on first use (a separate chunk in
 * an app's bundle, fetched only when a report with an app compose is verified).
 *
 * @example
 * ```ts
 * const deployment = await describeDeployment(response.info.tcb_info.app_compose)
 * deployment.services.map((s) => `${s.name}: ${s.pinned ? 'pinned' : 'NOT pinned'}`)
 * deployment.findings[0].message // 'datadog-agent sends logs and metrics out of the enclave to Datadog (us3.datadoghq.com) …'
 * ```
 */

export type FindingKind =
  | 'unpinned-image'
  | 'replaceable-image'
  | 'pre-launch-script'
  | 'telemetry'
  | 'container-control'
  | 'privileged'
  | 'public-logs'
  | 'script-runner'
  | 'unparsed'

/**
 * Something about what runs in the enclave that weakens or qualifies what the attestation proves. Information by
 * default; a {@link DeploymentPolicy} makes it a failure.
 */
export interface DeploymentFinding {
  /**
   * What kind of finding: an unpinned or replaceable image, a pre-launch script, telemetry, a service that controls
   * Docker, ...
   */
  kind: FindingKind
  /** `warning`: weakens what the attestation proves; `notice`: worth knowing. */
  severity: 'warning' | 'notice'
  /** The service it is about, if any. */
  service?: string
  /** One plain sentence in English. Built from network data: render as text, never as HTML. */
  message: string
  /**
   * The values the sentence names, for translations (with `kind`): `service`, `image`, `variables`,
   * `lines`, `error`, `rights`; for telemetry `vendor`, `site`, `logs` / `allContainers` / `processes` ('true').
   */
  params: Record<string, string>
}

/** One service of the app compose: its image and what it does that matters for privacy. */
export interface DeploymentService {
  /** The service name in the compose file, e.g. `'vllm'`, `'datadog-agent'`. */
  name: string
  /** The image reference as written (may contain `${VAR:-default}`). */
  image?: string
  /** Repository without tag or digest, e.g. `datadog/agent`. */
  repository?: string
  /** The image tag, when the reference has one (a tag can be moved; a digest cannot). */
  tag?: string
  /** `sha256:…` when the image is pinned by digest. */
  digest?: string
  /** True when the image that runs is fixed by a digest nobody can change at launch. */
  pinned: boolean
  /** Why it reaches outside its container: docker socket, host PID / network, privileges. */
  access: string[]
  /** Where it ships logs / metrics, when it does (English), and the facts it is made of. */
  telemetry?: string
  /** The telemetry agent's facts (vendor, site, what it collects); `undefined` when the service ships nothing out. */
  telemetryFacts?: TelemetryFacts
  /** Model names its command line or environment fixes (`--model`, `--served-model-name`, `MODEL_NAME=`…). */
  models?: string[]
  /** Allowed environment variables through which the host picks its model at launch. */
  modelSetBy?: string[]
}

/** What a telemetry agent ships out of the enclave, as facts (the sentence is `telemetry`). */
export interface TelemetryFacts {
  /** The telemetry vendor, e.g. `'Datadog'`. */
  vendor: string
  /** Where it sends data, e.g. `'us3.datadoghq.com'`; `undefined` when the compose does not say. */
  site?: string
  /** It collects logs. */
  logs?: boolean
  /** It collects every container's logs, not only its own. */
  allContainers?: boolean
  /** It collects process information. */
  processes?: boolean
}

/** dstack manifest flags: what the deployment lets the host or the operator do. */
export interface DeploymentFlags {
  /** dstack's KMS provides the app keys. */
  kmsEnabled?: boolean
  /** The dstack gateway (TLS termination in front of the app) is enabled. */
  gatewayEnabled?: boolean
  /** A local key provider supplies keys instead of the KMS. */
  localKeyProviderEnabled?: boolean
  /** The containers' logs are public (readable from outside the enclave). */
  publicLogs?: boolean
  /** System information is public. */
  publicSysinfo?: boolean
  /** No instance id: instances of the app are not told apart. */
  noInstanceId?: boolean
  /** The TD gets time from a secure source. */
  secureTime?: boolean
}

/** What runs in the enclave, read from the app compose that MRCONFIGID binds (see {@link describeDeployment}). */
export interface Deployment {
  /** sha256 of the app compose text: what MRCONFIGID binds. */
  composeHash: string
  /** Set by verification: true when the quote's MRCONFIGID binds this compose (else it is only the server's word). */
  bound?: boolean
  /** The manifest's `name` (dstack app name), e.g. `dstack-nvidia-0.5.5`. */
  name?: string
  /** The manifest's runner, e.g. `'docker-compose'`. */
  runner?: string
  /** The OS image hash the report claims (bound through the RTMR3 event log when it replays). */
  osImageHash?: string
  /** Every service of the compose, in file order; empty when the compose could not be read. */
  services: DeploymentService[]
  /** The manifest's flags. */
  flags: DeploymentFlags
  /** Environment variables the host may set at launch. */
  allowedEnvs: string[]
  /** A shell script run before the containers start, when there is one. */
  preLaunchScript?: string
  /** Everything worth a warning or notice, most significant first. */
  findings: DeploymentFinding[]
  /** Set when the compose could not be read; `services` is then empty. */
  error?: string
}

type Yaml = typeof import('js-yaml')
let yamlModule: Promise<Yaml> | undefined
/** js-yaml, imported once, on first use. */
function loadYaml(): Promise<Yaml> {
  return (yamlModule ??= import('js-yaml'))
}

const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined)
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined)

/** Reads an app compose (the JSON manifest text) into a typed deployment. Never throws: an unreadable compose is a deployment with `error` and an `unparsed` finding. */
export async function describeDeployment(appCompose: string, options: { osImageHash?: string } = {}): Promise<Deployment> {
  const deployment: Deployment = {
    composeHash: composeHashOf(appCompose),
    services: [],
    flags: {},
    allowedEnvs: [],
    findings: [],
    ...(options.osImageHash ? { osImageHash: options.osImageHash } : {}),
  }
  const fail = (error: string): Deployment => {
    deployment.error = error
    deployment.findings.push({ kind: 'unparsed', severity: 'warning', message: `The app compose could not be read (${error}), so what runs in the enclave is unknown.`, params: { error } })
    return deployment
  }
  let manifest: unknown
  try {
    manifest = JSON.parse(appCompose)
  } catch {
    return fail('it is not JSON')
  }
  if (!isObject(manifest)) return fail('it is not a JSON object')
  if (text(manifest.name)) deployment.name = text(manifest.name)!
  if (text(manifest.runner)) deployment.runner = text(manifest.runner)!
  deployment.flags = {
    ...flag('kmsEnabled', manifest.kms_enabled),
    ...flag('gatewayEnabled', manifest.gateway_enabled),
    ...flag('localKeyProviderEnabled', manifest.local_key_provider_enabled),
    ...flag('publicLogs', manifest.public_logs),
    ...flag('publicSysinfo', manifest.public_sysinfo),
    ...flag('noInstanceId', manifest.no_instance_id),
    ...flag('secureTime', manifest.secure_time),
  }
  deployment.allowedEnvs = Array.isArray(manifest.allowed_envs) ? manifest.allowed_envs.filter((e): e is string => typeof e === 'string') : []
  const script = text(manifest.pre_launch_script)
  if (script && script.trim() !== '') {
    deployment.preLaunchScript = script
    deployment.findings.push({
      kind: 'pre-launch-script',
      severity: 'notice',
      message: `A pre-launch script (${script.trim().split('\n').length} lines) runs inside the enclave before the containers start; it is part of the measured compose.`,
      params: { lines: String(script.trim().split('\n').length) },
    })
  }
  if (deployment.flags.publicLogs) {
    deployment.findings.push({ kind: 'public-logs', severity: 'warning', message: 'public_logs is on: the containers\' logs can be read from outside the enclave.', params: {} })
  }

  if (deployment.runner === 'bash') {
    deployment.findings.push({ kind: 'script-runner', severity: 'notice', message: 'The enclave runs a bash script, not docker compose services: read the script to know what runs.', params: {} })
    return deployment
  }
  const composeText = text(manifest.docker_compose_file)
  if (composeText === undefined) return fail('it has no docker_compose_file')
  let compose: unknown
  try {
    const yaml = await loadYaml()
    compose = yaml.load(composeText)
  } catch (e) {
    return fail(`its docker compose file is not valid YAML: ${(e as Error).message.split('\n')[0]}`)
  }
  if (!isObject(compose) || !isObject(compose.services)) return fail('its docker compose file has no services')

  for (const [name, raw] of Object.entries(compose.services)) {
    if (!isObject(raw)) continue
    const service = describeService(name, raw, deployment.allowedEnvs)
    deployment.services.push(service)
    deployment.findings.push(...serviceFindings(service, raw, deployment.allowedEnvs))
  }
  return deployment
}

function flag<K extends keyof DeploymentFlags>(key: K, value: unknown): Partial<DeploymentFlags> {
  const b = bool(value)
  return b === undefined ? {} : { [key]: b }
}

/** `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `$VAR` in a compose value. */
const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g
const DIGEST = /@(sha256:[0-9a-f]{64})$/

interface ImageRef {
  repository: string
  tag?: string
  digest?: string
}

function parseImage(ref: string): ImageRef {
  const digest = DIGEST.exec(ref)?.[1]
  const name = digest ? ref.slice(0, ref.length - digest.length - 1) : ref
  const slash = name.lastIndexOf('/')
  const colon = name.lastIndexOf(':')
  const hasTag = colon > slash
  return { repository: hasTag ? name.slice(0, colon) : name, ...(hasTag ? { tag: name.slice(colon + 1) } : {}), ...(digest ? { digest } : {}) }
}

/** The image that runs when the host sets none of the allowed variables, and which allowed variables could change it. */
function resolveImage(image: string, allowedEnvs: readonly string[]): { effective: string; replaceableBy: string[] } {
  const replaceableBy: string[] = []
  const effective = image.replace(VARIABLE, (_m, braced: string | undefined, op: string | undefined, fallback: string | undefined, bare: string | undefined) => {
    const variable = (braced ?? bare)!
    if (allowedEnvs.includes(variable)) replaceableBy.push(variable)
    return op ? (fallback ?? '') : ''
  })
  return { effective, replaceableBy }
}

function environmentOf(raw: Record<string, unknown>): Record<string, string> {
  const env: Record<string, string> = {}
  if (Array.isArray(raw.environment)) {
    for (const item of raw.environment) {
      const s = text(item)
      if (!s) continue
      const eq = s.indexOf('=')
      env[eq < 0 ? s : s.slice(0, eq)] = eq < 0 ? '' : s.slice(eq + 1)
    }
  } else if (isObject(raw.environment)) {
    for (const [k, v] of Object.entries(raw.environment)) env[k] = text(v) ?? (v === true ? 'true' : v === false ? 'false' : '')
  }
  return env
}

const stringsOf = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => (isObject(x) ? text(x.source) ?? '' : text(x) ?? '')).filter(Boolean) : [])

function describeService(name: string, raw: Record<string, unknown>, allowedEnvs: readonly string[]): DeploymentService {
  const image = text(raw.image)
  const service: DeploymentService = { name, pinned: false, access: [] }
  if (image) {
    service.image = image
    const { effective, replaceableBy } = resolveImage(image, allowedEnvs)
    const ref = parseImage(effective)
    service.repository = ref.repository
    if (ref.tag) service.tag = ref.tag
    if (ref.digest) service.digest = ref.digest
    service.pinned = ref.digest !== undefined && replaceableBy.length === 0
  }
  const volumes = stringsOf(raw.volumes)
  const socket = volumes.find((v) => v.startsWith('/var/run/docker.sock') || v.startsWith('/run/docker.sock'))
  if (socket) service.access.push(socket.endsWith(':ro') ? 'Docker socket (read-only)' : 'Docker socket')
  if (raw.privileged === true) service.access.push('privileged')
  if (raw.pid === 'host') service.access.push('host PID namespace')
  if (raw.network_mode === 'host') service.access.push('host network')
  const caps = stringsOf(raw.cap_add).filter((c) => /^(CAP_)?(SYS_ADMIN|SYS_PTRACE|SYS_MODULE|NET_ADMIN|ALL)$/i.test(c))
  if (caps.length) service.access.push(`capabilities ${caps.join(', ')}`)
  const env = environmentOf(raw)
  const telemetry = telemetryOf(service, env)
  if (telemetry) {
    service.telemetry = telemetry.sentence
    service.telemetryFacts = telemetry.facts
  }
  const served = modelsOf(raw, env, allowedEnvs)
  if (served.models.length) service.models = served.models
  if (served.setBy.length) service.modelSetBy = served.setBy
  return service
}

/** Command-line flags of vLLM, SGLang and TGI that name the model served, and the environment variables that do. */
const MODEL_FLAGS = new Set(['--model', '--model-path', '--model-id', '--served-model-name'])
const MODEL_ENVS = ['MODEL', 'MODEL_NAME', 'MODEL_ID', 'MODEL_PATH', 'SERVED_MODEL_NAME', 'VLLM_MODEL']

/** The model names a service's command, entrypoint and environment fix; variables the host may set are reported, not guessed. */
function modelsOf(raw: Record<string, unknown>, env: Record<string, string>, allowedEnvs: readonly string[]): { models: string[]; setBy: string[] } {
  const models = new Set<string>()
  const setBy = new Set<string>()
  const add = (value: string) => {
    const { effective, replaceableBy } = resolveImage(value, allowedEnvs)
    for (const v of replaceableBy) setBy.add(v)
    const name = effective.replace(/^["']|["']$/g, '').trim()
    if (name && !replaceableBy.length) models.add(name)
  }
  const tokens = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => text(x) ?? '').flatMap((x) => x.split(/\s+/)) : (text(v) ?? '').split(/\s+/)).filter(Boolean)
  for (const words of [tokens(raw.entrypoint), tokens(raw.command)]) {
    for (let i = 0; i < words.length; i++) {
      const [flag, inline] = words[i]!.split(/=(.*)/s) as [string, string | undefined]
      if (!MODEL_FLAGS.has(flag)) continue
      if (inline !== undefined) add(inline)
      // --served-model-name takes one or more names, up to the next flag.
      else for (let j = i + 1; j < words.length && !words[j]!.startsWith('-'); j++) {
        add(words[j]!)
        if (flag !== '--served-model-name') break
      }
    }
  }
  for (const key of MODEL_ENVS) if (env[key] !== undefined) add(env[key]!)
  return { models: [...models], setBy: [...setBy] }
}

/** Known agents that send logs, traces or metrics to a third party. */
const TELEMETRY_IMAGES: Array<[RegExp, string]> = [
  [/(^|\/)datadog\/(agent|dogstatsd)$|datadoghq\//i, 'Datadog'],
  [/opentelemetry-collector|(^|\/)otel\/|otelcol/i, 'an OpenTelemetry collector'],
  [/(^|\/)grafana\/(agent|alloy|promtail)$/i, 'Grafana'],
  [/(^|\/)fluent\/(fluent-bit|fluentd)$|(^|\/)fluentd$/i, 'a Fluent log shipper'],
  [/(^|\/)timberio\/vector$/i, 'Vector'],
  [/newrelic\//i, 'New Relic'],
  [/splunk\//i, 'Splunk'],
  [/(^|\/)elastic\/(filebeat|metricbeat|elastic-agent)$|(^|\/)logstash$/i, 'Elastic'],
  [/(^|\/)getsentry\//i, 'Sentry'],
]

function telemetryOf(service: DeploymentService, env: Record<string, string>): { sentence: string; facts: TelemetryFacts } | undefined {
  const match = TELEMETRY_IMAGES.find(([re]) => re.test(service.repository ?? ''))
  const vendor = match?.[1] ?? (env.DD_API_KEY !== undefined ? 'Datadog' : undefined)
  if (!vendor) return undefined
  if (vendor === 'Datadog') {
    const logs = env.DD_LOGS_ENABLED === 'true'
    const site = env.DD_SITE && !env.DD_SITE.includes('$') ? env.DD_SITE : undefined
    const facts: TelemetryFacts = {
      vendor,
      logs,
      ...(site ? { site } : {}),
      allContainers: logs && env.DD_LOGS_CONFIG_CONTAINER_COLLECT_ALL === 'true',
      processes: env.DD_PROCESS_AGENT_ENABLED === 'true',
    }
    let sentence = `sends ${logs ? 'logs and metrics' : 'metrics'} out of the enclave to Datadog${site ? ` (${site})` : ''}`
    const extras: string[] = []
    if (facts.allContainers) extras.push("every container's logs (DD_LOGS_CONFIG_CONTAINER_COLLECT_ALL=true)")
    if (facts.processes) extras.push('the process list (DD_PROCESS_AGENT_ENABLED=true)')
    if (extras.length) sentence += `, including ${extras.join(' and ')}`
    return { sentence, facts }
  }
  return { sentence: `sends logs or metrics out of the enclave to ${vendor}`, facts: { vendor } }
}

function serviceFindings(service: DeploymentService, raw: Record<string, unknown>, allowedEnvs: readonly string[]): DeploymentFinding[] {
  const findings: DeploymentFinding[] = []
  const name = service.name
  if (!service.image) {
    if (raw.build !== undefined) {
      findings.push({ kind: 'unpinned-image', severity: 'warning', service: name, message: `${name} is built at launch, not pulled by digest: its code is not fixed by the compose hash.`, params: { service: name } })
    }
  } else {
    const { replaceableBy } = resolveImage(service.image, allowedEnvs)
    if (replaceableBy.length) {
      findings.push({
        kind: 'replaceable-image',
        severity: 'warning',
        service: name,
        message: `${name}'s image can be replaced at launch through ${replaceableBy.join(', ')} (an allowed environment variable).`,
        params: { service: name, variables: replaceableBy.join(', ') },
      })
    } else if (!service.digest) {
      findings.push({
        kind: 'unpinned-image',
        severity: 'warning',
        service: name,
        message: `${name} runs ${service.repository}${service.tag ? `:${service.tag}` : ''}, not pinned by digest: the registry decides which code that is.`,
        params: { service: name, image: `${service.repository}${service.tag ? `:${service.tag}` : ''}` },
      })
    }
  }
  if (service.telemetry) {
    const f = service.telemetryFacts
    findings.push({
      kind: 'telemetry',
      severity: 'warning',
      service: name,
      message: `${name} ${service.telemetry}.`,
      params: {
        service: name,
        vendor: f?.vendor ?? '',
        ...(f?.site ? { site: f.site } : {}),
        ...(f?.logs ? { logs: 'true' } : {}),
        ...(f?.allContainers ? { allContainers: 'true' } : {}),
        ...(f?.processes ? { processes: 'true' } : {}),
      },
    })
  }
  if (service.access.some((a) => a === 'Docker socket')) {
    findings.push({
      kind: 'container-control',
      severity: 'warning',
      service: name,
      message: `${name} controls Docker (the Docker socket is mounted read-write): it can start containers that this compose file does not list.`,
      params: { service: name },
    })
  }
  if (service.access.some((a) => a === 'privileged' || a.startsWith('capabilities') || a === 'host PID namespace')) {
    const what = service.access.filter((a) => a === 'privileged' || a.startsWith('capabilities') || a === 'host PID namespace')
    findings.push({ kind: 'privileged', severity: 'notice', service: name, message: `${name} runs with elevated rights (${what.join('; ')}).`, params: { service: name, rights: what.join('; ') } })
  }
  return findings
}
