package org.mailserver.pop3.server;

import java.util.Map;
import org.mailserver.pop3.grammar.Pop3Command;

/** Which handler carries out which command: one handler per command, in one place. */
final class CommandTable {
    private static final Map<Class<? extends Pop3Command>, CommandHandler<?>> HANDLERS = Map.ofEntries(
            Map.entry(Pop3Command.Capa.class, new CapaHandler()),
            Map.entry(Pop3Command.Stls.class, new StlsHandler()),
            Map.entry(Pop3Command.User.class, new UserHandler()),
            Map.entry(Pop3Command.Pass.class, new PassHandler()),
            Map.entry(Pop3Command.Auth.class, new AuthHandler()),
            Map.entry(Pop3Command.Stat.class, new StatHandler()),
            Map.entry(Pop3Command.List.class, new ListHandler()),
            Map.entry(Pop3Command.Uidl.class, new UidlHandler()),
            Map.entry(Pop3Command.Retr.class, new RetrHandler()),
            Map.entry(Pop3Command.Top.class, new TopHandler()),
            Map.entry(Pop3Command.Dele.class, new DeleHandler()),
            Map.entry(Pop3Command.Rset.class, new RsetHandler()),
            Map.entry(Pop3Command.Noop.class, new NoopHandler()),
            Map.entry(Pop3Command.Quit.class, new QuitHandler()));

    private CommandTable() {
    }

    @SuppressWarnings("unchecked")
    static <C extends Pop3Command> CommandHandler<C> handler(C command) {
        CommandHandler<?> h = HANDLERS.get(command.getClass());
        if (h == null) {
            throw new IllegalStateException("no handler for " + command.getClass().getSimpleName());
        }
        return (CommandHandler<C>) h;
    }
}
