import { Controls, Description, Primary, Stories, Title, useOf } from '@storybook/addon-docs/blocks'
import type { Decorator, Preview } from '@storybook/react-vite'
import { SealkitLocaleProvider, preloadComponents } from '../src/components/index.ts'
import '../src/components/styles.css'
import './preview.css'

/**
 * The `theme` global: on <html> on a story's page, so portalled popovers follow; on each story's own box on a Docs
 * page, where light and dark stories meet (on <html> the last to render would paint them all).
 */
const withTheme: Decorator = (Story, context) => {
  const theme = (context.globals.theme as string | undefined) ?? 'light'
  const docs = context.viewMode === 'docs'
  if (typeof document !== 'undefined') {
    if (docs) delete document.documentElement.dataset.theme
    else document.documentElement.dataset.theme = theme
  }
  return (
    <div className="sb-story-frame" data-story-frame="" data-theme={docs ? theme : undefined}>
      <Story />
    </div>
  )
}

/**
 * Every component's strings in the language of the `locale` global (the toolbar's Language switch), and `lang` with
 * them, as an app in that language sets it, so a screen reader reads the Chinese words with a Chinese voice: on the
 * page (popovers portal to <body>), or on the story's own box on a Docs page, where stories of both languages meet.
 */
const withLocale: Decorator = (Story, context) => {
  const locale = (context.globals.locale as string | undefined) ?? 'en'
  if (typeof document !== 'undefined' && context.viewMode === 'story') document.documentElement.lang = locale
  return (
    <SealkitLocaleProvider locale={locale}>
      <div lang={locale} style={{ display: 'contents' }}>
        <Story />
      </div>
    </SealkitLocaleProvider>
  )
}

/**
 * The `dir` global (the toolbar's Direction): right to left, as with an app's own catalog for Arabic or Hebrew, whose
 * `dir` is 'rtl' (sealkit's components take their direction from the catalog); `dir` on the page too.
 */
const withDirection: Decorator = (Story, context) => {
  const dir = context.globals.dir === 'rtl' ? 'rtl' : 'ltr'
  if (typeof document !== 'undefined') {
    if (context.viewMode === 'story') document.documentElement.dir = dir
    else document.documentElement.removeAttribute('dir')
  }
  return (
    <SealkitLocaleProvider messages={{ dir }}>
      <div dir={dir} style={{ display: 'contents' }}>
        <Story />
      </div>
    </SealkitLocaleProvider>
  )
}

/**
 * A component's Docs page: Storybook's own template, with the stories file's `docs.note` (what on the page is a
 * fixture, and where the real thing is) as a note under the description, in the text's own size.
 */
function DocsPage() {
  const { preparedMeta } = useOf('meta', ['meta'])
  const note = (preparedMeta.parameters.docs as { note?: string } | undefined)?.note
  return (
    <>
      <Title />
      <Description />
      {note && (
        <aside className="sb-docs-note" aria-label="About these stories">
          {note}
        </aside>
      )}
      <Primary />
      <Controls />
      <Stories />
    </>
  )
}

/** A toolbar switch: a global and its choices (value: title). */
function toolbar(description: string, title: string, icon: 'mirror' | 'transfer' | 'globe', choices: Record<string, string>) {
  const items = Object.entries(choices).map(([value, name]) => ({ value, title: name }))
  return { description, toolbar: { title, icon, items, dynamicTitle: true } }
}

const preview: Preview = {
  // A Docs page per component: its description, a prop table from the JSDoc, and every story.
  tags: ['autodocs'],
  // The first is the innermost: the direction's provider inside the language's, so it merges over its catalog.
  decorators: [withTheme, withDirection, withLocale],
  // The parts the components load on demand (model list, badge popover, markdown) are there when a story renders.
  loaders: [
    async () => {
      await preloadComponents()
      return {}
    },
  ],
  parameters: {
    layout: 'fullscreen',
    controls: { matchers: { color: /(background|color)$/i, date: /Date$/i } },
    // Every axe violation fails the story's test.
    a11y: { test: 'error' },
    docs: { page: DocsPage },
    options: { storySort: { order: ['Introduction', 'Foundations', 'Components'] } },
  },
  globalTypes: {
    theme: toolbar('Colour theme', 'Theme', 'mirror', { light: 'Light', dark: 'Dark' }),
    dir: toolbar('Text direction', 'Direction', 'transfer', { ltr: 'Left to right', rtl: 'Right to left' }),
    locale: toolbar('Language of the components', 'Language', 'globe', { en: 'English', 'zh-CN': '简体中文' }),
  },
  initialGlobals: { theme: 'light', locale: 'en', dir: 'ltr' },
}

export default preview
