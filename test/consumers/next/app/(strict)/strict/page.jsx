import { ChatPage } from '../../chat-page'

export const dynamic = 'force-dynamic'

export default function StrictPage() {
  return <ChatPage servedWorkers />
}
