import { ChatPage } from '../../chat-page'

export const dynamic = 'force-dynamic'

export default ChatPage
