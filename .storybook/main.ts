import type { StorybookConfig } from '@storybook/react-vite'
import remarkGfm from 'remark-gfm'

const config: StorybookConfig = {
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.@(ts|tsx)'],
  addons: [
    // GitHub's Markdown in the MDX pages (the Introduction's tables), with the remark-gfm the markdown bench has.
    { name: '@storybook/addon-docs', options: { mdxPluginOptions: { mdxCompileOptions: { remarkPlugins: [remarkGfm] } } } },
    '@storybook/addon-a11y',
    '@storybook/addon-vitest',
  ],
  framework: {
    name: '@storybook/react-vite',
    // Our own small Vite config: the root vite.config.ts is the library build (lib mode,
    // externals, a node test environment) and must not leak into Storybook or its tests.
    options: { builder: { viteConfigPath: '.storybook/vite.config.ts' } },
  },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  typescript: {
    // The Docs pages' prop tables come from the components' own JSDoc. react-docgen-typescript
    // resolves the imported types (a badge's `state` is a union from src/core); the props every
    // DOM element has (from @types/react) are left out, so a table lists what sealkit adds.
    reactDocgen: 'react-docgen-typescript',
    reactDocgenTypescriptOptions: {
      shouldExtractLiteralValuesFromEnum: true,
      shouldRemoveUndefinedFromOptional: true,
      propFilter: (prop) => !prop.parent?.fileName.includes('/node_modules/'),
    },
  },
}

export default config
