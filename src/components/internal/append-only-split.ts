import { useState } from 'react'

/** Committed pieces of a text plus the growing tail, as a splitter returns them. */
export interface TextSplit {
  committed: string[]
  tail: string
}

/**
 * Splits `text` from offset `from` (a boundary an earlier split returned, or 0). A splitter whose
 * boundaries depend only on the text before them (appending never moves one) can resume there.
 */
export type ResumableSplitter = (text: string, from: number) => TextSplit

/**
 * A copy of `s` that does not keep alive the string it was cut from. V8 represents a substring
 * (13+ characters) as a view into its parent: a committed block, kept by its memoised component
 * for as long as the message is on screen, would keep the whole reply as it stood when the block
 * committed, one copy per block (quadratic memory over a long stream). JSON's round trip makes a
 * new flat string of exactly these characters (lone surrogates too), and one byte per character when
 * none is above U+00FF: a copy of a view into a reply with any such character (CJK, an emoji) would
 * take two for every block, Latin text or not.
 */
export function detachString(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string)
}

/** A split and what it was split from. */
export interface SplitCache extends TextSplit {
  text: string
  /** Where the tail starts: splitting resumes here while the text only grows. */
  start: number
}

/**
 * `split(text)`, remembered across renders: while the text only grows (a streamed reply), it
 * scans from the start of the previous tail, so a commit costs what arrived, not the whole text;
 * committed pieces are detached once (see `detachString`) and keep their identity, so memoised
 * children skip re-rendering. Any other change (a new text) splits from the start.
 */
export function useAppendOnlySplit(text: string, split: ResumableSplitter): TextSplit {
  const [cache, setCache] = useState<SplitCache>(() => splitAfter(null, text, split))
  if (cache.text === text) return cache
  // React's "information from previous renders" pattern: this component renders again at once with it.
  const next = splitAfter(cache, text, split)
  setCache(next)
  return next
}

/** One step of `useAppendOnlySplit`: the split of `text`, resumed from `previous` when `text` only grew. */
export function splitAfter(previous: SplitCache | null, text: string, split: ResumableSplitter): SplitCache {
  const resume = previous !== null && text.length >= previous.start && text.startsWith(previous.text.slice(0, previous.start))
  const from = resume ? previous.start : 0
  const next = split(text, from)
  let start = from
  for (const piece of next.committed) start += piece.length
  const committed = resume && next.committed.length === 0 ? previous.committed : [...(resume ? previous.committed : []), ...next.committed.map(detachString)]
  return { text, committed, tail: next.tail, start }
}
