import 'sealkit/styles.css'
import { BenchHtml } from '../bench-html'

export const metadata = { title: 'bench sealkit (Next.js)' }

export default function Layout({ children }) {
  return <BenchHtml>{children}</BenchHtml>
}
