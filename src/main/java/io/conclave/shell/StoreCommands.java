package io.conclave.shell;

import io.conclave.election.ConclaveException;
import io.conclave.election.ReplicatedStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The replicated store in the shell (raft mode): writes and linearizable reads go to the leader from any
 * peer and fail within {@code --timeout} with the reason when there is no leader or majority. Each command
 * is an object of its own (not a method of one), so picocli runs it on the right instance however the
 * shell's tree is assembled.
 */
public final class StoreCommands {

    private StoreCommands() {
    }

    /** Adds put, get, del, keys and cas to the shell's tree. */
    public static void addTo(CommandLine root, ShellSession session) {
        for (StoreCommand command : List.of(new Put(session), new Get(session), new Del(session), new Keys(session),
                new Cas(session))) {
            CommandLine sub = new CommandLine(command);
            sub.setCaseInsensitiveEnumValuesAllowed(true);
            root.addSubcommand(sub.getCommandName(), sub);
        }
    }

    /** {@code --timeout}, shared by every store command. */
    static final class Timeout {
        @Option(names = "--timeout", defaultValue = "5s", converter = DurationConverter.class,
                description = "How long to wait for the leader's answer (default: ${DEFAULT-VALUE}).")
        Duration value;
    }

    private abstract static class StoreCommand implements Runnable {
        final ShellSession session;

        @Mixin
        Timeout timeout;

        StoreCommand(ShellSession session) {
            this.session = session;
        }

        ReplicatedStore store() {
            return session.peer().store().orElseThrow(() -> new ConclaveException(
                    "the replicated store needs raft mode; start the peer with a raft stack, e.g. --stack raft-udp"));
        }

        void out(String text) {
            session.console().out(text);
        }
    }

    @Command(name = "put", description = "Set KEY to VALUE through the Raft log (from any peer; needs a leader and a majority).")
    static final class Put extends StoreCommand {
        @Parameters(index = "0", paramLabel = "KEY")
        String key;
        @Parameters(index = "1", paramLabel = "VALUE")
        String value;

        Put(ShellSession session) {
            super(session);
        }

        @Override
        public void run() {
            Optional<String> previous = store().put(key, value, timeout.value);
            out(previous.map(p -> "ok (was " + p + ")").orElse("ok (new key)"));
        }
    }

    @Command(name = "get", description = "The value of KEY: linearizable through the leader, or --stale from this peer's copy.")
    static final class Get extends StoreCommand {
        @Parameters(index = "0", paramLabel = "KEY")
        String key;
        @Option(names = "--stale", description = "Read this peer's own copy at once, even without a leader; may miss recent writes.")
        boolean stale;
        @Mixin
        OutputFormat output;

        Get(ShellSession session) {
            super(session);
        }

        @Override
        public void run() {
            out(output.render(RaftReports.value(key, store().get(key, stale, timeout.value).orElse(null), stale)));
        }
    }

    @Command(name = "del", description = "Remove KEY through the Raft log.")
    static final class Del extends StoreCommand {
        @Parameters(index = "0", paramLabel = "KEY")
        String key;

        Del(ShellSession session) {
            super(session);
        }

        @Override
        public void run() {
            out(store().delete(key, timeout.value).map(p -> "deleted (was " + p + ")").orElse("no such key"));
        }
    }

    @Command(name = "keys", description = "All keys, in order (a linearizable read).")
    static final class Keys extends StoreCommand {
        @Mixin
        OutputFormat output;

        Keys(ShellSession session) {
            super(session);
        }

        @Override
        public void run() {
            out(output.render(RaftReports.keys(store().keys(timeout.value))));
        }
    }

    @Command(name = "cas", description = "Set KEY to NEW only if it holds EXPECTED (with --absent: only if it does not exist).")
    static final class Cas extends StoreCommand {
        @Parameters(arity = "2..3", paramLabel = "KEY [EXPECTED] NEW")
        List<String> words;
        @Option(names = "--absent", description = "Only if KEY does not exist; then give KEY NEW only.")
        boolean absent;

        Cas(ShellSession session) {
            super(session);
        }

        @Override
        public void run() {
            if (words.size() != (absent ? 2 : 3)) {
                throw new CommandLine.ParameterException(new CommandLine(this), absent
                        ? "with --absent give KEY NEW, e.g. cas --absent lock A"
                        : "give KEY EXPECTED NEW, e.g. cas colour blue red (or cas --absent KEY NEW)");
            }
            String key = words.get(0);
            ReplicatedStore.CasResult result = store().compareAndSet(key, absent ? null : words.get(1),
                    words.get(words.size() - 1), timeout.value);
            out(result.swapped() ? "swapped"
                    : "not swapped: " + key + (result.current() == null ? " does not exist" : " is " + result.current()));
        }
    }
}
