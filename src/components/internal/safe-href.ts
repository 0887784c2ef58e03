/** `http:`, `https:` and `mailto:` only; anything else (javascript:, data:, relative paths) is not a link. */
export function safeHref(href: string): string | undefined {
  try {
    const url = new URL(href)
    return url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'mailto:' ? url.href : undefined
  } catch {
    return undefined
  }
}
