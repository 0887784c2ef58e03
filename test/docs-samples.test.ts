/**
 * Every code sample of the README and docs/*.md, type-checked as written against the current sources:
 * a ```ts / ```tsx block must be a module a user can paste (its imports included) that compiles, and a
 * ```jsx block must at least parse. The package's entry points are mapped to src/ as package.json maps
 * them to dist/, so a renamed option or export fails here rather than in a user's editor.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '..')
const DOCS = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)]
const ENTRY_POINTS: Record<string, string> = {
  sealkit: 'src/index.ts',
  'sealkit/core': 'src/core/index.ts',
  'sealkit/simulator': 'src/simulator/index.ts',
  'sealkit/simulator/node': 'src/simulator/node.ts',
  'sealkit/ai-sdk': 'src/integrations/ai-sdk.ts',
  'sealkit/openai': 'src/integrations/openai.ts',
  'sealkit/vite': 'src/integrations/vite.ts',
}

interface Sample {
  file: string
  where: string
  code: string
}

/** The samples, each as a virtual file beside the docs (so node_modules resolves as for the repository). */
function samples(): Sample[] {
  return DOCS.flatMap((doc) => {
    const text = readFileSync(join(ROOT, doc), 'utf8')
    return [...text.matchAll(/^```(ts|tsx|jsx)\n([\s\S]*?)^```/gm)].map((m) => {
      const line = text.slice(0, m.index).split('\n').length
      const name = `${doc.replace(/[/.]/g, '_')}_${line}.${m[1]}`
      return { file: join(ROOT, '.docs-samples', name), where: `${doc}:${line}`, code: m[2]! }
    })
  })
}

/** Source files read from disk (the package's sources, lib and node_modules declarations), parsed once for every program here. */
const parsed = new Map<string, ts.SourceFile | undefined>()

function diagnostics(list: Sample[], extra: ts.CompilerOptions = {}): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!
  const options: ts.CompilerOptions = {
    ...config.options,
    noEmit: true,
    allowJs: true,
    types: ['node', 'vite/client'],
    paths: Object.fromEntries(Object.entries(ENTRY_POINTS).map(([name, path]) => [name, [join(ROOT, path)]])),
    ...extra,
  }
  const virtual = new Map(list.map((s) => [s.file, s.code]))
  const host = ts.createCompilerHost(options)
  const { fileExists, readFile, getSourceFile } = host
  host.fileExists = (f) => virtual.has(f) || fileExists(f)
  host.readFile = (f) => virtual.get(f) ?? readFile(f)
  host.getSourceFile = (f, language, ...rest) => {
    if (virtual.has(f)) return ts.createSourceFile(f, virtual.get(f)!, language, true)
    const key = `${typeof language === 'object' ? JSON.stringify(language) : language}:${f}`
    if (!parsed.has(key)) parsed.set(key, getSourceFile(f, language, ...rest))
    return parsed.get(key)
  }
  const program = ts.createProgram([...virtual.keys()], options, host)
  const where = new Map(list.map((s) => [s.file, s.where]))
  return list.flatMap((s) => {
    const source = program.getSourceFile(s.file)!
    const found = s.file.endsWith('.jsx') ? program.getSyntacticDiagnostics(source) : [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]
    return found.map((d) => {
      const line = d.start === undefined ? 0 : source.getLineAndCharacterOfPosition(d.start).line
      return `${where.get(s.file)} (+${line + 1}): ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`
    })
  })
}

describe('the code samples of the README and docs/', () => {
  it('are complete modules that type-check as written', () => {
    const list = samples()
    expect(list.length).toBeGreaterThan(12)
    expect(diagnostics(list)).toEqual([])
  }, 120_000)

  it('type-check in an app with exactOptionalPropertyTypes and noUncheckedIndexedAccess too', () => {
    expect(diagnostics(samples(), { exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true })).toEqual([])
  }, 120_000)

  it('fail when a sample uses something the package does not export (so the check can fail)', () => {
    const [first] = samples()
    const broken = { ...first!, file: first!.file.replace(/\.\w+$/, '-broken.tsx'), code: "import { createTypoClient } from 'sealkit/core'\ncreateTypoClient()\n" }
    expect(diagnostics([broken]).join('\n')).toMatch(/createTypoClient/)
  }, 120_000)
})
