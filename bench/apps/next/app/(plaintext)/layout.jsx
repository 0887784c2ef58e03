import { BenchHtml } from '../bench-html'

export const metadata = { title: 'bench plaintext (Next.js)' }

export default function Layout({ children }) {
  return <BenchHtml>{children}</BenchHtml>
}
