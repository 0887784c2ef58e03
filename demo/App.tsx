import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { useEffect, useId, useMemo, useState, type FormEvent, type ReactNode } from 'react'
import { createIndexedDBStorage, PrivateChat, SealkitLocaleProvider, SealkitProvider, type CreateSealkitConfigParameters } from '../src/index.ts'
import { localStorageMeasurementStore, QUERY_KEY_ROOT, type AttestationQueryData, type AttestationVerifyOptions } from '../src/core/index.ts'
import { createSimulator, FAULT_NAMES, type FaultName } from '../src/simulator/index.ts'
import { demoWords, type DemoWords } from './words.ts'

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
/** The page's language: the components' catalog and the demo's own words (./words.ts). */
type Lang = 'en' | 'zh-CN'

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
  // The app's privacy floor (PrivateChat's minPrivacy): E2EE models only, or TEE models too.
  const [floor, setFloor] = useState<'e2ee' | 'tee'>('e2ee')
  const [typedKey, setTypedKey] = useState<string | undefined>(() => readSession(KEY_STORAGE))
  const [keyVersion, setKeyVersion] = useState(0)
  const [theme, setTheme] = useState<Theme>(initialTheme)
  const [lang, setLang] = useState<Lang>(initial.lang)
  const apiKey = typedKey ?? ENV_KEY
  const [identity, setIdentity] = useState<IdentityControls>({ pccs: false })
  const w = demoWords(lang)

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

  useEffect(() => {
    document.documentElement.lang = lang
  }, [lang])

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
    <div className="demo" lang={lang}>
      <header className="demo-topbar">
        <a className="demo-brand" href="./">
          <LockGlyph />
          <span>sealkit</span> <span className="demo-brand__tag">{w.brandTag}</span>
        </a>
        <div className="demo-topbar__controls">
          <LangSwitch label={w.language} value={lang} onChange={setLang} />
          <ThemeSwitch words={w.theme} value={theme} onChange={setTheme} />
        </div>
      </header>

      {/* The chat first: on a phone it fills the first screen; what it shows is explained below it. */}
      <main className="demo-main">
        <section className="demo-chat" aria-label={w.chatRegion} lang={lang}>
          {config ? (
            <QueryClientProvider client={queryClient}>
              <SealkitProvider config={config}>
                {/* One stored conversation per backend and fault: each keeps its own history. */}
                <SealkitLocaleProvider locale={lang}>
                  <PrivateChat key={chatKey} className="demo-chat__panel" storage={storage} chatOptions={{ id: `${backend}:${fault}` }} minPrivacy={floor} />
                </SealkitLocaleProvider>
              </SealkitProvider>
            </QueryClientProvider>
          ) : (
            <div className="demo-placeholder">
              <KeyGlyph />
              <h2>{w.noKey.title}</h2>
              <p>{w.noKey.body}</p>
              <button type="button" className="sealkit-button" onClick={() => setBackend('simulator')}>
                {w.noKey.back}
              </button>
            </div>
          )}
        </section>

        <aside className="demo-side">
          <section className="demo-card" aria-labelledby="backend-heading">
            <h2 id="backend-heading" className="demo-card__title">
              {w.backend.title}
            </h2>
            <Segmented
              label={w.backend.title}
              value={backend}
              onChange={(v) => setBackend(v as Backend)}
              options={[
                { value: 'simulator', label: w.backend.simulator },
                { value: 'venice', label: w.backend.venice },
              ]}
            />
            {backend === 'simulator' ? (
              <>
                <FaultPicker words={w.faults} value={fault} onChange={setFault} />
                <IdentityControlsCard words={w.identity} value={identity} onChange={setIdentity} />
              </>
            ) : (
              <ApiKeyForm
                words={w.apiKey}
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
          <section className="demo-card" aria-labelledby="floor-heading">
            <h2 id="floor-heading" className="demo-card__title">
              {w.floor.title}
            </h2>
            <Segmented
              label={w.floor.title}
              value={floor}
              onChange={(v) => setFloor(v as 'e2ee' | 'tee')}
              options={[
                { value: 'e2ee', label: w.floor.e2ee },
                { value: 'tee', label: w.floor.tee },
              ]}
            />
            <p className="demo-help">{floor === 'e2ee' ? w.floor.e2eeHelp : w.floor.teeHelp}</p>
          </section>
          <section className="demo-card" aria-labelledby="code-heading">
            <h2 id="code-heading" className="demo-card__title">
              {w.inYourApp}
            </h2>
            <pre className="demo-code" tabIndex={0} aria-label={w.exampleCode} lang="en">
              <code>{SNIPPET}</code>
            </pre>
          </section>
        </aside>
      </main>

      <Intro words={w.intro} simulated={backend === 'simulator'} />

      <footer className="demo-footer">
        <span>
          {w.footer.builtWith} <code>sealkit</code>: <code>&lt;SealkitProvider&gt;</code> + <code>&lt;PrivateChat /&gt;</code>.
        </span>
        <span>{backend === 'simulator' ? w.footer.simulator : w.footer.venice(new URL(VENICE_BASE_URL).host)}</span>
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

function Intro({ words, simulated }: { words: DemoWords['intro']; simulated: boolean }) {
  return (
    <section className="demo-hero" aria-labelledby="intro-heading">
      <div className="demo-hero__text">
        <h1 id="intro-heading">{words.title}</h1>
        <p className="demo-lead">{words.lead}</p>
        {simulated && (
          // Simulated means simulated, here too: in the one simulated colour, never the verified green.
          <p className="demo-simulated" data-tone="simulated">
            {words.simulatedBefore} <strong>{words.simulatedStrong}</strong> {words.simulatedAfter}
          </p>
        )}
      </div>
      <ol className="demo-steps" aria-label={words.stepsLabel}>
        {words.steps.map(([title, text]) => (
          <Step key={title} title={title}>
            {text}
          </Step>
        ))}
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

function IdentityControlsCard({ words, value, onChange }: { words: DemoWords['identity']; value: IdentityControls; onChange: (value: IdentityControls) => void }) {
  const [note, setNote] = useState<string>()
  const pin = () => {
    const current = currentIdentity()
    if (!current) return setNote(words.nothingYet)
    onChange({ ...value, pinned: { osImages: [{ mrtd: current.mrtd, rtmr1: current.rtmr1, rtmr2: current.rtmr2 }], imageDigests: Object.values(current.images) } })
    setNote(words.pinned)
  }
  return (
    <div className="demo-field" data-testid="identity-controls">
      <span className="demo-field__label">{words.label}</span>
      <p className="demo-help">{words.help}</p>
      <div className="demo-actions">
        <button
          type="button"
          className="sealkit-button"
          onClick={() => {
            simulator.redeploy()
            setNote(words.redeployed(simulator.deploymentRevision))
            reattest()
          }}
        >
          {words.redeploy}
        </button>
        {value.pinned ? (
          <button type="button" className="sealkit-button" onClick={() => (onChange({ ...value, pinned: undefined }), setNote(undefined))}>
            {words.unpin}
          </button>
        ) : (
          <button type="button" className="sealkit-button" onClick={pin}>
            {words.pin}
          </button>
        )}
        <button
          type="button"
          className="sealkit-button"
          onClick={() => {
            forgetIdentities()
            setNote(words.forgotten)
            reattest()
          }}
        >
          {words.forget}
        </button>
      </div>
      <label className="demo-check">
        <input type="checkbox" checked={value.pccs} onChange={(e) => onChange({ ...value, pccs: e.target.checked })} /> {words.pccs}
      </label>
      <p className="demo-help" role="status">
        {note}
      </p>
    </div>
  )
}

function FaultPicker({ words, value, onChange }: { words: DemoWords['faults']; value: Fault; onChange: (fault: Fault) => void }) {
  const id = useId()
  const description = value === 'none' ? words.noneHelp : words.names[value].description
  return (
    <div className="demo-field">
      <label htmlFor={id} className="demo-field__label">
        {words.label}
      </label>
      <div className="demo-select">
        <select id={id} value={value} onChange={(e) => onChange(e.target.value as Fault)} aria-describedby={`${id}-help`}>
          <option value="none">{words.none}</option>
          <optgroup label={words.groups.attestation}>
            {(['wrong-nonce', 'report-data-mismatch', 'wrong-signing-key', 'unverified'] as const).map((f) => (
              <option key={f} value={f}>
                {words.names[f].label}
              </option>
            ))}
          </optgroup>
          <optgroup label={words.groups.encryption}>
            {(['tampered-chunk', 'plaintext-chunk', 'bad-signature', 'key-rotation'] as const).map((f) => (
              <option key={f} value={f}>
                {words.names[f].label}
              </option>
            ))}
          </optgroup>
          <optgroup label={words.groups.streaming}>
            {(['stream-error', 'drop-connection', 'slow-stream'] as const).map((f) => (
              <option key={f} value={f}>
                {words.names[f].label}
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

function ApiKeyForm({
  words,
  source,
  onSave,
  onForget,
}: {
  words: DemoWords['apiKey']
  source: 'typed' | 'env' | undefined
  onSave: (key: string) => void
  onForget: () => void
}) {
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
        {words.label}
      </label>
      <div className="demo-key">
        <input
          id={id}
          type="password"
          className="demo-input"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          placeholder={source ? words.placeholderSet : words.placeholder}
          spellCheck={false}
          autoComplete="off"
          aria-describedby={`${id}-help`}
        />
        <button type="submit" className="sealkit-button" data-variant="primary" disabled={!draft.trim()}>
          {words.use}
        </button>
      </div>
      <p id={`${id}-help`} className="demo-help">
        {source === 'env' && (
          <>
            {words.fromEnvBefore} <code>VITE_VENICE_API_KEY</code>.{' '}
          </>
        )}
        {source === 'typed' && <>{words.typed} </>}
        {words.kept}
      </p>
      {source === 'typed' && (
        <button type="button" className="sealkit-button" data-variant="ghost" data-size="sm" onClick={onForget}>
          {words.forget}
        </button>
      )}
    </form>
  )
}

function LangSwitch({ label, value, onChange }: { label: string; value: Lang; onChange: (lang: Lang) => void }) {
  return (
    <div role="group" aria-label={label} className="sealkit-segmented demo-theme">
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

function ThemeSwitch({ words, value, onChange }: { words: DemoWords['theme']; value: Theme; onChange: (theme: Theme) => void }) {
  return (
    <div role="group" aria-label={words.label} className="sealkit-segmented demo-theme">
      {(['system', 'light', 'dark'] as const).map((theme) => (
        <button
          key={theme}
          type="button"
          aria-pressed={value === theme}
          data-state={value === theme ? 'on' : 'off'}
          onClick={() => onChange(theme)}
          className="sealkit-segmented__item"
        >
          {words[theme]}
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
