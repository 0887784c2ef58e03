import type { Meta, StoryObj } from '@storybook/react-vite'
import { useCallback, useLayoutEffect, useState, type CSSProperties } from 'react'
import { expect, waitFor } from 'storybook/test'
import { chatReady } from './interaction.ts'
import { CopyButton, PrivateChatView, type MessageLike } from '../src/components/index.ts'
import { conversation, models, verifiedReport } from './fixtures.ts'
import theming from '../docs/theming.md?raw'

/** The variables of docs/theming.md's table (test/docs.test.ts keeps it equal to styles.css), with what each does. */
const VARIABLES = [...theming.matchAll(/^\| `(--sealkit-[a-z0-9-]+)` \| (.*?) \| (.*?) \|$/gm)].map(([, name, light, what]) => ({
  name: name!,
  light: light!.replace(/`/g, ''),
  what: what!.replace(/`/g, ''),
}))

type Kind = 'colour' | 'font' | 'radius' | 'shadow' | 'size' | 'set-by-components'

function kindOf(name: string): Kind {
  // Set on an element by the components themselves (a state's colour, a waiting reply's lines): no value of their own.
  if (/-(tone(-soft)?|md-lines)$/.test(name)) return 'set-by-components'
  if (/-font/.test(name)) return 'font'
  if (/-radius/.test(name)) return 'radius'
  if (/-shadow$/.test(name)) return 'shadow'
  if (/-(text-size|measure)$/.test(name)) return 'size'
  return 'colour'
}

/** What a variable looks like, drawn with the variable itself, so the cell's theme (`data-theme`) decides. */
function Sample({ name, kind }: { name: string; kind: Kind }) {
  const box: CSSProperties = { display: 'inline-block', width: 28, height: 20, verticalAlign: 'middle', border: '1px solid var(--sealkit-border)' }
  switch (kind) {
    case 'colour':
      return <span data-swatch={name} style={{ ...box, background: `var(${name})` }} />
    case 'radius':
      return <span style={{ ...box, borderRadius: `var(${name})`, background: 'var(--sealkit-surface)' }} />
    case 'shadow':
      return <span style={{ ...box, boxShadow: `var(${name})`, background: 'var(--sealkit-bg)' }} />
    case 'font':
      return <span style={{ fontFamily: `var(${name})` }}>Aa 0x3f</span>
    default:
      return null
  }
}

/** One theme's value of a variable, read from the stylesheet through the cell it sits in. */
function ThemeCell({ name, theme, unset }: { name: string; theme: 'light' | 'dark'; unset: string }) {
  const kind = kindOf(name)
  const [value, setValue] = useState('')
  // The value is the stylesheet's, so it is read once the cell (and its data-theme) is in the document.
  const read = useCallback(
    (cell: HTMLTableCellElement | null) => {
      if (cell) setValue(getComputedStyle(cell).getPropertyValue(name).trim())
    },
    [name],
  )
  return (
    <td ref={read} data-theme={theme} data-value={value} style={{ background: 'var(--sealkit-bg)', color: 'var(--sealkit-fg)', padding: '6px 10px' }}>
      <span style={{ display: 'inline-flex', gap: 8, alignItems: 'center' }}>
        <Sample name={name} kind={kind} />
        <code style={{ fontSize: 12 }}>{value || unset}</code>
      </span>
    </td>
  )
}

/** Every `--sealkit-*` variable, its light and dark value, and what it colours or sizes. */
function VariableTable() {
  return (
    // Scrolls sideways in a narrow canvas: focusable, so the keyboard can scroll it too.
    <div tabIndex={0} role="group" aria-label="sealkit CSS variables, scrollable" style={{ overflowX: 'auto' }}>
    <table aria-label="sealkit CSS variables" style={{ borderCollapse: 'collapse', fontSize: 14, width: '100%', maxWidth: 1100 }}>
      <thead>
        <tr style={{ textAlign: 'start' }}>
          <th scope="col" style={{ textAlign: 'start', padding: '6px 10px' }}>Variable</th>
          <th scope="col" style={{ textAlign: 'start', padding: '6px 10px' }}>Light</th>
          <th scope="col" style={{ textAlign: 'start', padding: '6px 10px' }}>Dark</th>
          <th scope="col" style={{ textAlign: 'start', padding: '6px 10px' }}>What it colours or sizes</th>
        </tr>
      </thead>
      <tbody>
        {VARIABLES.map(({ name, light, what }) => (
          <tr key={name} data-variable={name} style={{ borderTop: '1px solid var(--sealkit-border)' }}>
            <th scope="row" style={{ textAlign: 'start', padding: '6px 10px', fontWeight: 'normal' }}>
              <code>{name}</code>
            </th>
            <ThemeCell name={name} theme="light" unset={light} />
            <ThemeCell name={name} theme="dark" unset={light} />
            <td style={{ padding: '6px 10px' }}>{what}</td>
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  )
}

/** The variables a rule of the loaded stylesheets defines for `selector` (e.g. the light theme's root rule). */
function definedBy(selector: RegExp): Set<string> {
  const names = new Set<string>()
  const visit = (rules: CSSRuleList) => {
    for (const rule of rules) {
      if (rule instanceof CSSStyleRule && selector.test(rule.selectorText)) {
        for (const property of rule.style) if (property.startsWith('--sealkit-')) names.add(property)
      } else if ('cssRules' in rule) visit((rule as CSSGroupingRule).cssRules)
    }
  }
  for (const sheet of document.styleSheets) {
    try {
      visit(sheet.cssRules)
    } catch {
      // a cross-origin sheet (none of sealkit's): not readable, not ours
    }
  }
  return names
}

interface ThemeArgs {
  accent?: string
  accentFg?: string
  bg?: string
  surface?: string
  fg?: string
  muted?: string
  border?: string
  ring?: string
  userBubble?: string
  userFg?: string
  radius?: number
  radiusSm?: number
  font?: string
  textSize?: number
}

/** Each control's variable, and how its value is written in CSS. */
const CONTROLS: Record<keyof ThemeArgs, [variable: string, css: (value: string | number) => string]> = {
  accent: ['--sealkit-accent', String],
  accentFg: ['--sealkit-accent-fg', String],
  bg: ['--sealkit-bg', String],
  surface: ['--sealkit-surface', String],
  fg: ['--sealkit-fg', String],
  muted: ['--sealkit-muted', String],
  border: ['--sealkit-border', String],
  ring: ['--sealkit-ring', String],
  userBubble: ['--sealkit-user-bubble', String],
  userFg: ['--sealkit-user-fg', String],
  radius: ['--sealkit-radius', (v) => `${v}px`],
  radiusSm: ['--sealkit-radius-sm', (v) => `${v}px`],
  font: ['--sealkit-font', String],
  textSize: ['--sealkit-text-size', (v) => `${v}px`],
}

/** A short exchange, so the user's bubble, a reply and its privacy row all show above the composer. */
const SAMPLE: MessageLike[] = [
  { ...conversation[0]!, parts: [{ type: 'text', text: 'Can the provider read this?' }] },
  { ...conversation[1]!, parts: [{ type: 'text', text: 'No: your message is **encrypted to the enclave’s attested key**, and only the enclave can read it.' }] },
]

/** The sizes' starting points: the stylesheet's own (text size: its fallback), so a slider starts where the CSS is. */
const DEFAULTS: ThemeArgs = { radius: 10, radiusSm: 6, textSize: 15 }

/** The controls that differ from the stylesheet, as `--sealkit-*` declarations. */
function declarations(args: ThemeArgs): Array<[string, string]> {
  return (Object.keys(CONTROLS) as Array<keyof ThemeArgs>).flatMap((key) => {
    const value = args[key]
    if (value === undefined || value === '' || value === DEFAULTS[key]) return []
    const [variable, css] = CONTROLS[key]
    return [[variable, css(value)] as [string, string]]
  })
}

const block = (selector: string, set: Array<[string, string]>, indent = '') =>
  `${indent}${selector} {\n${set.map(([name, value]) => `${indent}  ${name}: ${value};`).join('\n')}\n${indent}}`

/**
 * The CSS to paste after `sealkit/styles.css`, for the theme on screen: on `:root` for light (it holds in dark too,
 * unless dark has its own), or with the stylesheet's two dark selectors for dark (docs/theming.md).
 */
function themeCss(set: Array<[string, string]>, theme: 'light' | 'dark'): string {
  if (set.length === 0) return '/* Change a control: its CSS appears here. */'
  if (theme === 'light') return `/* Light, and dark unless dark sets its own (pick Dark in the toolbar). */\n${block(':root', set)}`
  return [
    '/* Dark: the system\'s dark mode, and data-theme="dark" or .dark on <html>. */',
    `@media (prefers-color-scheme: dark) {\n${block(":root:not(.light):not([data-theme='light'])", set, '  ')}\n}`,
    block(".dark,\n[data-theme='dark']", set),
  ].join('\n')
}

/**
 * The components under the theme the controls make, and the CSS to paste after `sealkit/styles.css`. The variables
 * go on <html> while the story shows, so the badge's popover and the model list (portalled to <body>) follow them.
 */
function ThemePlayground({ theme = 'light', ...args }: ThemeArgs & { theme?: 'light' | 'dark' }) {
  const set = declarations(args)
  const css = themeCss(set, theme)
  const key = JSON.stringify(set)
  useLayoutEffect(() => {
    const root = document.documentElement.style
    const applied = JSON.parse(key) as Array<[string, string]>
    for (const [name, value] of applied) root.setProperty(name, value)
    return () => {
      for (const [name] of applied) root.removeProperty(name)
    }
  }, [key])
  return (
    // The CSS goes under the chat when the canvas is narrow.
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 340px), 1fr))', alignItems: 'start' }}>
      <div style={{ height: 560, minWidth: 0 }}>
        <PrivateChatView messages={SAMPLE} models={models} defaultModel="e2ee-qwen3-5-122b-a10b" badge={{ report: verifiedReport }} onSend={() => {}} />
      </div>
      <section aria-label="Theme CSS" style={{ display: 'grid', gap: 8 }}>
        <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
          <strong>CSS</strong>
          <CopyButton value={css} label="theme CSS" />
        </div>
        <pre data-theme-css="" style={{ margin: 0, padding: 12, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', borderRadius: 6, background: 'var(--sealkit-surface)', color: 'var(--sealkit-fg)', fontSize: 12 }}>
          {css}
        </pre>
        <p style={{ margin: 0, color: 'var(--sealkit-muted)', fontSize: 12 }}>
          The chat shows the hand-written report of stories/fixtures.ts: its &quot;Verified&quot; is a picture of the state, not a
          verification run here.
        </p>
      </section>
    </div>
  )
}

/** A control's description: its variable and what docs/theming.md says it does. */
const about = (key: keyof ThemeArgs) => {
  const variable = CONTROLS[key][0]
  return `\`${variable}\`: ${VARIABLES.find((v) => v.name === variable)?.what ?? ''}`
}
const colour = (key: keyof ThemeArgs) => ({ control: 'color', description: about(key) }) as const
const px = (key: keyof ThemeArgs, min: number, max: number) => ({ control: { type: 'range', min, max, step: 1 }, description: about(key) }) as const

const meta = {
  title: 'Foundations/Theme',
  component: ThemePlayground,
  // The CSS is written for the theme on screen (the toolbar's).
  render: (args, { globals }) => <ThemePlayground {...args} theme={globals.theme === 'dark' ? 'dark' : 'light'} />,
  args: DEFAULTS,
  // Not a component of the package: no generated Docs page (its two stories are the reference).
  tags: ['!autodocs'],
  argTypes: {
    accent: colour('accent'),
    accentFg: colour('accentFg'),
    bg: colour('bg'),
    surface: colour('surface'),
    fg: colour('fg'),
    muted: colour('muted'),
    border: colour('border'),
    ring: colour('ring'),
    userBubble: colour('userBubble'),
    userFg: colour('userFg'),
    radius: px('radius', 0, 24),
    radiusSm: px('radiusSm', 0, 16),
    textSize: px('textSize', 12, 22),
    font: {
      control: 'select',
      description: about('font'),
      options: ['system-ui, sans-serif', 'Georgia, serif', 'ui-rounded, system-ui, sans-serif', 'ui-monospace, monospace'],
    },
  },
  parameters: {
    docs: {
      description: {
        component:
          'sealkit/styles.css styles every component through `--sealkit-*` variables; docs/theming.md lists them. Dark mode follows `prefers-color-scheme`, or `data-theme` / `.dark` / `.light` on <html>.',
      },
    },
  },
} satisfies Meta<typeof ThemePlayground>

export default meta
type Story = StoryObj<typeof meta>

/**
 * Every variable with its light and dark value, read from the stylesheet this Storybook loads, as the build writes
 * it (`#fff` for `#ffffff`): the table cannot drift from the CSS. Those the stylesheet leaves unset show its fallback.
 */
export const Variables: Story = {
  render: () => <VariableTable />,
  parameters: { controls: { disable: true } },
  play: async ({ canvas }) => {
    const table = canvas.getByRole('table', { name: 'sealkit CSS variables' })
    const rows = [...table.querySelectorAll<HTMLElement>('tbody tr[data-variable]')].map((row) => row.dataset.variable)
    // Each variable either theme defines is a row.
    for (const name of [...definedBy(/\[data-theme=["']light["']\]/), ...definedBy(/\[data-theme=["']dark["']\]/)]) {
      await expect(rows).toContain(name)
    }
    // Each colour has a value in both themes, painted by its swatch.
    for (const swatch of table.querySelectorAll<HTMLElement>('[data-swatch]')) {
      const cell = swatch.closest('td')!
      await waitFor(() => expect(cell.dataset.value).not.toBe(''))
      await expect(getComputedStyle(swatch).backgroundColor).not.toBe('rgba(0, 0, 0, 0)')
    }
  },
}

/** Start from the stylesheet's own theme and change what you like: the CSS to paste follows. */
export const Playground: Story = {
  play: async ({ canvas, args, globals }) => {
    await chatReady(canvas)
    // Whatever the controls say (a shared link may set some): the CSS is theirs, and <html> carries it.
    const set = declarations(args)
    const css = canvasElementCss(canvas)
    await expect(css.textContent).toBe(themeCss(set, globals.theme === 'dark' ? 'dark' : 'light'))
    for (const [name, value] of set) await expect(document.documentElement.style.getPropertyValue(name)).toBe(value)
  },
}

/** The CSS the Playground shows. */
const canvasElementCss = (canvas: { getByRole: (role: 'region', options: { name: string }) => HTMLElement }) =>
  canvas.getByRole('region', { name: 'Theme CSS' }).querySelector('pre')!

/** A brand's teal, square corners and a larger reading size: the Send button, the bubbles and the CSS follow. */
export const TealBrand: Story = {
  args: { accent: '#0f766e', accentFg: '#ffffff', userBubble: '#ccfbf1', userFg: '#134e4a', radius: 2, radiusSm: 2, textSize: 17 },
  play: async (context) => {
    await Playground.play!(context)
    const { canvasElement, args } = context
    // The components paint with it: the bubble's corners and the picker's follow the radii, the reply the text size.
    const bubble = canvasElement.querySelector<HTMLElement>('.sealkit-message[data-role="user"] .sealkit-message__content')!
    await expect(getComputedStyle(bubble).borderTopLeftRadius).toBe(`${(args.radius ?? 10) + 4}px`)
    const trigger = canvasElement.querySelector<HTMLElement>('.sealkit-select-trigger')!
    await expect(getComputedStyle(trigger).borderTopLeftRadius).toBe(`${(args.radiusSm ?? 6) + 2}px`)
    const reply = canvasElement.querySelector<HTMLElement>('.sealkit-message[data-role="assistant"] .sealkit-message__text')!
    await expect(getComputedStyle(reply).fontSize).toBe(`${args.textSize ?? 15}px`)
  },
}
