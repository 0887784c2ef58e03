'use client'
import { useSealkitLocale } from '../i18n/locale.tsx'

/**
 * The provider's own words (an error text it sent): unauthenticated data, quoted and labelled
 * as theirs, never styled as sealkit's message. Rendered as text, never as HTML.
 */
export function ProviderWords({ text }: { text: string }) {
  const { t } = useSealkitLocale()
  return (
    <span className="sealkit-provider-words" data-unauthenticated="">
      {' '}
      {t.message.providerSaid} <q>{text}</q>
    </span>
  )
}
