import { ChatServed } from '../../chat-served'

export default function Page() {
  return <ChatServed />
}
