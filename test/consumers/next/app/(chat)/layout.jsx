import 'sealkit/styles.css'

export const metadata = { title: 'sealkit on Next.js' }

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  )
}
