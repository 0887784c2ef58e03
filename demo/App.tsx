import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { useEffect, useId, useMemo, useState, type FormEvent, type ReactNode } from 'react'
import { createIndexedDBStorage, PrivateChat, SealkitLocaleProvider, SealkitProvider, type CreateSealkitConfigParameters } from '../src/index.ts'
import { localStorageMeasurementStore, QUERY_KEY_ROOT, type AttestationQueryData, type AttestationVerifyOptions } from '../src/core/index.ts'
import { createSimulator, FAULT_NAMES, type FaultName } from '../src/simulator/index.ts'

// ---------------------------------------------------------------------------------------------
// The two backends

/** The simulated enclave, in this page: a fetch handler, no server. Seeded, so its keys are stable. */
const simulator = createSimulator({ seed: 'sealkit-demo', chunks: 24, chunkDelayMs: 40 })
/** Its evidence chains to test roots; trusting them explicitly is what makes the badge say "Simulated". */
const simulatorRoots = simulator.trustedRoots()
/** Trust on first use: each model's code identity, remembered in this browser after a verified attestation. */
const IDENTITY_PREFIX = 'sealkit-demo:identity:'
const measurementStore = localStorageMeasurementStore({ prefix: IDENTITY_PREFIX })
function forgetIdentities(): void {
  for (const key of Object.keys(localStorage)) if (key.startsWith(IDENTITY_PREFIX)) localStorage.removeItem(key)
}
const SIMULATOR_ORIGIN = 'http://simulator.sealkit.local'
const VENICE_BASE_URL = 'https://api.venice.ai/api/v1'

/** Conversations survive a reload, encrypted at rest in this browser under a key that cannot be read out. */
const storage = createIndexedDBStorage({ name: 'sealkit-demo' })

/** The app owns the QueryClient (sealkit never creates one). */
const queryClient = new QueryClient()

type Backend = 'simulator' | 'venice'
type Fault = FaultName | 'none'
type Theme = 'system' | 'light' | 'dark'
/** The components' language (the demo's own copy stays English). */
type Lang = 'en' | 'zh-CN'

const FAULTS: Record<FaultName, { label: string; description: string }> = {
  'tampered-chunk': { label: 'Tampered chunk', description: 'One encrypted reply chunk fails AES-GCM authentication. The stream stops there; no forged text is shown.' },
  'plaintext-chunk': { label: 'Plaintext chunk', description: 'One reply chunk arrives unencrypted where ciphertext is due. It is refused, not displayed.' },
  'wrong-nonce': { label: 'Wrong nonce (replay)', description: 'The attestation answers a different nonce than the one sent, as a replayed report would.' },
  unverified: { label: 'Provider says unverified', description: 'The provider itself reports verified: false.' },
  'wrong-signing-key': { label: 'Wrong signing key', description: 'The signing key is not the key behind the attested address and REPORTDATA.' },
  'report-data-mismatch': { label: 'REPORTDATA mismatch', description: 'The TDX quote binds another nonce than the one echoed in the response.' },
  'bad-signature': { label: 'Bad response signature', description: 'Replies are signed by a key other than the attested one.' },
  'stream-error': { label: 'Error mid-stream', description: 'An error event arrives halfway through the reply.' },
  'drop-connection': { label: 'Dropped connection', description: 'The stream ends halfway, without a finish chunk.' },
  'key-rotation': { label: 'Key rotation', description: 'The enclave rotates its key: the first request answers 421, sealkit re-attests and retries.' },
  'slow-stream': { label: 'Slow stream', description: 'Long pauses before every chunk: try Stop.' },
}

const KEY_STORAGE = 'sealkit-demo:venice-api-key'
const THEME_STORAGE = 'sealkit-demo:theme'
/** Read at dev-server start; `vite build` replaces it with undefined. */
const ENV_KEY = import.meta.env.VITE_VENICE_API_KEY || undefined

function readSession(name: string): string | undefined {
  try {
    return sessionStorage.getItem(name) ?? undefined
  } catch {
    return undefined
  }
}

function writeSession(name: string, value: string | undefined): void {
  try {
    if (value === undefined) sessionStorage.removeItem(name)
    else sessionStorage.setItem(name, value)
  } catch {
    // Storage off (private mode, sandbox): the key stays in memory only.
  }
}

function initialFromUrl(): { backend: Backend; fault: Fault; lang: Lang } {
  const params = new URLSearchParams(location.search)
  const fault = params.get('fault')
  return {
    backend: params.get('backend') === 'venice' ? 'venice' : 'simulator',
    fault: fault && (FAULT_NAMES as readonly string[]).includes(fault) ? (fault as FaultName) : 'none',
    lang: params.get('lang') === 'zh-CN' ? 'zh-CN' : 'en',
  }
}

function initialTheme(): Theme {
  const fromUrl = new URLSearchParams(location.search).get('theme')
  if (fromUrl === 'light' || fromUrl === 'dark') return fromUrl
  try {
    const stored = localStorage.getItem(THEME_STORAGE)
    if (stored === 'light' || stored === 'dark') return stored
  } catch {
    // ignore
  }
  return 'system'
}

// ---------------------------------------------------------------------------------------------

export function App() {
  const [initial] = useState(initialFromUrl)
  const [backend, setBackend] = useState<Backend>(initial.backend)
  const [fault, setFault] = useState<Fault>(initial.fault)
  const [typedKey, setTypedKey] = useState<string | undefined>(() => readSession(KEY_STORAGE))
  const [keyVersion, setKeyVersion] = useState(0)
  const [theme, setTheme] = useState<Theme>(initialTheme)
  const [lang, setLang] = useState<Lang>(initial.lang)
  const apiKey = typedKey ?? ENV_KEY
  const [identity, setIdentity] = useState<IdentityControls>({ pccs: false })

  useEffect(() => {
    const root = document.documentElement
    if (theme === 'system') delete root.dataset.theme
    else root.dataset.theme = theme
    try {
      if (theme === 'system') localStorage.removeItem(THEME_STORAGE)
      else localStorage.setItem(THEME_STORAGE, theme)
    } catch {
      // ignore
    }
  }, [theme])

  // Shareable URLs: ?fault=wrong-nonce, ?backend=venice (never the key).
  useEffect(() => {
    const url = new URL(location.href)
    if (backend === 'venice') url.searchParams.set('backend', 'venice')
    else url.searchParams.delete('backend')
    if (backend === 'simulator' && fault !== 'none') url.searchParams.set('fault', fault)
    else url.searchParams.delete('fault')
    if (lang !== 'en') url.searchParams.set('lang', lang)
    else url.searchParams.delete('lang')
    history.replaceState(null, '', url)
  }, [backend, fault, lang])

  const config = useMemo<CreateSealkitConfigParameters | undefined>(() => {
    if (backend === 'simulator') {
      // A fault is a path prefix the simulator understands; a distinct base URL also keeps each
      // fault's attestation apart in the query cache.
      const base = fault === 'none' ? SIMULATOR_ORIGIN : `${SIMULATOR_ORIGIN}/fault/${fault}`
      return { baseURL: `${base}/api/v1`, fetch: simulator.fetch, verify: simulatorVerifyOf(identity) }
    }
    return apiKey ? { baseURL: VENICE_BASE_URL, apiKey } : undefined
  }, [backend, fault, apiKey, identity])

  const chatKey = `${backend}:${fault}:${keyVersion}`

  return (
    <div className="demo">
      <header className="demo-topbar">
        <a className="demo-brand" href="./">
          <LockGlyph />
          <span>sealkit</span> <span className="demo-brand__tag">demo</span>
        </a>
        <div className="demo-topbar__controls">
          <LangSwitch value={lang} onChange={setLang} />
          <ThemeSwitch value={theme} onChange={setTheme} />
        </div>
      </header>

      {/* The chat first: on a phone it fills the first screen; what it shows is explained below it. */}
      <main className="demo-main">
        <section className="demo-chat" aria-label="Chat" lang={lang}>
          {config ? (
            <QueryClientProvider client={queryClient}>
              <SealkitProvider config={config}>
                {/* One stored conversation per backend and fault: each keeps its own history. */}
                <SealkitLocaleProvider locale={lang}>
                  <PrivateChat key={chatKey} className="demo-chat__panel" storage={storage} chatOptions={{ id: `${backend}:${fault}` }} />
                </SealkitLocaleProvider>
              </SealkitProvider>
            </QueryClientProvider>
          ) : (
            <div className="demo-placeholder">
              <KeyGlyph />
              <h2>Add a Venice API key</h2>
              <p>
                Enter your key to chat with Venice&rsquo;s real enclaves: the same checks run against Intel&rsquo;s and NVIDIA&rsquo;s real
                roots, and the badge can say Verified. Until then, the simulated enclave shows everything sealkit checks, with no network
                and no key.
              </p>
              <button type="button" className="sealkit-button" onClick={() => setBackend('simulator')}>
                Back to the simulated enclave
              </button>
            </div>
          )}
        </section>

        <aside className="demo-side">
          <section className="demo-card" aria-labelledby="backend-heading">
            <h2 id="backend-heading" className="demo-card__title">
              Backend
            </h2>
            <Segmented
              label="Backend"
              value={backend}
              onChange={(v) => setBackend(v as Backend)}
              options={[
                { value: 'simulator', label: 'Simulated enclave' },
                { value: 'venice', label: 'Venice API' },
              ]}
            />
            {backend === 'simulator' ? (
              <>
                <FaultPicker value={fault} onChange={setFault} />
                <IdentityControlsCard value={identity} onChange={setIdentity} />
              </>
            ) : (
              <ApiKeyForm
                source={typedKey ? 'typed' : ENV_KEY ? 'env' : undefined}
                onSave={(key) => {
                  setTypedKey(key)
                  writeSession(KEY_STORAGE, key)
                  setKeyVersion((n) => n + 1)
                }}
                onForget={() => {
                  setTypedKey(undefined)
                  writeSession(KEY_STORAGE, undefined)
                  setKeyVersion((n) => n + 1)
                }}
              />
            )}
          </section>
          <section className="demo-card" aria-labelledby="code-heading">
            <h2 id="code-heading" className="demo-card__title">
              In your app
            </h2>
            <pre className="demo-code" tabIndex={0} aria-label="Example code">
              <code>{SNIPPET}</code>
            </pre>
          </section>
        </aside>
      </main>

      <Intro simulated={backend === 'simulator'} />

      <footer className="demo-footer">
        <span>
          Built with <code>sealkit</code>: <code>&lt;SealkitProvider&gt;</code> + <code>&lt;PrivateChat /&gt;</code>.
        </span>
        <span>{backend === 'simulator' ? 'The simulated enclave runs in this page: no request leaves your browser.' : `Requests go from this tab straight to ${new URL(VENICE_BASE_URL).host}.`}</span>
      </footer>
    </div>
  )
}

// ---------------------------------------------------------------------------------------------

const SNIPPET = `import 'sealkit/styles.css'
import { SealkitProvider, PrivateChat }
  from 'sealkit'

<QueryClientProvider client={qc}>
  <SealkitProvider config={{ apiKey }}>
    <PrivateChat />
  </SealkitProvider>
</QueryClientProvider>`

function Intro({ simulated }: { simulated: boolean }) {
  return (
    <section className="demo-hero" aria-labelledby="intro-heading">
      <div className="demo-hero__text">
        <h1 id="intro-heading">Private chat you can check</h1>
        <p className="demo-lead">
          The model runs in a hardware enclave (Intel TDX with NVIDIA confidential GPUs). Before your first message, this page checks
          that enclave itself, then encrypts to it.
        </p>
        {simulated && (
          // Simulated means simulated, here too: in the one simulated colour, never the verified green.
          <p className="demo-simulated" data-tone="simulated">
            You are talking to a <strong>simulated enclave</strong> running in this page: its evidence is checked for real but chains to a
            test root, so nothing here is private. Switch the backend to Venice for a real one.
          </p>
        )}
      </div>
      <ol className="demo-steps" aria-label="What is verified">
        <Step title="Fresh attestation">A random 32-byte nonce goes out; a TDX quote and GPU reports must come back answering it.</Step>
        <Step title="Verified in your browser">
          Signatures and certificate chains up to pinned roots, debug off, REPORTDATA binding the enclave key to your nonce.
        </Step>
        <Step title="Encrypted to that key">
          E2EE models: messages sealed to the attested key; every streamed chunk decrypted and authenticated in this tab.
        </Step>
        <Step title="Signed replies">Replies signed by the attested key over the exact bytes. Open the badge to see every check.</Step>
      </ol>
    </section>
  )
}

function Step({ title, children }: { title: string; children: ReactNode }) {
  return (
    <li>
      <strong>{title}</strong>
      <span>{children}</span>
    </li>
  )
}

function Segmented({ label, value, options, onChange }: { label: string; value: string; options: Array<{ value: string; label: string }>; onChange: (value: string) => void }) {
  const name = useId()
  return (
    <div role="radiogroup" aria-label={label} className="demo-segmented">
      {options.map((option) => (
        <label key={option.value} className="demo-segmented__item" data-checked={option.value === value ? '' : undefined}>
          <input type="radio" name={name} value={option.value} checked={option.value === value} onChange={() => onChange(option.value)} />
          {option.label}
        </label>
      ))}
    </div>
  )
}

// ---------------------------------------------------------------------------------------------
// What runs in the simulated enclave: every code-identity state the badge can show

/** The demo's trust settings for the simulated enclave: pinned measurements, and Intel collateral from its PCCS. */
interface IdentityControls {
  pinned?: NonNullable<AttestationVerifyOptions['measurements']>
  pccs: boolean
}

function simulatorVerifyOf({ pinned, pccs }: IdentityControls): AttestationVerifyOptions {
  return {
    trustedRoots: simulatorRoots,
    measurementStore,
    ...(pinned ? { measurements: pinned } : {}),
    // The simulator serves Intel's PCCS API too; without it the platform's patch level is "not checked".
    ...(pccs ? { collateral: { pccsUrl: SIMULATOR_ORIGIN, fetch: simulator.fetch as typeof fetch } } : {}),
  }
}

/** Re-verifies every attestation now (a fresh nonce): what the badge shows after a redeploy. */
function reattest(): void {
  void queryClient.refetchQueries({ queryKey: [QUERY_KEY_ROOT, 'attestation'] })
}

/** What the simulated enclave runs now, from the newest verified attestation in the cache. */
function currentIdentity() {
  const verified = queryClient.getQueriesData<AttestationQueryData>({ queryKey: [QUERY_KEY_ROOT, 'attestation'] }).flatMap(([, data]) => (data?.report.identity ? [data.report] : []))
  verified.sort((a, b) => a.verifiedAt.localeCompare(b.verifiedAt))
  return verified.at(-1)?.identity?.current
}

function IdentityControlsCard({ value, onChange }: { value: IdentityControls; onChange: (value: IdentityControls) => void }) {
  const [note, setNote] = useState<string>()
  const pin = () => {
    const current = currentIdentity()
    if (!current) return setNote('Nothing verified yet: wait for the badge, then pin.')
    onChange({ ...value, pinned: { osImages: [{ mrtd: current.mrtd, rtmr1: current.rtmr1, rtmr2: current.rtmr2 }], imageDigests: Object.values(current.images) } })
    setNote('Pinned: the OS image and image digests that run now. A redeploy will now fail verification.')
  }
  return (
    <div className="demo-field" data-testid="identity-controls">
      <span className="demo-field__label">What runs in the enclave</span>
      <p className="demo-help">
        The badge remembers each model&rsquo;s code after a verified attestation (seen before), shows exactly what changed after a redeploy,
        and checks pinned measurements. Open it to see.
      </p>
      <div className="demo-actions">
        <button
          type="button"
          className="sealkit-button"
          onClick={() => {
            simulator.redeploy()
            setNote(`Redeployed: revision ${simulator.deploymentRevision}, a new image digest and compose hash.`)
            reattest()
          }}
        >
          Redeploy the enclave
        </button>
        {value.pinned ? (
          <button type="button" className="sealkit-button" onClick={() => (onChange({ ...value, pinned: undefined }), setNote(undefined))}>
            Unpin
          </button>
        ) : (
          <button type="button" className="sealkit-button" onClick={pin}>
            Pin what runs now
          </button>
        )}
        <button
          type="button"
          className="sealkit-button"
          onClick={() => {
            forgetIdentities()
            setNote('Forgotten: the next attestation is seen for the first time.')
            reattest()
          }}
        >
          Forget what was seen
        </button>
      </div>
      <label className="demo-check">
        <input type="checkbox" checked={value.pccs} onChange={(e) => onChange({ ...value, pccs: e.target.checked })} /> Check the platform&rsquo;s patch
        level with Intel collateral (the simulator&rsquo;s PCCS)
      </label>
      <p className="demo-help" role="status">
        {note}
      </p>
    </div>
  )
}

function FaultPicker({ value, onChange }: { value: Fault; onChange: (fault: Fault) => void }) {
  const id = useId()
  const description =
    value === 'none'
      ? 'The enclave behaves. Its evidence is checked for real, but chains to a test root this page trusts explicitly, so the badge says Simulated, never Verified.'
      : FAULTS[value].description
  return (
    <div className="demo-field">
      <label htmlFor={id} className="demo-field__label">
        Fault to inject
      </label>
      <div className="demo-select">
        <select id={id} value={value} onChange={(e) => onChange(e.target.value as Fault)} aria-describedby={`${id}-help`}>
          <option value="none">None: a well-behaved enclave</option>
          <optgroup label="Attestation">
            {(['wrong-nonce', 'report-data-mismatch', 'wrong-signing-key', 'unverified'] as const).map((f) => (
              <option key={f} value={f}>
                {FAULTS[f].label}
              </option>
            ))}
          </optgroup>
          <optgroup label="Encryption and signatures">
            {(['tampered-chunk', 'plaintext-chunk', 'bad-signature', 'key-rotation'] as const).map((f) => (
              <option key={f} value={f}>
                {FAULTS[f].label}
              </option>
            ))}
          </optgroup>
          <optgroup label="Streaming">
            {(['stream-error', 'drop-connection', 'slow-stream'] as const).map((f) => (
              <option key={f} value={f}>
                {FAULTS[f].label}
              </option>
            ))}
          </optgroup>
        </select>
        <ChevronGlyph />
      </div>
      <p id={`${id}-help`} className="demo-help" data-fault={value}>
        {description}
      </p>
    </div>
  )
}

function ApiKeyForm({ source, onSave, onForget }: { source: 'typed' | 'env' | undefined; onSave: (key: string) => void; onForget: () => void }) {
  const id = useId()
  const [draft, setDraft] = useState('')
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const key = draft.trim()
    if (!key) return
    onSave(key)
    setDraft('')
  }
  return (
    <form className="demo-field" onSubmit={submit} autoComplete="off">
      <label htmlFor={id} className="demo-field__label">
        Venice API key
      </label>
      <div className="demo-key">
        <input
          id={id}
          type="password"
          className="demo-input"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          placeholder={source ? '•••••••• (set)' : 'Paste your key'}
          spellCheck={false}
          autoComplete="off"
          aria-describedby={`${id}-help`}
        />
        <button type="submit" className="sealkit-button" data-variant="primary" disabled={!draft.trim()}>
          Use key
        </button>
      </div>
      <p id={`${id}-help`} className="demo-help">
        {source === 'env' && <>Using the key from <code>VITE_VENICE_API_KEY</code>. </>}
        {source === 'typed' && <>Using the key you entered. </>}
        Kept in this tab only (memory and sessionStorage), sent only to api.venice.ai as the Authorization header, never logged.
      </p>
      {source === 'typed' && (
        <button type="button" className="sealkit-button" data-variant="ghost" data-size="sm" onClick={onForget}>
          Forget this key
        </button>
      )}
    </form>
  )
}

function LangSwitch({ value, onChange }: { value: Lang; onChange: (lang: Lang) => void }) {
  return (
    <div role="group" aria-label="Language" className="sealkit-segmented demo-theme">
      {(['en', 'zh-CN'] as const).map((lang) => (
        <button
          key={lang}
          type="button"
          lang={lang}
          title={lang === 'en' ? 'English' : '中文'}
          aria-pressed={value === lang}
          data-state={value === lang ? 'on' : 'off'}
          onClick={() => onChange(lang)}
          className="sealkit-segmented__item"
        >
          {lang === 'en' ? 'EN' : '中文'}
        </button>
      ))}
    </div>
  )
}

function ThemeSwitch({ value, onChange }: { value: Theme; onChange: (theme: Theme) => void }) {
  return (
    <div role="group" aria-label="Theme" className="sealkit-segmented demo-theme">
      {(['system', 'light', 'dark'] as const).map((theme) => (
        <button
          key={theme}
          type="button"
          aria-pressed={value === theme}
          data-state={value === theme ? 'on' : 'off'}
          onClick={() => onChange(theme)}
          className="sealkit-segmented__item"
        >
          {theme === 'system' ? 'Auto' : theme === 'light' ? 'Light' : 'Dark'}
        </button>
      ))}
    </div>
  )
}

// ---------------------------------------------------------------------------------------------

function LockGlyph() {
  return (
    <svg viewBox="0 0 24 24" width="22" height="22" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <rect x="4" y="11" width="16" height="10" rx="2" />
      <path d="M8 11V7a4 4 0 0 1 8 0v4" />
    </svg>
  )
}

function KeyGlyph() {
  return (
    <svg viewBox="0 0 24 24" width="36" height="36" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <circle cx="8" cy="15" r="4" />
      <path d="m10.8 12.2 8.7-8.7M16 7l3 3M14 9l2 2" />
    </svg>
  )
}

function ChevronGlyph() {
  return (
    <svg viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="m6 9 6 6 6-6" />
    </svg>
  )
}
