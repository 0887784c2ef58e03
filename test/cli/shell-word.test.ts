import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { shellWord } from '../../bin/commands/escape.ts'

describe('shellWord: a word the user can paste back into a shell', () => {
  it('round-trips through sh: spaces, quotes, $(), backticks stay one literal word and run nothing', () => {
    for (const word of ['plain-file.json', 'a b', "it's", '$(touch PWNED)', '`id`', 'http://h/$x?a=1&b=2', '*']) {
      const quoted = shellWord(word)!
      expect(execFileSync('sh', ['-c', `printf %s ${quoted}`], { encoding: 'utf8' })).toBe(word)
    }
  })

  it('gives no word for control characters, every time (no quoting both shows and keeps them)', () => {
    for (let i = 0; i < 3; i++) {
      expect(shellWord('a\nb')).toBeUndefined()
      expect(shellWord('x\u001b[31m')).toBeUndefined()
      expect(shellWord('fine name')).toBe("'fine name'")
    }
  })
})
