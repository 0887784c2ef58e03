/**
 * sealkit's own lines in a terminal: bold, in the colour of what they say. A reply can print any words ("response
 * signature verified", "encrypted end to end") but never a style: its escapes are shown, not run (escape.ts). So in
 * a terminal what is sealkit's stands apart from what the model wrote. `NO_COLOR` turns it off; `FORCE_COLOR` turns
 * it on where the stream is not a terminal.
 */
export type Tone = 'ok' | 'warn' | 'fail' | 'info'

const COLOUR: Record<Tone, string> = { ok: '1;32', warn: '1;33', fail: '1;31', info: '1' }

/** Whether `stream` gets sealkit's styles. */
export function styles(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false
  const forced = env.FORCE_COLOR
  if (forced !== undefined && forced !== '') return forced !== '0' && forced !== 'false'
  return stream.isTTY === true
}

/** One of sealkit's own lines for `stream`, styled where it takes styles. `line` is escaped already. */
export function toned(stream: { isTTY?: boolean }, tone: Tone, line: string): string {
  return styles(stream) ? `\u001b[${COLOUR[tone]}m${line}\u001b[0m` : line
}
