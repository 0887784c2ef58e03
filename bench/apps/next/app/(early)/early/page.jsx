import { Chat } from '../../chat-default'

export default function Page() {
  return <Chat />
}
