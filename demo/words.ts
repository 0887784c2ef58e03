import type { FaultName } from '../src/simulator/index.ts'

/**
 * The demo page's own words, beside the components' catalogs: the same languages, picked by the
 * same switch, so the page never stays English around a Chinese chat. Strings that take values are
 * functions, so word order stays the translation's. Product names (sealkit, Venice, Intel, NVIDIA,
 * TDX, REPORTDATA) and code stay as they are in every language.
 */
export const demoEn = {
  brandTag: 'demo',
  language: 'Language',
  theme: { label: 'Theme', system: 'Auto', light: 'Light', dark: 'Dark' },
  chatRegion: 'Chat',
  noKey: {
    title: 'Add a Venice API key',
    body: 'Enter your key to chat with Venice’s real enclaves: the same checks run against Intel’s and NVIDIA’s real roots, and the badge can say Verified. Until then, the simulated enclave shows everything sealkit checks, with no network and no key.',
    back: 'Back to the simulated enclave',
  },
  backend: { title: 'Backend', simulator: 'Simulated enclave', venice: 'Venice API' },
  floor: {
    title: 'Privacy floor',
    e2ee: 'End-to-end encrypted',
    tee: 'Also TEE',
    e2eeHelp: 'Only E2EE models: every message is encrypted in this browser to the attested enclave key (the app sets the floor: minPrivacy="e2ee").',
    teeHelp: 'TEE models too: messages go as plain text over TLS to an attested enclave, and every reply is still signed by its key (minPrivacy="tee").',
  },
  inYourApp: 'In your app',
  exampleCode: 'Example code',
  footer: {
    builtWith: 'Built with',
    simulator: 'The simulated enclave runs in this page: no request leaves your browser.',
    venice: (host: string) => `Requests go from this tab straight to ${host}.`,
  },
  intro: {
    title: 'Private chat you can check',
    lead: 'The model runs in a hardware enclave (Intel TDX with NVIDIA confidential GPUs). Before your first message, this page checks that enclave itself, then encrypts to it.',
    simulatedBefore: 'You are talking to a',
    simulatedStrong: 'simulated enclave',
    simulatedAfter: 'running in this page: its evidence is checked for real but chains to a test root, so nothing here is private. Switch the backend to Venice for a real one.',
    stepsLabel: 'What is verified',
    steps: [
      ['Fresh attestation', 'A random 32-byte nonce goes out; a TDX quote and GPU reports must come back answering it.'],
      ['Verified in your browser', 'Signatures and certificate chains up to pinned roots, debug off, REPORTDATA binding the enclave key to your nonce.'],
      ['Encrypted to that key', 'E2EE models: messages sealed to the attested key; every streamed chunk decrypted and authenticated in this tab.'],
      ['Signed replies', 'Replies signed by the attested key over the exact bytes. Open the badge to see every check.'],
    ] as ReadonlyArray<readonly [string, string]>,
  },
  identity: {
    label: 'What runs in the enclave',
    help: 'The badge remembers each model’s code after a verified attestation (seen before), shows exactly what changed after a redeploy, and checks pinned measurements. Open it to see.',
    redeploy: 'Redeploy the enclave',
    redeployed: (revision: number) => `Redeployed: revision ${revision}, a new image digest and compose hash.`,
    pin: 'Pin what runs now',
    unpin: 'Unpin',
    nothingYet: 'Nothing verified yet: wait for the badge, then pin.',
    pinned: 'Pinned: the OS image and image digests that run now. A redeploy will now fail verification.',
    forget: 'Forget what was seen',
    forgotten: 'Forgotten: the next attestation is seen for the first time.',
    pccs: 'Check the platform’s patch level with Intel collateral (the simulator’s PCCS)',
  },
  faults: {
    label: 'Fault to inject',
    none: 'None: a well-behaved enclave',
    noneHelp: 'The enclave behaves. Its evidence is checked for real, but chains to a test root this page trusts explicitly, so the badge says Simulated, never Verified.',
    groups: { attestation: 'Attestation', encryption: 'Encryption and signatures', streaming: 'Streaming' },
    names: {
      'tampered-chunk': { label: 'Tampered chunk', description: 'One encrypted reply chunk fails AES-GCM authentication. The stream stops there; no forged text is shown.' },
      'plaintext-chunk': { label: 'Plaintext chunk', description: 'One reply chunk arrives unencrypted where ciphertext is due. It is refused, not displayed.' },
      'plaintext-reasoning': { label: 'Plaintext reasoning', description: "A reasoning model's reasoning arrives unencrypted. It is refused, not displayed." },
      'wrong-nonce': { label: 'Wrong nonce (replay)', description: 'The attestation answers a different nonce than the one sent, as a replayed report would.' },
      unverified: { label: 'Provider says unverified', description: 'The provider itself reports verified: false.' },
      'wrong-signing-key': { label: 'Wrong signing key', description: 'The signing key is not the key behind the attested address and REPORTDATA.' },
      'report-data-mismatch': { label: 'REPORTDATA mismatch', description: 'The TDX quote binds another nonce than the one echoed in the response.' },
      'bad-signature': { label: 'Bad response signature', description: 'Replies are signed by a key other than the attested one.' },
      'stream-error': { label: 'Error mid-stream', description: 'An error event arrives halfway through the reply.' },
      'drop-connection': { label: 'Dropped connection', description: 'The stream ends halfway, without a finish chunk.' },
      'key-rotation': { label: 'Key rotation', description: 'The enclave rotates its key: the first request answers 421, sealkit re-attests and retries.' },
      'slow-stream': { label: 'Slow stream', description: 'Long pauses before every chunk: try Stop.' },
    } as Record<FaultName, { label: string; description: string }>,
  },
  apiKey: {
    label: 'Venice API key',
    placeholderSet: '•••••••• (set)',
    placeholder: 'Paste your key',
    use: 'Use key',
    fromEnvBefore: 'Using the key from',
    typed: 'Using the key you entered.',
    kept: 'Kept in this tab only (memory and sessionStorage), sent only to api.venice.ai as the Authorization header, never logged.',
    forget: 'Forget this key',
  },
}

/** The shape of the demo's words: a translation is an object of this shape. */
export type DemoWords = typeof demoEn

export const demoZhCN: DemoWords = {
  brandTag: '演示',
  language: '语言',
  theme: { label: '主题', system: '自动', light: '浅色', dark: '深色' },
  chatRegion: '聊天',
  noKey: {
    title: '添加 Venice API 密钥',
    body: '输入密钥即可与 Venice 的真实安全飞地聊天：同样的检查会对照 Intel 和 NVIDIA 的真实根证书进行，徽章可以显示“已验证”。在此之前，模拟安全飞地会展示 sealkit 检查的所有内容，无需网络，也无需密钥。',
    back: '返回模拟安全飞地',
  },
  backend: { title: '后端', simulator: '模拟安全飞地', venice: 'Venice 接口' },
  floor: {
    title: '隐私底线',
    e2ee: '端到端加密',
    tee: '也包括 TEE',
    e2eeHelp: '只用端到端加密的模型：每条消息都在此浏览器中加密到经过证明的安全飞地密钥（底线由应用设定：minPrivacy="e2ee"）。',
    teeHelp: '也包括 TEE 模型：消息以明文经 TLS 发往经过证明的安全飞地，每条回复仍由它的密钥签名（minPrivacy="tee"）。',
  },
  inYourApp: '在你的应用中',
  exampleCode: '示例代码',
  footer: {
    builtWith: '构建于',
    simulator: '模拟安全飞地运行在此页面中：没有任何请求离开你的浏览器。',
    venice: (host: string) => `请求从此标签页直接发往 ${host}。`,
  },
  intro: {
    title: '可以亲自核验的私密聊天',
    lead: '模型运行在硬件安全飞地中（Intel TDX 加 NVIDIA 机密计算 GPU）。在你发送第一条消息之前，此页面会亲自核验该安全飞地，然后再加密发送给它。',
    simulatedBefore: '你正在与一个',
    simulatedStrong: '模拟安全飞地',
    simulatedAfter: '对话，它运行在此页面中：它的证明会被真实地核验，但链接到测试根证书，所以这里的内容并不私密。将后端切换到 Venice 即可使用真实的安全飞地。',
    stepsLabel: '核验了什么',
    steps: [
      ['全新的证明', '发出一个随机的 32 字节 nonce；返回的 TDX quote 和 GPU 报告必须回应它。'],
      ['在你的浏览器中核验', '签名和证书链一直核验到固定的根证书，调试模式关闭，REPORTDATA 将安全飞地密钥与你的 nonce 绑定。'],
      ['加密至该密钥', '端到端加密模型：消息加密至经过证明的密钥；每个流式片段都在此标签页中解密并认证。'],
      ['签名的回复', '回复由经过证明的密钥对原始字节签名。打开徽章可查看每一项检查。'],
    ],
  },
  identity: {
    label: '安全飞地中运行的代码',
    help: '徽章会在证明核验通过后记住每个模型的代码（曾见过），在重新部署后准确显示变化之处，并核对固定的度量值。打开徽章即可查看。',
    redeploy: '重新部署安全飞地',
    redeployed: (revision: number) => `已重新部署：第 ${revision} 版，新的镜像摘要和 compose 哈希。`,
    pin: '固定当前运行的代码',
    unpin: '取消固定',
    nothingYet: '尚未核验任何内容：请等待徽章显示结果后再固定。',
    pinned: '已固定：当前运行的操作系统镜像和镜像摘要。此后重新部署将无法通过核验。',
    forget: '忘记已见过的代码',
    forgotten: '已忘记：下一次证明将被视为首次见到。',
    pccs: '用 Intel 附属数据核对平台的补丁级别（模拟器的 PCCS）',
  },
  faults: {
    label: '注入故障',
    none: '无：行为正常的安全飞地',
    noneHelp: '安全飞地行为正常。它的证明会被真实地核验，但链接到此页面明确信任的测试根证书，所以徽章显示“模拟”，而不是“已验证”。',
    groups: { attestation: '证明', encryption: '加密与签名', streaming: '流式传输' },
    names: {
      'tampered-chunk': { label: '被篡改的片段', description: '一个加密的回复片段未通过 AES-GCM 认证。流在此处停止；不会显示伪造的文字。' },
      'plaintext-chunk': { label: '明文片段', description: '本应是密文的回复片段以明文到达。它会被拒绝，而不会显示。' },
      'plaintext-reasoning': { label: '明文推理', description: '推理模型的推理过程以明文到达。它会被拒绝，而不会显示。' },
      'wrong-nonce': { label: '错误的 nonce（重放）', description: '证明回应的 nonce 与发出的不同，就像重放的报告那样。' },
      unverified: { label: '服务方称未验证', description: '服务方自己报告 verified: false。' },
      'wrong-signing-key': { label: '错误的签名密钥', description: '签名密钥不是经过证明的地址和 REPORTDATA 背后的密钥。' },
      'report-data-mismatch': { label: 'REPORTDATA 不匹配', description: 'TDX quote 绑定的 nonce 与响应中回显的不同。' },
      'bad-signature': { label: '错误的回复签名', description: '回复由经过证明的密钥以外的密钥签名。' },
      'stream-error': { label: '流中途出错', description: '回复进行到一半时收到一个错误事件。' },
      'drop-connection': { label: '连接中断', description: '流在中途结束，没有结束片段。' },
      'key-rotation': { label: '密钥轮换', description: '安全飞地轮换了密钥：第一个请求返回 421，sealkit 重新证明后重试。' },
      'slow-stream': { label: '缓慢的流', description: '每个片段之前都有长时间停顿：试试“停止”。' },
    },
  },
  apiKey: {
    label: 'Venice API 密钥',
    placeholderSet: '••••••••（已设置）',
    placeholder: '粘贴你的密钥',
    use: '使用密钥',
    fromEnvBefore: '正在使用来自以下变量的密钥：',
    typed: '正在使用你输入的密钥。',
    kept: '只保存在此标签页中（内存和 sessionStorage），只作为 Authorization 请求头发送给 api.venice.ai，从不记录到日志。',
    forget: '忘记此密钥',
  },
}

/** The demo's words in `lang` (the same tag the components' catalog is picked by). */
export function demoWords(lang: string): DemoWords {
  return lang === 'zh-CN' ? demoZhCN : demoEn
}
