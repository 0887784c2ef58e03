import { PlainChat } from '../../plain-chat'

export default function Page() {
  return <PlainChat />
}
