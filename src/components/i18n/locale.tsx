'use client'
import { createContext, useContext, useMemo, type ReactNode } from 'react'
import { en, type ErrorWords, type SealkitMessages } from './en.ts'
import { zhCN } from './zh-CN.ts'

/** Any part of a catalog: what an override replaces (functions and strings whole, objects key by key). */
export type PartialSealkitMessages = {
  [K in keyof SealkitMessages]?: SealkitMessages[K] extends (...args: never[]) => unknown
    ? SealkitMessages[K]
    : SealkitMessages[K] extends object
      ? DeepPartial<SealkitMessages[K]>
      : SealkitMessages[K]
}
type DeepPartial<T> = { [K in keyof T]?: T[K] extends (...args: never[]) => unknown ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K] }

/** The catalogs sealkit ships, by BCP 47 tag. */
export const SEALKIT_LOCALES: Readonly<Record<string, SealkitMessages>> = { en, 'zh-CN': zhCN }

/**
 * The shipped catalog for a BCP 47 tag: an exact match, else the same language (`zh`, `zh-Hans`,
 * `zh-SG` get Simplified Chinese; `en-GB` English), else English.
 */
export function messagesFor(locale: string): SealkitMessages {
  const exact = SEALKIT_LOCALES[locale]
  if (exact) return exact
  const language = locale.toLowerCase().split('-')[0]
  return Object.values(SEALKIT_LOCALES).find((m) => m.locale.toLowerCase().split('-')[0] === language) ?? en
}

/** Deep-merges an override into a catalog; the result is a complete catalog. */
export function mergeMessages(base: SealkitMessages, override: PartialSealkitMessages): SealkitMessages {
  return mergeDeep(base, override) as SealkitMessages
}

function mergeDeep(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override === undefined ? base : override
  const out: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(override)) out[key] = mergeDeep(base[key], value)
  return out
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype
}

/** Locale-aware formatting through `Intl`, in the catalog's language. */
export interface SealkitFormat {
  /** A date and time, e.g. `Jun 10, 2026, 1:47:07 AM UTC` / `2026年6月10日 01:47:07 UTC`. The raw string when it is not a date. */
  dateTime(value: string | number | Date): string
  /** A plain number with the locale's grouping. */
  number(value: number): string
  /** Token counts, compact: `131K`, `1.5M` (`13万` in Chinese). */
  tokens(value: number): string
  /** A US-dollar price; sub-cent prices keep two significant digits. */
  usd(value: number): string
}

/** What {@link useSealkitLocale} gives components: the catalog, the language and `Intl` formatting. */
export interface SealkitLocale {
  /** The catalog: every string the components render. */
  t: SealkitMessages
  /** The BCP 47 tag used for `Intl`. */
  locale: string
  /** Text direction of the catalog's language. */
  dir: 'ltr' | 'rtl'
  /** Dates, numbers, token counts and prices in the catalog's language. */
  format: SealkitFormat
}

/** Made on first use: building Intl formatters is costly, and the default locale's were built while the app's main chunk evaluated. */
function lazily<T>(make: () => T): () => T {
  let value: T | undefined
  return () => (value ??= make())
}

function formatFor(locale: string): SealkitFormat {
  const dateTime = lazily(() => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' }))
  const number = lazily(() => new Intl.NumberFormat(locale))
  const compact = lazily(() => new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 0 }))
  const compactMillions = lazily(() => new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }))
  const usd = lazily(() => new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 }))
  const usdSmall = lazily(() => new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD', maximumSignificantDigits: 2 }))
  return {
    dateTime(value) {
      const d = value instanceof Date ? value : new Date(value)
      if (Number.isNaN(d.getTime())) return String(value)
      return `${dateTime().format(d)} UTC`
    },
    number: (value) => number().format(value),
    tokens: (value) => (value < 1000 ? number().format(value) : (value >= 1e6 ? compactMillions() : compact()).format(value)),
    usd: (value) => (value === 0 ? usd().format(0).replace(/[.,]00(?=\D*$)/, '') : value < 0.01 ? usdSmall().format(value) : usd().format(value)),
  }
}

function localeOf(t: SealkitMessages, locale?: string): SealkitLocale {
  const tag = locale ?? t.locale
  return { t, locale: tag, dir: t.dir, format: formatFor(tag) }
}

const DEFAULT = localeOf(en)
const LocaleContext = createContext<SealkitLocale>(DEFAULT)

/** Props of {@link SealkitLocaleProvider}. */
export interface SealkitLocaleProviderProps {
  /**
   * A BCP 47 tag: picks the shipped catalog (`en`, `zh-CN`; other Chinese tags get `zh-CN`) and the `Intl` locale.
   * @default the enclosing provider's, else en
   */
  locale?: string
  /**
   * Strings to replace, merged over the catalog key by key; or a whole catalog of your own
   * (a complete `SealkitMessages`, e.g. a translation into a language sealkit does not ship).
   */
  messages?: PartialSealkitMessages
  /** The components that use this locale. */
  children?: ReactNode
}

/**
 * Sets the language of every sealkit component inside it. Nest it to override strings for one
 * component or one part of the page: an inner provider merges its `messages` over the outer one's.
 * Without any provider the components speak English.
 *
 * @example
 * ```tsx
 * <SealkitLocaleProvider locale="zh-CN">
 *   <PrivateChat />
 * </SealkitLocaleProvider>
 *
 * // One component with its own words:
 * <SealkitLocaleProvider messages={{ composer: { placeholder: 'Ask the enclave…' } }}>
 *   <ChatComposer onSend={send} />
 * </SealkitLocaleProvider>
 * ```
 */
export function SealkitLocaleProvider({ locale, messages, children }: SealkitLocaleProviderProps) {
  const parent = useContext(LocaleContext)
  const key = messages === undefined ? '' : stableKey(messages)
  const value = useMemo(() => {
    if (locale === undefined && messages === undefined) return parent
    const base = locale !== undefined ? messagesFor(locale) : parent.t
    const t = messages ? mergeMessages(base, messages) : base
    return localeOf(t, locale ?? (messages?.locale !== undefined ? t.locale : parent.locale))
    // `key` stands for `messages`: inline objects must not rebuild the formatters every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [parent, locale, key])
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>
}

/** A key that changes when an override's strings change (functions count by their source). */
function stableKey(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'function' ? String(v) : v))
}

/**
 * The strings and formatters of the nearest `SealkitLocaleProvider` (English without one).
 * For components of your own that sit beside sealkit's and should speak the same language.
 *
 * @example
 * ```tsx
 * const { t, format } = useSealkitLocale()
 * return <button>{t.composer.send}</button>
 * ```
 */
export function useSealkitLocale(): SealkitLocale {
  return useContext(LocaleContext)
}

/** A plain-words error: what happened, what to do next, and the code and raw message for developers. */
export interface ErrorDescription extends ErrorWords {
  /** The error's code (`SealkitError.code`), for developers; `undefined` for errors sealkit did not raise. */
  code?: string
  /** The error's own message (may come from the network: render as text only). */
  detail?: string
}

/**
 * What to tell a person about an error: a sentence and a next step from the catalog, by code
 * (`errors.codes`), falling back to `errors.unknown`. The code and the raw message stay in
 * `code` / `detail` for a details line.
 */
export function describeErrorIn(t: SealkitMessages, error: unknown): ErrorDescription | undefined {
  if (error === undefined || error === null || error === false) return undefined
  let code: string | undefined
  let detail: string | undefined
  if (typeof error === 'string') detail = error
  else if (typeof error === 'object') {
    const e = error as { code?: unknown; message?: unknown }
    if (typeof e.code === 'string') code = e.code
    if (typeof e.message === 'string' && e.message) detail = e.message
  } else detail = String(error)
  const words = (code !== undefined ? (t.errors.codes as Record<string, ErrorWords | undefined>)[code] : undefined) ?? t.errors.unknown
  return { ...words, ...(code !== undefined ? { code } : {}), ...(detail !== undefined ? { detail } : {}) }
}
