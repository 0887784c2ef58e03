import type { Decorator, Preview } from '@storybook/react-vite'
import '../src/components/styles.css'
import './preview.css'

/** Sets the theme on <html> (so portalled popovers follow) from the `theme` global. */
const withTheme: Decorator = (Story, context) => {
  const theme = (context.globals.theme as string | undefined) ?? 'light'
  if (typeof document !== 'undefined') document.documentElement.dataset.theme = theme
  return (
    <div className="sb-story-frame" data-story-frame="">
      <Story />
    </div>
  )
}

const preview: Preview = {
  decorators: [withTheme],
  parameters: {
    layout: 'fullscreen',
    controls: { matchers: { color: /(background|color)$/i, date: /Date$/i } },
    // Every axe violation fails the story's test.
    a11y: { test: 'error' },
  },
  globalTypes: {
    theme: {
      description: 'Colour theme',
      toolbar: {
        title: 'Theme',
        icon: 'mirror',
        items: [
          { value: 'light', title: 'Light' },
          { value: 'dark', title: 'Dark' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: 'light' },
}

export default preview
