package org.mailserver.imap.server;

import static org.mailserver.imap.server.ImapState.AUTHENTICATED;
import static org.mailserver.imap.server.ImapState.NOT_AUTHENTICATED;
import static org.mailserver.imap.server.ImapState.SELECTED;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.mailserver.imap.grammar.ImapCommand;

/**
 * Every command: its processor, the states it is valid in (RFC 3501 6), and whether untagged EXPUNGE
 * responses may be sent at its end. RFC 3501 7.4.1: not during FETCH, STORE or SEARCH, whose
 * responses name messages by sequence number; their UID forms may (the numbers do not matter there).
 */
final class CommandTable {

    /** One row of the table. */
    record Entry(Processor<ImapCommand> processor, Set<ImapState> states) {
    }

    private static final Set<ImapState> ANY = EnumSet.of(NOT_AUTHENTICATED, AUTHENTICATED, SELECTED);
    private static final Set<ImapState> NOT_AUTH = EnumSet.of(NOT_AUTHENTICATED);
    private static final Set<ImapState> AUTH = EnumSet.of(AUTHENTICATED, SELECTED);
    private static final Set<ImapState> SEL = EnumSet.of(SELECTED);
    private static final Map<Class<?>, Entry> TABLE = new HashMap<>();

    static {
        add(ImapCommand.Capability.class, new CapabilityProcessor(), ANY);
        add(ImapCommand.Noop.class, new NoopProcessor(), ANY);
        add(ImapCommand.Logout.class, new LogoutProcessor(), ANY);
        add(ImapCommand.Id.class, new IdProcessor(), ANY);
        add(ImapCommand.Enable.class, new EnableProcessor(), AUTH);
        add(ImapCommand.StartTls.class, new StartTlsProcessor(), NOT_AUTH);
        add(ImapCommand.Login.class, new LoginProcessor(), NOT_AUTH);
        add(ImapCommand.Authenticate.class, new AuthenticateProcessor(), NOT_AUTH);
        add(ImapCommand.Namespace.class, new NamespaceProcessor(), AUTH);
        add(ImapCommand.Select.class, new SelectProcessor(), AUTH);
        add(ImapCommand.Idle.class, new IdleProcessor(), AUTH);
        add(ImapCommand.Check.class, new CheckProcessor(), SEL);
        add(ImapCommand.Close.class, new CloseProcessor(), SEL);
        add(ImapCommand.Unselect.class, new UnselectProcessor(), SEL);
        add(ImapCommand.Expunge.class, new ExpungeProcessor(), SEL);
        add(ImapCommand.Fetch.class, new FetchProcessor(), SEL);
        add(ImapCommand.Store.class, new StoreProcessor(), SEL);
        add(ImapCommand.Search.class, new SearchProcessor(), SEL);
        add(ImapCommand.Copy.class, new CopyProcessor(), SEL);
        add(ImapCommand.Move.class, new MoveProcessor(), SEL);
        add(ImapCommand.Append.class, new AppendProcessor(), AUTH);
        add(ImapCommand.Create.class, new CreateProcessor(), AUTH);
        add(ImapCommand.Delete.class, new DeleteProcessor(), AUTH);
        add(ImapCommand.Rename.class, new RenameProcessor(), AUTH);
        add(ImapCommand.Subscribe.class, new SubscribeProcessor.Subscribe(), AUTH);
        add(ImapCommand.Unsubscribe.class, new SubscribeProcessor.Unsubscribe(), AUTH);
        add(ImapCommand.ListMailboxes.class, new ListProcessor(), AUTH);
        add(ImapCommand.Lsub.class, new ListProcessor.Lsub(), AUTH);
        add(ImapCommand.Status.class, new StatusProcessor(), AUTH);
        add(ImapCommand.GetQuotaRoot.class, new QuotaProcessor.GetQuotaRoot(), AUTH);
        add(ImapCommand.GetQuota.class, new QuotaProcessor.GetQuota(), AUTH);
        add(ImapCommand.SetQuota.class, new QuotaProcessor.SetQuota(), AUTH);
        add(ImapCommand.Compress.class, new CompressProcessor(), AUTH);
    }

    private CommandTable() {
    }

    @SuppressWarnings("unchecked")
    private static <C extends ImapCommand> void add(Class<C> type, Processor<C> processor, Set<ImapState> states) {
        TABLE.put(type, new Entry((Processor<ImapCommand>) processor, states));
    }

    /** The row for a command, or null when this server does not carry it out. */
    static Entry entry(ImapCommand command) {
        return TABLE.get(command.getClass());
    }

    /** RFC 3501 7.4.1 and RFC 4315/6851: everything but FETCH, STORE and SEARCH without UID. */
    static boolean allowsExpunge(ImapCommand command) {
        if (command instanceof ImapCommand.Fetch f) {
            return f.uid();
        }
        if (command instanceof ImapCommand.Store s) {
            return s.uid();
        }
        if (command instanceof ImapCommand.Search s) {
            return s.uid();
        }
        return true;
    }
}
