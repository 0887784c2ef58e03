'use client'
import { describeErrorIn, useSealkitLocale } from '../i18n/locale.tsx'
import { describeError } from './format.ts'
import { ProviderWords } from './ProviderWords.tsx'

/**
 * An error in plain words: what happened and the next step, then a small details line with the
 * code and the raw message for developers (`data-error-code` carries the code for styling and tests).
 */
export function ErrorText({ error, lead }: { error: unknown; lead?: string }) {
  const { t } = useSealkitLocale()
  const words = describeErrorIn(t, error) ?? t.errors.unknown
  const { code, detail } = words as { code?: string; detail?: string }
  const serverMessage = describeError(error)?.serverMessage
  return (
    <span className="sealkit-error" data-error-code={code}>
      <span className="sealkit-error__text">
        {lead && <strong>{lead}: </strong>}
        {words.text} {words.next}
        {serverMessage && <ProviderWords text={serverMessage} />}
      </span>
      {(code || detail) && (
        <small className="sealkit-error__details">
          {t.chat.errorDetails}: {code && <code className="sealkit-alert__code">{code}</code>} {detail !== words.text ? detail : undefined}
        </small>
      )}
    </span>
  )
}
