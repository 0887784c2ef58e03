import { describe, expect, it } from 'vitest'
import { styles, toned } from '../../bin/commands/tone.ts'

describe("the CLI's own lines in a terminal", () => {
  it('are styled on a terminal; NO_COLOR turns it off, FORCE_COLOR on (0 and false off)', () => {
    expect(styles({ isTTY: true }, {})).toBe(true)
    expect(styles({ isTTY: false }, {})).toBe(false)
    expect(styles({}, {})).toBe(false)
    expect(styles({ isTTY: true }, { NO_COLOR: '1' })).toBe(false)
    expect(styles({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true)
    expect(styles({ isTTY: false }, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(false)
    for (const off of ['0', 'false']) expect(styles({ isTTY: true }, { FORCE_COLOR: off })).toBe(false)
    expect(styles({ isTTY: true }, { FORCE_COLOR: '' })).toBe(true) // empty: unset
  })

  it('wrap the whole line in one style per tone, reset at its end', () => {
    const tty = { isTTY: true }
    const before = { NO_COLOR: process.env.NO_COLOR, FORCE_COLOR: process.env.FORCE_COLOR }
    delete process.env.NO_COLOR
    delete process.env.FORCE_COLOR
    try {
      expect(toned(tty, 'ok', 'verified')).toBe('\u001b[1;32mverified\u001b[0m')
      expect(toned(tty, 'fail', 'FAILED')).toBe('\u001b[1;31mFAILED\u001b[0m')
      expect(toned({ isTTY: false }, 'warn', 'x')).toBe('x')
    } finally {
      for (const [k, v] of Object.entries(before)) if (v !== undefined) process.env[k] = v
    }
  })
})
