/**
 * Every string that came from the network or a file is data: before it reaches a terminal its
 * control characters are made visible, so a hostile `model` field cannot move the cursor, rewrite
 * a line (CR), colour text (ANSI escapes) or start a fake "PASSED" line (newline inside a field).
 */

// C0 controls, DEL, C1 controls, the Unicode line/paragraph separators; every character Unicode says to draw as
// nothing (Default_Ignorable_Code_Point: the directional formatting characters, zero-width spaces and joiners, U+FEFF,
// the Hangul fillers, variation selectors, the tag characters U+E0000-U+E007F that spell hidden text); lone surrogate
// halves; and a combining mark stacked on two others (text drawn over the lines around it).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\p{Default_Ignorable_Code_Point}\p{Cs}]|(?<=\p{M}{2})\p{M}/gu

/** What a reply's own writing needs of those: the joiners of emoji and of Persian, variation selectors, combining marks. */
const WRITING = /^(?:\u200c|\u200d|\ufe0e|\ufe0f|\p{M})$/u

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e' }

/** `\\uXXXX` for each UTF-16 unit: what JSON reads back as the same string, astral characters (tags) included. */
function units(ch: string): string {
  let out = ''
  for (let i = 0; i < ch.length; i++) out += `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`
  return out
}

function visible(ch: string): string {
  return NAMED[ch] ?? units(ch)
}

/** A one-line field: every control character escaped, newlines included. */
export function escapeField(value: string): string {
  return value.replace(CONTROL, visible)
}

/** Running text (a reply): newlines and tabs kept, every other control character escaped. */
export function escapeText(value: string): string {
  // A reply's own writing keeps what scripts and emoji need: joiners, variation selectors, combining marks, up to four
  // stacked (Vietnamese stacks two, some Indic clusters more); a mark on four others draws over the lines around it.
  return value.replace(CONTROL, (ch, at: number) => (ch === '\n' || ch === '\t' || (WRITING.test(ch) && !STACKED.test(value.slice(Math.max(0, at - 4), at))) ? ch : visible(ch)))
}

/** Four combining marks in a row. */
const STACKED = /^\p{M}{4}$/u

/**
 * sealkit's error as one line: its code and message, then the provider's own words (an HTTP error's body), which
 * nothing authenticated, labelled as theirs. Both escaped.
 */
export function errorLine(error: { code: string; message: string; details?: Record<string, unknown> | undefined }): string {
  const said = error.details?.serverMessage
  return `${error.code}: ${escapeField(error.message)}${typeof said === 'string' ? ` (the provider said, unverified: ${escapeField(said)})` : ''}`
}

/**
 * `--json` output: the JSON of `value`, with every character {@link escapeField} escapes written as a `\uXXXX`
 * escape. `JSON.stringify` escapes only U+0000-U+001F, so a C1 control (U+009B is a CSI, U+009D an OSC: clear the
 * screen, write the clipboard) or a bidi override in a field the provider wrote reached the terminal raw. JSON reads
 * the escapes back as the same strings; outside its strings the output holds no control character but its line breaks.
 */
export function jsonForTerminal(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(CONTROL, (ch) => (ch === '\n' ? ch : units(ch)))
}

/** A copy of a value with every string in it escaped as a field (for reports rendered as text). */
export function escapeDeep<T>(value: T): T {
  if (typeof value === 'string') return escapeField(value) as T
  if (Array.isArray(value)) return value.map(escapeDeep) as T
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [escapeField(k), escapeDeep(v)])) as T
  return value
}

/**
 * A word of a command line the user may paste back into a POSIX shell: as is when plainly safe, else single-quoted.
 * `undefined` for a word with control characters: no POSIX quoting both shows them and keeps them.
 */
export function shellWord(value: string): string | undefined {
  if (/^[\w./:@=+-]+$/.test(value)) return value
  if (value.search(CONTROL) >= 0) return undefined // search: CONTROL is global, and test() would keep its lastIndex
  return `'${value.replace(/'/g, `'\\''`)}'`
}
