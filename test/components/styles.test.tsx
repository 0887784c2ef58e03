/**
 * The component tests run with sealkit's own stylesheet (setup.ts imports styles.css), so CSS that
 * changes semantics is caught here: a `display` rule outranks the browser's `[hidden] { display:
 * none }`, and an element the component hid would show.
 */
import { describe, expect, it } from 'vitest'
import { commands } from 'vitest/browser'

/** The rules of src/components/styles.css, as loaded into this page. */
function sealkitRules(): CSSStyleRule[] {
  const rules: CSSStyleRule[] = []
  const visit = (list: CSSRuleList) => {
    for (const rule of list) {
      if (rule instanceof CSSStyleRule) rules.push(rule)
      else if ('cssRules' in rule) visit((rule as CSSGroupingRule).cssRules)
    }
  }
  for (const sheet of document.styleSheets) {
    if ([...sheet.cssRules].some((rule) => rule instanceof CSSStyleRule && rule.selectorText.includes('.sealkit-'))) visit(sheet.cssRules)
  }
  return rules
}

/**
 * Builds elements that a simple selector (tags, classes, attributes, descendant or child combinators;
 * no pseudo-classes) matches, in a fresh container; returns the innermost, or null for other selectors.
 */
function elementFor(selector: string, root: HTMLElement): HTMLElement | null {
  if (/[:~+*]/.test(selector)) return null
  let parent = root
  for (const compound of selector.replace(/\s*>\s*/g, ' ').trim().split(/\s+/)) {
    const tag = /^[a-z][a-z0-9]*/i.exec(compound)?.[0] ?? 'div'
    const el = document.createElement(tag)
    for (const [, name] of compound.matchAll(/\.([\w-]+)/g)) el.classList.add(name!)
    for (const [, name, value] of compound.matchAll(/\[([\w-]+)(?:=['"]?([^'"\]]*)['"]?)?\]/g)) el.setAttribute(name!, value ?? '')
    parent.append(el)
    parent = el
  }
  return parent.matches(selector) ? parent : null
}

describe('styles.css in the component tests', () => {
  it('is loaded: a sealkit element gets its rules', () => {
    expect(sealkitRules().length).toBeGreaterThan(100)
    const button = document.createElement('button')
    button.className = 'sealkit-button'
    document.body.append(button)
    expect(getComputedStyle(button).display).toBe('inline-flex')
    button.remove()
  })

  it('never shows an element that has the hidden attribute, whatever display a rule gives it', () => {
    const shown: string[] = []
    let checked = 0
    for (const rule of sealkitRules()) {
      if (!rule.style.display || rule.style.display === 'none') continue
      for (const selector of rule.selectorText.split(',')) {
        const root = document.createElement('div')
        document.body.append(root)
        const el = elementFor(selector, root)
        if (el) {
          checked++
          el.hidden = true
          if (getComputedStyle(el).display !== 'none') shown.push(`${selector.trim()} { display: ${rule.style.display} }`)
        }
        root.remove()
      }
    }
    // Enough of the stylesheet's display rules are checked for this test to mean something.
    expect(checked).toBeGreaterThan(40)
    expect(shown).toEqual([])
  })

  it('names system-ui then only the generic family in the text font, and no macOS-only name before Menlo in the monospace one, in every theme', () => {
    // Each family a browser cannot use before the one it can is a lookup per weight; in Chromium on Linux a
    // synchronous call to the browser process, which took ~20 of the chat's first layout on a busy 2-core
    // machine with ui-sans-serif first (bench trace). system-ui is known to every browser sealkit supports, so
    // past it a family is only reached for a glyph the system font lacks, where each named one (Segoe UI, Roboto,
    // Helvetica Neue...) was one more lookup before the generic family: with both stacks trimmed, one page's
    // whole chat made 14 lookups in a trace instead of 21.
    const themed = document.createElement('div')
    document.body.append(themed)
    const families = (el: Element, name: string) => getComputedStyle(el).getPropertyValue(name).split(',').map((f) => f.trim())
    for (const theme of ['light', 'dark']) {
      themed.className = theme
      expect(families(themed, '--sealkit-font'), theme).toEqual(['system-ui', 'sans-serif'])
      expect(families(themed, '--sealkit-font-mono'), theme).toEqual(['ui-monospace', 'Menlo', 'Consolas', "'Liberation Mono'", 'monospace'])
    }
    themed.remove()
  })

  it('sets text in three weights, 400, 500 and 600: each weight the first layout meets is one more font lookup', () => {
    // Chromium on Linux asks the browser process (synchronously) for each family and weight a page has not
    // used before. With six weights (550 and 650 among them) the chat's first layout made six lookups, ~31 ms
    // of its main thread on the bench's 2-core machine; with three, three (~23 ms, the first two the slow ones).
    const weights = new Set<string>()
    for (const rule of sealkitRules()) if (rule.style.fontWeight) weights.add(rule.style.fontWeight)
    expect([...weights].filter((w) => w !== 'inherit').sort()).toEqual(['400', '500', '600'])
  })
})

describe("an app's own theme (docs/theming.md)", () => {
  /** `--sealkit-accent` as a component inside `<html>` resolves it, under `css` loaded after sealkit's stylesheet. */
  async function accentUnder(css: string, scheme: 'light' | 'dark', theme?: 'dark' | 'light'): Promise<string> {
    const style = document.createElement('style')
    style.textContent = css
    document.head.append(style)
    if (theme) document.documentElement.dataset.theme = theme
    await commands.setColorScheme(scheme)
    const chat = document.createElement('section')
    chat.className = 'sealkit-chat'
    document.body.append(chat)
    try {
      return getComputedStyle(chat).getPropertyValue('--sealkit-accent').trim()
    } finally {
      chat.remove()
      style.remove()
      delete document.documentElement.dataset.theme
      await commands.setColorScheme('light')
    }
  }

  it('an override on :root holds in light, in the system dark mode and under data-theme="dark" alike', async () => {
    const css = ':root { --sealkit-accent: #0f766e; }'
    expect(await accentUnder(css, 'light')).toBe('#0f766e')
    expect(await accentUnder(css, 'dark')).toBe('#0f766e')
    expect(await accentUnder(css, 'light', 'dark')).toBe('#0f766e')
    // Without it, each theme's own.
    expect(await accentUnder('', 'light')).toBe('#4f46e5')
    expect(await accentUnder('', 'dark')).toBe('#8b93ff')
    expect(await accentUnder('', 'dark', 'light')).toBe('#4f46e5')
  })

  it("dark's own values, with the stylesheet's two selectors, apply in dark only, however it came", async () => {
    const css = `:root { --sealkit-accent: #0f766e; }
      @media (prefers-color-scheme: dark) { :root:not(.light):not([data-theme='light']) { --sealkit-accent: #5eead4; } }
      .dark, [data-theme='dark'] { --sealkit-accent: #5eead4; }`
    expect(await accentUnder(css, 'light')).toBe('#0f766e')
    expect(await accentUnder(css, 'dark')).toBe('#5eead4')
    expect(await accentUnder(css, 'light', 'dark')).toBe('#5eead4')
    expect(await accentUnder(css, 'dark', 'light')).toBe('#0f766e')
  })
})
