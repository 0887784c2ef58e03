import type { Assurance, AssuranceParams } from '../../core/attestation/assurances.ts'
import type { DeploymentFinding } from '../../core/attestation/deployment/deployment.ts'
import type { IdentityChange } from '../../core/attestation/identity/identity.ts'
import type { Check } from '../../core/attestation/report.ts'
import type { attestationEn } from './attestation-en.ts'

const list = (items: readonly string[] | undefined) => (items ?? []).join('、')
const findingsNote = (p: AssuranceParams) => (p.findings ? ` 关于运行内容有 ${p.findings} 条发现（见部署信息）。` : '')

const CHANGES: Record<string, string> = {
  composeHash: 'compose 哈希',
  osImageHash: '操作系统镜像哈希',
  mrtd: 'MRTD（固件）',
  rtmr1: 'RTMR1（内核）',
  rtmr2: 'RTMR2（内核命令行、initrd）',
}
const changeName = (key: string) => CHANGES[key] ?? (String(key).startsWith('image:') ? `镜像 ${key.slice(6)}` : key)

/** Each assurance state's word and sentence, by id and code (the codes of `ASSURANCE_CODES`). */
/** The key "Key made inside" is about: not only an encryption key (a TEE model's key signs). */
const MODEL_KEY = '模型的密钥（用于为回复签名，端到端加密的对话也加密到它）'
/** A rating under a simulator's test roots: the simulator's, not Intel's. */
const SIM_RATER = '模拟器的测试根证书（本地测试根证书，而非 Intel）'

const ASSURANCES: Record<string, (p: AssuranceParams) => [string, string]> = {
  'hardware/not-checked': () => ['未检查', '没有检查任何 Intel TDX 报告，因此无法证明它运行在安全飞地中。'],
  'hardware/not-proven': () => ['未证实', 'Intel TDX 报告未通过验证：它可能根本不是安全飞地。'],
  'hardware/debug': () => ['调试模式', '安全飞地运行在调试模式下：宿主机可以读取它的内存。'],
  'hardware/simulated': () => ['模拟', '模拟环境：报告由本地测试根证书签名，而不是 Intel。这里没有任何隐私保护。'],
  'hardware/genuine': () => ['真实的 Intel TDX', '真实的 Intel TDX 硬件：报告由 Intel 认证的密钥签名，且安全飞地没有处于调试模式。'],
  'fresh/not-fresh': () => ['非最新', '证据没有回应我们发送的随机数：它可能是旧回答的重放。'],
  'fresh/unsigned': () => ['未证实', '我们的随机数所在的报告没有通过验证：没有任何东西证明是安全飞地签署了它。'],
  'fresh/fresh': () => ['最新', '最新：安全飞地签署了我们为这份报告给它的随机数。'],
  'fresh/echoed-only': () => ['仅回显', '服务器回显了我们的随机数，但没有报告绑定它：新鲜性只凭服务器的一面之词。'],
  'fresh/not-checked': () => ['未检查', '没有检查新鲜性：没有把我们的随机数与证据进行比对。'],
  'key/not-bound': () => ['未绑定', `${MODEL_KEY}没有绑定到安全飞地：不要向它发送任何隐私内容。`],
  'key/unsigned': () => ['未证实', '绑定这个密钥的报告没有通过验证：没有任何东西证明这个密钥是在安全飞地内部生成的。'],
  'key/gateway-nothing': () => ['网关：未绑定', '网关不持有我们用来加密的密钥，而且没有经过检查的 REPORTDATA 把它的 TLS 证书或签名地址绑定到报告。'],
  'key/gateway-tls': () => ['网关：已绑定 TLS', '网关不持有我们用来加密的密钥：它的报告绑定了 TLS 证书的指纹，但这里没有把它与连接所用的证书进行比对。'],
  'key/gateway-address': () => ['网关：仅绑定地址', '网关不持有我们用来加密的密钥：它的报告只绑定了签名地址，因此没有任何东西把 TLS 连接与这个安全飞地联系起来。'],
  'key/made-inside': () => ['在飞地内生成', `${MODEL_KEY}是在安全飞地内部生成的：报告本身就包含它的地址。`],
  'key/not-checked': () => ['未检查', `没有任何东西把${MODEL_KEY}与安全飞地的硬件联系起来。`],
  'platform/not-checked': () => ['未检查', '没有检查平台补丁级别：没有可用的 Intel 担保数据，因此 TCB 状态和吊销情况未知。'],
  'platform/collateral-failed': (p) => ['担保数据未通过验证', `${p.simulated ? SIM_RATER : 'Intel '}的担保数据没有通过验证或已经过期（见相关检查），因此平台的补丁级别和吊销情况未知。`],
  'platform/revoked': (p) => ['已吊销', p.simulated ? `${SIM_RATER}的担保数据将这个平台的密钥列为已吊销。` : 'Intel 已吊销这个平台的密钥。'],
  'platform/simulated': (p) => [`模拟：${p.status === 'UpToDate' ? '已是最新' : (p.status ?? '已评级')}`, `由本地测试根证书签名的担保数据评定为 ${p.status ?? '可接受'}，而不是 Intel 的评级。`],
  'platform/up-to-date': () => ['已是最新', '平台已打补丁：Intel 评定这台机器为最新，且它的证书均未被吊销。'],
  'platform/accepted': (p) => [p.status ?? '', `Intel 将这台机器评定为 ${p.status ?? ''}${p.advisories?.length ? `（${p.advisories.length} 条安全公告）` : ''}；策略接受这一评级。`],
  'platform/out-of-date': (p) => [
    '未及时更新',
    `未及时更新：${p.simulated ? `${SIM_RATER}的担保数据` : 'Intel '}列出了 ${p.advisories?.length ?? 0} 条这台机器尚未修补的安全公告${p.advisories?.length ? `（${list(p.advisories)}）` : ''}。`,
  ],
  'platform/no-level': (p) => ['没有适用的 TCB 级别', `${p.simulated ? SIM_RATER : 'Intel '}的担保数据中没有适用于这台机器的 TCB 级别（例如担保数据属于另一个平台）。`],
  'platform/not-accepted': (p) => ['不被接受', `策略不接受${p.simulated ? SIM_RATER : ' Intel '}对这台机器的评级${p.status ? `（${p.status}）` : ''}。`],
  'code/another-model': () => ['其他模型', '与报告绑定的应用 compose 提供的是另一个模型，而不是所请求的模型。'],
  'code/not-checked': () => ['未检查', '没有检查运行的代码：没有经过验证的报告度量它。'],
  'code/mismatch': () => ['不是固定的代码', '安全飞地运行的不是此应用固定的代码。'],
  'code/changed': (p) => ['已变更', `自上次验证这个模型以来，代码已变更（${p.changes?.length ? list(p.changes.map(changeName)) : '它的度量值'}）。${findingsNote(p)}`],
  'code/pinned': (p) => ['已固定', `安全飞地运行的正是此应用固定的代码。${findingsNote(p)}`],
  'code/known': (p) => ['已知部署', `公开抓取记录中曾观察到的部署（${p.deployment ?? ''}，见于 ${list(p.seen)}）；仅为观察所得，未经审计。${findingsNote(p)}`],
  'code/seen': (p) => ['以前见过', `与这个模型自 ${p.since ?? ''} 以来 ${p.count ?? 0} 次通过验证的证明运行的代码相同。${findingsNote(p)}`],
  'code/new': (p) => ['首次见到', `首次见到这份代码：已记住它，之后的任何变更都会报告。${findingsNote(p)}`],
  'code/unknown': (p) => ['未识别', `代码已被度量，但未被识别：没有固定值，也不是已知部署。${findingsNote(p)}`],
  'gpus/not-proven': () => ['未证实', 'GPU 证据没有通过验证：这些 GPU 可能不是真正处于机密计算模式的 NVIDIA GPU。'],
  'gpus/count-mismatch': () => ['不完整', 'GPU 证据没有覆盖这台 VM 的全部 GPU：模型可能运行在没人验证过的 GPU 上，或者报告被改动过。'],
  'gpus/gateway': () => ['无（网关）', '网关是只有 CPU 的可信执行环境：它没有需要证明的 GPU。'],
  'gpus/not-checked': () => ['未检查', '没有检查 GPU：报告中没有我们验证过的 GPU 证据。'],
  'gpus/simulated': (p) => [`${p.count ?? 0} 块模拟 GPU`, `${p.count ?? 0} 块模拟 GPU：证据链指向本地测试根证书，而不是 NVIDIA。这里没有任何隐私保护。`],
  'gpus/genuine': (p) => [
    `${p.count ?? 0} 块真实 GPU`,
    `${p.count ?? 0} 块${p.distinct ? '互不相同的' : ''}真实 NVIDIA GPU 处于机密模式${p.bound ? '，已绑定我们的随机数' : '，但没有绑定我们的随机数'}。`,
  ],
}

function finding(f: DeploymentFinding): string {
  const p = f.params ?? {}
  switch (f.kind) {
    case 'unparsed':
      return `无法读取应用 compose（${p.error ?? ''}），因此不知道安全飞地中运行着什么。`
    case 'pre-launch-script':
      return `容器启动前，安全飞地内会运行一段预启动脚本（${p.lines ?? '?'} 行）；它属于被度量的 compose。`
    case 'public-logs':
      return 'public_logs 已开启：可以从安全飞地外部读取容器的日志。'
    case 'script-runner':
      return '安全飞地运行的是一个 bash 脚本，而不是 docker compose 服务：需要阅读这个脚本才能知道运行了什么。'
    case 'unpinned-image':
      return p.image ? `${p.service} 运行 ${p.image}，没有按摘要固定：由镜像仓库决定那是哪份代码。` : `${p.service} 在启动时构建，而不是按摘要拉取：它的代码不由 compose 哈希固定。`
    case 'replaceable-image':
      return `${p.service} 的镜像可以在启动时通过允许的环境变量 ${p.variables ?? ''} 替换。`
    case 'telemetry': {
      const extras = [p.allContainers && '每个容器的日志（DD_LOGS_CONFIG_CONTAINER_COLLECT_ALL=true）', p.processes && '进程列表（DD_PROCESS_AGENT_ENABLED=true）'].filter(Boolean)
      const what = p.vendor === 'Datadog' ? (p.logs ? '日志和指标' : '指标') : '日志或指标'
      return `${p.service} 把${what}发送到安全飞地之外的 ${p.vendor}${p.site ? `（${p.site}）` : ''}${extras.length ? `，包括${extras.join('和')}` : ''}。`
    }
    case 'container-control':
      return `${p.service} 控制着 Docker（Docker 套接字以读写方式挂载）：它可以启动这个 compose 文件没有列出的容器。`
    case 'privileged':
      return `${p.service} 以提升的权限运行（${p.rights ?? ''}）。`
    default:
      return f.message
  }
}

const CHECK_LABELS: Record<string, string> = {
  'server.verified': '服务商的验证声明',
  'nonce.match': '最新的随机数',
  'key.present': '安全飞地公钥',
  'key.address': '密钥与签名地址一致',
  'attestation.model': '所证明的模型',
  'tdx.quote.parse': 'TDX 报告',
  'tdx.quote.signature': '报告签名',
  'tdx.qe.reportdata': '证明密钥绑定到 QE',
  'tdx.qe.signature': 'QE 报告签名',
  'tdx.pck.chain': 'PCK 证书链',
  'tdx.pinned.qe': '报告飞地（QE）属于 Intel',
  'tdx.pinned.pck': 'PCK 证书使用 Intel 的名称',
  'tdx.pinned.oids': 'PCK 证书带有 Intel 的 OID',
  'tdx.pinned.module': 'TDX 模块属于 Intel',
  'tdx.collateral.tcbinfo': 'Intel TCB 信息',
  'tdx.collateral.qeidentity': 'Intel QE 身份',
  'tdx.collateral.crl': '证书吊销',
  'tdx.collateral.freshness': '担保数据在有效期内',
  'tdx.tcb.status': '平台 TCB 状态',
  'tdx.debug': '生产环境 TD（非调试）',
  'tdx.attributes': 'TD 属性与 XFAM',
  'tdx.reportdata': 'REPORTDATA 绑定密钥和随机数',
  'tdx.mrconfigid': 'MRCONFIGID 绑定应用 compose',
  'tdx.rtmr.replay': '事件日志重放得到 RTMR0-3',
  'tdx.measurements': '度量值符合允许列表',
  'deployment.model': '应用 compose 提供这个模型',
  'deployment.images.pinned': '每个镜像都按摘要固定',
  'deployment.services.forbidden': '没有运行被禁止的服务',
  'identity.pinned': '代码身份与固定值一致',
  'identity.continuity': '与上次相同的代码',
  'gpu.payload': 'GPU 证据',
  'gpu.distinct': '互不相同的 GPU',
  'gpu.nras.jwt': 'NRAS 令牌签名',
  'gpu.nras.nonce': 'NRAS 随机数',
  'gpu.nras.claims': 'NRAS 结论',
}
const GPU_CHECKS: Record<string, string> = { signature: '证据签名', chain: '证书链', nonce: '最新的随机数' }

/** 简体中文: the attestation badge's words. */
export const attestationZhCN: typeof attestationEn = {
  labels: { verifying: '正在验证…', verified: '已验证', failed: '验证失败', simulated: '模拟', unverifiable: '无法验证', stale: '验证已过期' },
  pillPrefix: '证明：',
  headings: { verifying: '正在检查安全飞地', verified: '安全飞地已验证', failed: '安全飞地未通过验证', simulated: '模拟的安全飞地', unverifiable: '没有可检查的证明', stale: '验证已过期' },
  summaries: {
    verifying: '正在获取最新证据，并在你的浏览器中检查。',
    verified: '证据已在你的浏览器中检查，所有必需的检查均已通过。',
    failed: '至少有一项必需的检查没有通过。不要向这个模型发送隐私数据。',
    simulated: '所有必需的检查都通过了，但依据的是本地测试根证书，而不是 Intel 或 NVIDIA。适合开发，不适合隐私数据。',
    unverifiable: '这个模型不提供证明，因此无法检查任何内容。',
    stale: '这次验证已经太旧，不能再依赖。发送隐私数据前请重新验证。',
  },
  failedWithoutReport: '验证未能完成。在验证成功之前，不要发送隐私数据。',
  counts: (c) => `${c.passed} 项通过 · ${c.failed} 项失败 · ${c.skipped} 项未检查`,
  policy: '策略',
  providerClaim: (verified) => `服务商称：${verified ? '已验证' : '未验证'}（这是它自己的声明，不是我们的检查）`,
  copyReport: '复制报告',
  // The copy button's name is 复制 + this: it starts with its visible words (复制报告), as a spoken command needs.
  reportLabel: '报告（JSON 格式）',
  verifyAgain: '重新验证',
  keyHolder: {
    worker: '解密：在 Web Worker 中进行（会话密钥从不接触页面）',
    mainThread: (reason) => `解密：在主线程中进行（${reason}）`,
    custom: (reason) => `解密：在应用自己的密钥持有者中进行（${reason}）`,
    ecdhFallback: (name, reason) => `密钥协商：使用 JavaScript 实现（${name}），而非 WebAssembly（${reason}）；仍是端到端加密，但较慢`,
    signatureCheck: (reason) => `响应签名：在主线程中检查，密钥持有者无法检查（${reason}）；检查内容相同`,
  },
  verifiedIn: {
    worker: '验证：在 Web Worker 中进行（不在主线程）',
    mainThread: (reason) => `验证：在主线程中进行（${reason}）`,
  },
  summaryLabel: '这证明了什么',
  statusWords: { yes: '是', warning: '注意', no: '否', 'not-checked': '未检查' },
  assuranceTitles: { hardware: '真实的硬件', fresh: '最新的证据', key: '密钥在飞地内生成', platform: '平台已打补丁', code: '运行的代码', gpus: 'GPU' },
  assurance: (a: Assurance) => {
    const words = ASSURANCES[`${a.id}/${a.code}`]
    if (!words) return { value: a.value, text: a.text }
    const [value, text] = words(a.params)
    return { value, text }
  },
  checkStatus: { passed: '通过', failed: '失败', skipped: '未检查' },
  required: '必需',
  failedChecks: '未通过的检查',
  failedCount: (n) => `${n} 项失败`,
  groupFailed: (failed) => `${failed} 项失败（见上方）`,
  groupCounts: (passed, skipped) => [passed && `${passed} 项通过`, skipped && `${skipped} 项未检查`].filter(Boolean).join(' · '),
  topics: { hardware: '硬件与 Intel', freshness: '新鲜性与密钥', code: '代码身份', gpus: 'GPU', provider: '服务商的声明', other: '其他检查' },
  checkLabel: zhCheckLabel,
  checkDetail: zhCheckDetail,
  evidenceOf: (label) => `证据（${label}）`,
  copyEvidence: '复制证据',
  jargon: {
    REPORTDATA: '安全飞地写入报告的 64 字节：这里是它的密钥地址和我们的随机数。',
    TDATTRIBUTES: 'CPU 强制执行的安全飞地设置；若第 0 位被置位，则表示调试模式。',
    XFAM: '安全飞地可以使用哪些 CPU 功能（例如 AVX）。',
    SPDM: 'GPU 用来证明自身身份并签署其度量值的协议。',
    PCK: 'Intel 为这颗 CPU 颁发的证明证书（PCK，配置认证密钥）。',
    MRTD: '安全飞地固件的哈希，在构建时度量。',
    RTMR: '启动内容的累积哈希：RTMR0 是虚拟机配置，RTMR1 是内核，RTMR2 是内核命令行和 initrd，RTMR3 是应用。',
    MRCONFIGID: '由宿主机在启动时设置：这里是描述运行内容的应用 compose 的哈希。',
    TCB: 'Intel 评定的平台安全补丁级别。',
  },
  deployment: {
    title: '安全飞地中运行着什么',
    states: {
      pinned: '已固定：正是此应用预期的代码',
      mismatch: '不是此应用固定的代码',
      known: '以前观察到的部署（未经审计）',
      seen: '与上次相同的代码',
      changed: '自上次验证这个模型以来已变更',
      new: '首次见到：从现在起会记住它',
      unknown: '未识别',
    },
    services: (n, pinned) => `${n} 个服务，${pinned === n ? '全部' : `${pinned} 个`}按摘要固定`,
    findings: (n) => `${n} 条发现`,
    unbound: '报告没有绑定这个应用 compose：这是服务器的一面之词，而不是安全飞地的。',
    known: (id, provider, seen) => `在公开抓取记录中见过，名为 ${id}（${provider}，${seen}）。仅为观察所得，未经审计。`,
    knownVm: (vm) => ` RTMR0 与 ${vm} 虚拟机一致。`,
    seenBefore: (count, since) => `以前见过：自 ${since} 以来 ${count} 次通过验证的证明。`,
    changedSince: (date) => `自 ${date ?? '上次'} 以来的变更：`,
    change: (c: IdentityChange) => changeName(c.key),
    finding,
    servicesCaption: '应用 compose 中的服务',
    service: '服务',
    image: '镜像',
    pinned: '已固定',
    byDigest: '按摘要',
    no: '否',
    builtAtLaunch: '（启动时构建）',
    flagState: (on) => (on ? '开' : '关'),
    composeHash: 'Compose 哈希',
    osImageHash: '操作系统镜像哈希',
    identityLabel: '代码身份',
    copyIdentity: '复制身份',
  },
  evidence: {
    title: '证据',
    none: '无',
    quote: (version) => `TDX 报告 v${version}`,
    gpuCount: (n) => `${n} 块 GPU`,
    provider: '服务商',
    hardware: '硬件',
    model: '模型',
    signingAddress: '签名地址',
    nonce: '随机数',
    tdxQuote: 'TDX 报告',
    debug: '调试',
    debugOn: '调试 TD：宿主机可以读取内存',
    debugOff: '关闭（生产环境 TD）',
    tcbStatus: 'TCB 状态',
    advisories: '安全公告',
    gpu: (index) => `GPU ${index}`,
    gpus: 'GPU',
    gpuVerified: '已验证（SPDM）',
    gpuNotVerified: '未验证',
    nonceMatches: '随机数一致',
    nonceMismatch: '随机数不一致',
    verifiedAt: '验证时间',
    notChecked: (reason) => `未检查（${reason}）`,
    reasons: { notReported: '未报告', noSigningKey: '没有签名密钥', noNonce: '没有随机数', noCollateral: '没有 Intel 担保数据', noQuote: '响应中没有报告', noGpuEvidence: '没有 GPU 证据' },
    label: '证据',
  },
}

/** A check's label in Chinese: by id, GPU rows by their kind; else core's (English) label. */
function zhCheckLabel(id: string, label: string): string {
  const gpu = /^gpu\.(\d+)\.(signature|chain|nonce)$/.exec(id)
  if (gpu) return `GPU ${gpu[1]} ${GPU_CHECKS[gpu[2]!]}`
  // Whose count it is: the quote's (a known VM configuration's RTMR0) or the server's vm_config.
  if (id === 'gpu.count') return label === 'GPU count the quote measures' ? '报价度量的 GPU 数量' : label === 'GPU count the VM claims' ? 'VM 配置声称的 GPU 数量' : label
  return CHECK_LABELS[id] ?? label
}

const NO_COLLATERAL = '没有提供 Intel 附属数据（离线验证）：TCB 状态、吊销情况和时效均未知。'
const NO_NRAS = '没有提供 NRAS 响应：证据已离线验证（NRAS 不发送 CORS 头，浏览器无法向它请求）。'
/** How core describes the expected REPORTDATA (`describe` in tdx/report-data.ts), in Chinese; `undefined` for another wording. */
function REPORT_DATA_LAYOUTS(layout: string): string | undefined {
  if (layout === 'signing address || 12 zero bytes || nonce') return '签名地址 || 12 个零字节 || 随机数'
  if (layout === 'sha256(signer || TLS fingerprint) || nonce') return 'sha256(签名者 || TLS 指纹) || 随机数'
  if (layout === 'the expected 64 bytes') return '预期的 64 字节'
  const signer = /^signer \((\d+) bytes, zero-padded to 32\) \|\| nonce$/.exec(layout)
  return signer ? `签名者（${signer[1]} 字节，补零至 32 字节）|| 随机数` : undefined
}
const SIMULATED_PINNED = (what: string) => `模拟的 TDX 报告：Intel 固定的${what}不适用。`

/**
 * The common check details in Chinese, by check id (a pattern), status, and core's English sentence
 * (a pattern whose groups are the sentence's values). Only a sentence that matches exactly gets
 * words: anything else stays core's English, marked as such, never a guess.
 */
const CHECK_DETAILS: Array<[id: RegExp, status: Check['status'], detail: RegExp, words: (m: RegExpExecArray) => string]> = [
  [/^nonce\.match$/, 'passed', /^The report echoes the nonce we generated for this request\.$/, () => '报告回显了我们为此请求生成的随机数。'],
  [/^nonce\.match$/, 'failed', /^The report does not echo our nonce: possible replay\.$/, () => '报告没有回显我们的随机数：可能是重放。'],
  [/^server\.verified$/, 'passed', /^The provider reports verified: true \(its own claim, not proof\)\.$/, () => '服务商报告 verified: true（这是它自己的声明，不是证明）。'],
  [/^server\.verified$/, 'skipped', /^The report makes no server-side verification claim \(NEAR reports carry none\)\.$/, () => '报告没有服务器端的验证声明（NEAR 的报告不带此声明）。'],
  [/^attestation\.model$/, 'passed', /^The report names the requested model \(model, model_name, upstream_model\)\.$/, () => '报告指明了所请求的模型（model、model_name、upstream_model）。'],
  [/^key\.present$/, 'passed', /^A well-formed (secp256k1|ed25519) public key is present\.$/, (m) => `存在格式正确的 ${m[1]} 公钥。`],
  [/^key\.address$/, 'passed', /^keccak256 of the signing key gives the attested signing address\.$/, () => '签名密钥的 keccak256 得出经过证明的签名地址。'],
  [/^key\.address$/, 'passed', /^The ed25519 signing address is the signing key\.$/, () => 'ed25519 签名地址就是签名密钥本身。'],
  [/^key\.address$/, 'failed', /^The signing key does not hash to the attested signing address\.$/, () => '签名密钥的哈希不是经过证明的签名地址。'],
  [/^tdx\.debug$/, 'passed', /^TDATTRIBUTES bit 0 \(DEBUG\) is clear\.$/, () => 'TDATTRIBUTES 第 0 位（DEBUG）未置位。'],
  [/^tdx\.quote\.parse$/, 'passed', /^TDX quote v(\d+) \(TDX ([\d.]+) TD report\), (\d+) bytes\.$/, (m) => `TDX 报告第 ${m[1]} 版（TDX ${m[2]} TD 报告），${m[3]} 字节。`],
  [/^tdx\.quote\.signature$/, 'passed', /^The attestation key signed the quote header and TD report \(ECDSA P-256\)\.$/, () => '证明密钥签署了报告头和 TD 报告（ECDSA P-256）。'],
  [/^tdx\.qe\.signature$/, 'passed', /^The PCK certificate key signed the Quoting Enclave report\.$/, () => 'PCK 证书的密钥签署了 Quoting Enclave 报告。'],
  [
    /^tdx\.qe\.reportdata$/,
    'passed',
    /^The Quoting Enclave report binds the attestation key: REPORTDATA = sha256\(attestation key \|\| QE auth data\) \|\| zeros\.$/,
    () => 'Quoting Enclave 报告绑定了证明密钥：REPORTDATA = sha256(证明密钥 || QE 认证数据) || 零。',
  ],
  [/^tdx\.reportdata$/, 'passed', /^REPORTDATA = (.+): all 64 bytes match\.$/, (m) => (REPORT_DATA_LAYOUTS(m[1]!) ? `REPORTDATA = ${REPORT_DATA_LAYOUTS(m[1]!)}：全部 64 字节一致。` : '')],
  [/^tdx\.rtmr\.replay$/, 'passed', /^Replaying (\d+) events reproduces RTMR0-3; the (\d+) RTMR3 runtime event digests match their content\.$/, (m) => `重放 ${m[1]} 个事件可重现 RTMR0-3；${m[2]} 个 RTMR3 运行时事件的摘要与其内容一致。`],
  [/^tdx\.rtmr\.replay$/, 'skipped', /^No event log was given\.$/, () => '没有提供事件日志。'],
  [/^tdx\.collateral\.|^tdx\.tcb\.status$/, 'skipped', /^No Intel collateral was supplied \(offline verification\): TCB status, revocation and freshness are unknown\.$/, () => NO_COLLATERAL],
  [/^tdx\.measurements$/, 'skipped', /^No measurement allowlist was given\.$/, () => '没有提供度量值允许列表。'],
  [/^tdx\.pinned\.module$/, 'skipped', /^Simulated quote: Intel's pinned TDX module identity does not apply\.$/, () => SIMULATED_PINNED(' TDX 模块身份')],
  [/^tdx\.pinned\.oids$/, 'skipped', /^Simulated quote: Intel's PCK certificate OIDs do not apply\.$/, () => SIMULATED_PINNED(' PCK 证书 OID')],
  [/^tdx\.pinned\.pck$/, 'skipped', /^Simulated quote: Intel's certificate names do not apply\.$/, () => SIMULATED_PINNED('证书名称')],
  [/^tdx\.pinned\.qe$/, 'skipped', /^Simulated quote: Intel's pinned QE identity does not apply\.$/, () => SIMULATED_PINNED(' QE 身份')],
  [/^gpu\.\d+\.nonce$/, 'passed', /^The signed SPDM request carries our nonce, so the evidence is fresh\.$/, () => '签名的 SPDM 请求带有我们的随机数，因此证据是最新的。'],
  [/^gpu\.distinct$/, 'passed', /^(\d+) entr(?:y|ies), (\d+) distinct device certificate(?:s|\(s\))? and evidence\.$/, (m) => `${m[1]} 个条目，${m[2]} 个互不相同的设备证书和证据。`],
  [/^gpu\.nras\./, 'skipped', /^No NRAS response supplied: the evidence was verified offline \(NRAS sends no CORS headers, so browsers cannot ask it\)\.$/, () => NO_NRAS],
  [/^identity\.continuity$/, 'skipped', /^No measurement store: whether the code changed since last time is not tracked\.$/, () => '没有度量值存储：不会跟踪代码自上次以来是否变化。'],
  [/^identity\.continuity$/, 'skipped', /^First time this model is seen: nothing to compare yet\. Its code identity is remembered once verification passes\.$/, () => '首次见到这个模型：还没有可比较的记录。验证通过后会记住它的代码身份。'],
  [/^identity\.continuity$/, 'passed', /^Seen before: (\d+) verified attestations? since (.+) carried the same code\.$/, (m) => `曾见过：自 ${m[2]} 以来 ${m[1]} 次通过验证的证明携带相同的代码。`],
  [/^identity\.pinned$/, 'skipped', /^No OS image or image digest is pinned \(measurements\.osImages \/ imageDigests\)\.$/, () => '没有固定操作系统镜像或镜像摘要（选项 measurements）。'],
  [/^identity\.pinned$/, 'passed', /^The OS image and images match the pinned values\.$/, () => '操作系统镜像和各镜像与固定的值一致。'],
]

/** A check's detail in Chinese when its id, status and sentence are one the table knows; else `undefined` (core's English). */
function zhCheckDetail(check: Pick<Check, 'id' | 'status' | 'detail'>): string | undefined {
  for (const [id, status, detail, words] of CHECK_DETAILS) {
    if (status !== check.status || !id.test(check.id)) continue
    const match = detail.exec(check.detail)
    // A sentence whose values have no words either (an empty string) stays English as a whole.
    if (match) return words(match) || undefined
  }
  return undefined
}
