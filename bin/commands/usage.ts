import { parseArgs, type ParseArgsConfig } from 'node:util'

/** Bad usage: the CLI prints it and exits 2. */
export class UsageError extends Error {}

export interface ParsedCommand {
  values: Record<string, string | boolean | string[] | undefined>
  positionals: string[]
}

/** parseArgs with usage errors mapped to UsageError; returns undefined after printing `--help`. */
export function parseCommand(args: string[], options: NonNullable<ParseArgsConfig['options']>, help: string): ParsedCommand | undefined {
  let parsed: ParsedCommand
  try {
    parsed = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true }) as ParsedCommand
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n\n${help}`)
  }
  if (parsed.values.help) {
    console.log(help)
    return undefined
  }
  return parsed
}

/** A required string option, or a UsageError naming it. */
export function required(value: unknown, name: string, help: string): string {
  if (typeof value !== 'string' || value === '') throw new UsageError(`missing --${name}\n\n${help}`)
  return value
}
