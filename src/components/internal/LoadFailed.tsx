'use client'
import { useSealkitLocale } from '../i18n/locale.tsx'

/** Where a part loaded on demand (see `lazyPart`) could not load: said in words, never a blank. */
export function LoadFailed() {
  const { t } = useSealkitLocale()
  return (
    <span className="sealkit-error" role="alert" data-load-failed="">
      <span className="sealkit-error__text">{t.loadFailed}</span>
    </span>
  )
}
