import { ChatPage } from '../../chat-page'
import { ServedWorkersChat } from '../served-workers'

export const dynamic = 'force-dynamic'

export default function StrictPage() {
  return <ChatPage chat={<ServedWorkersChat />} />
}
