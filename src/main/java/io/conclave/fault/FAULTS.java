package io.conclave.fault;

import io.conclave.election.ConclaveException;
import io.conclave.election.Peer;
import io.conclave.election.PeerNames;
import io.conclave.exit.FD_EXIT;
import io.conclave.security.SEAL;
import io.conclave.spi.ChannelOwner;
import io.conclave.spi.LastHeard;
import org.jgroups.Address;
import org.jgroups.EmptyMessage;
import org.jgroups.Event;
import org.jgroups.Message;
import org.jgroups.View;
import org.jgroups.annotations.MBean;
import org.jgroups.annotations.Property;
import org.jgroups.conf.AttributeType;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.FailureDetection;
import org.jgroups.protocols.TCP;
import org.jgroups.stack.Protocol;
import org.jgroups.util.MessageBatch;
import org.jgroups.util.NameCache;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Fault injection, declared low in every bundled stack (just above the transport, or above SEAL in the
 * secure stacks so that only holders of the secret can cut the cluster) and inert until used.
 * <p>
 * Off unless the peer was started for it ({@link #allow}: the lab, {@code conclave peer --allow-faults},
 * {@code PeerConfig.allowFaults}): a peer that does not allow it refuses local commands, ignores cuts from
 * the network (and says so once), and answers the member that sent one with a refusal that the issuer
 * reports. A peer that allows it obeys a cut only from a peer named like a member of its current view, or
 * of a view installed while the current cut holds (the far side of a partition, which must be able to heal
 * it, perhaps restarted under a new address), or, while it has never shared a view with anyone, from any
 * peer (a peer restarted on a side of its own is told the cut that way). On a stack without SEAL names and
 * addresses are not authenticated: a program that forges a member's address or name can still cut a peer
 * that allows faults; only the opt-in keeps that off production peers. On
 * sealed stacks FAULTS must sit above SEAL, so every command comes from a holder of the secret. A
 * issued on any peer is sent to all peers and each drops the regular messages to and from the peers it
 * shares no side with, so the others find out through failure detection, like after a pulled cable.
 * <p>
 * The control messages carry the whole cut and a generation number and always pass, so a heal typed on
 * either side reaches everyone. Sitting below the retransmission protocols they are unreliable, so they are
 * sent several times; and as a TCP transport's multicast only reaches the current view, which after a cut
 * no longer holds the other side, they are also sent to every member address ever seen. A peer seen for the
 * first time (a restart) is told the current cut at once.
 * <p>
 * Also local faults: {@link #pause} (nothing in or out, failure detection frozen, as in a long GC
 * pause), {@link #crash} (nothing out, sockets closed, as when the process dies), and the one-way losses
 * {@link #deafen} and {@link #mute} (nothing in, or nothing out).
 */
@MBean(description = "Fault injection: cuts the cluster into sides; inert until used")
public class FAULTS extends Protocol implements LastHeard, FaultInjector {

    static final short PROTOCOL_ID = 1500;

    static {
        ClassConfigurator.addProtocol(PROTOCOL_ID, FAULTS.class);
        ClassConfigurator.add(FaultHeader.MAGIC_ID, FaultHeader.class);
    }

    @Property(description = "How often each control message is sent (they pass below the retransmission protocols)")
    protected int sends = 5;

    @Property(description = "Delay before the first resend of a control message; doubles after each", type = AttributeType.TIME)
    protected long resend_delay = 100;

    /** How many addresses, names and said notices are kept at most: a stranger cycling addresses cannot grow them. */
    static final int MAX_KNOWN = 1024;

    /** What a peer that does not allow faults says to the user who commands one (in config terms; the CLI says the flag). */
    public static final String NOT_ALLOWED = "this peer does not allow fault injection: start it with PeerConfig.allowFaults=true";

    private volatile boolean allowed;
    private volatile Consumer<String> notices = line -> { };
    private volatile Cut cut = Cut.NONE;
    private volatile Instant changedAt = Instant.EPOCH;
    private volatile boolean paused;
    /** One-way losses: a deaf peer hears no one, a mute one reaches no one; control messages pass either way. */
    private volatile boolean deaf;
    private volatile boolean mute;
    private volatile boolean crashed;
    /** Names are kept here: JGroups may evict a cut-off member from its name cache. */
    private final Map<Address, String> names = recent();
    /** The latest address of every member seen, by name: where control messages go. */
    private final Map<String, Address> addresses = recent();
    private final Map<String, Long> lastHeardNanos = new ConcurrentHashMap<>();
    /** The latest addresses a message has come from. */
    private final Set<Address> seen = Collections.newSetFromMap(recent());
    /** The names of the members of the current view. */
    private volatile Set<String> members = Set.of();
    /**
     * The names of the members of every view installed while the current cut holds: they may still heal it,
     * from across the cut or restarted under a new address.
     */
    private final Set<String> membersDuringCut = Collections.newSetFromMap(recent());
    /** Whether this peer has ever shared a view with another member. */
    private volatile boolean joined;
    /** The notices already given (each is said once) and the refusals already answered. */
    private final Set<String> said = Collections.newSetFromMap(recent());
    private final List<Consumer<Cut>> listeners = new CopyOnWriteArrayList<>();

    /** A synchronized map that forgets its eldest entries beyond {@link #MAX_KNOWN}. */
    private static <K, V> Map<K, V> recent() {
        return Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > MAX_KNOWN;
            }
        });
    }

    /** Whether this peer obeys fault commands (from members of its view); off unless the peer was started for it. */
    public FAULTS allow(boolean allow) {
        this.allowed = allow;
        return this;
    }

    public boolean allowed() {
        return allowed;
    }

    /** Called with one line for what the user should know: a refused command, a peer that refused ours. */
    public FAULTS onNotice(Consumer<String> listener) {
        this.notices = listener;
        return this;
    }

    /** Refuses a stack where fault commands would pass below SEAL, unsealed. */
    @Override
    public void init() throws Exception {
        super.init();
        List<Protocol> protocols = getProtocolStack().getProtocols(); // top first
        int seal = protocols.indexOf(getProtocolStack().findProtocol(SEAL.class));
        if (seal >= 0 && protocols.indexOf(this) > seal) {
            throw new IllegalArgumentException("FAULTS sits below SEAL, so fault commands would travel unsealed;"
                    + " put <io.conclave.fault.FAULTS/> above <io.conclave.security.SEAL/>");
        }
    }

    /** The FAULTS protocol of a peer started by this toolkit, if its stack has one. */
    public static Optional<FAULTS> of(Peer peer) {
        return ChannelOwner.channelOf(peer).map(channel -> channel.getProtocolStack().findProtocol(FAULTS.class));
    }

    // ---- commands

    @Override
    public Cut partition(List<Set<String>> sides) {
        return issue(sides);
    }

    @Override
    public Cut isolate(String name) {
        String problem = PeerNames.problemWith(name);
        if (problem != null) {
            throw new ConclaveException("cannot isolate '" + name + "': " + problem);
        }
        return issue(List.of(Set.of(name), Set.of(Cut.REST)));
    }

    @Override
    public Cut heal() {
        return issue(List.of());
    }

    /**
     * Obeys {@code given}, a cut made elsewhere, as if it had come from a member, and passes it on; ignored if
     * this peer already has it or a newer one. For a harness that, like a switch cutting every port at once,
     * gives every peer the same cut (the same generation and issuer), so they all apply it at once and no
     * resend of an older cut can undo it; returns whether this peer applied it.
     */
    public synchronized boolean obey(Cut given) {
        requireAllowed();
        if (!given.newerThan(cut)) {
            return false;
        }
        apply(given);
        broadcast(given);
        return true;
    }

    private synchronized Cut issue(List<Set<String>> sides) {
        requireAllowed();
        Cut next = cut.next(localName(), sides);
        apply(next);
        broadcast(next);
        return next;
    }

    /**
     * This peer neither sends nor receives for {@code duration}, and its failure detection stands still
     * as the threads of a paused process would; then it carries on with the state it had. Control
     * messages still get through, so a heal during the pause is not lost.
     */
    public void pause(Duration duration) {
        requireAllowed();
        paused = true;
        failureDetection().ifPresent(FailureDetection::stopFailureDetection);
        getTransport().getTimer().schedule(this::resume, duration.toMillis(), TimeUnit.MILLISECONDS, false);
    }

    /**
     * This peer stops hearing the others while they still hear it, so only it notices (its failure detection
     * suspects them); {@code false} ends it. Control messages still pass.
     */
    public void deafen(boolean on) {
        requireAllowed();
        deaf = on;
    }

    /** This peer stops sending while it still hears the others (a one-way loss); {@code false} ends it. */
    public void mute(boolean on) {
        requireAllowed();
        mute = on;
    }

    private void requireAllowed() {
        if (!allowed) {
            throw new ConclaveException(NOT_ALLOWED);
        }
    }

    private void resume() {
        paused = false;
        failureDetection().ifPresent(FailureDetection::startFailureDetection);
    }

    /**
     * Stops all traffic and closes the failure-detection sockets, as the operating system does for a
     * process that dies; the caller then closes the channel, whose leave message no one receives.
     */
    public void crash() {
        requireAllowed();
        crashed = true;
        closeFailureDetectionSockets();
        // a crashed process's kernel ends its exit-watch connections in order, so its watchers see it end
        FD_EXIT exitDetection = getProtocolStack().findProtocol(FD_EXIT.class);
        if (exitDetection != null) {
            exitDetection.stop();
        }
    }

    @Override
    public void resetConnections(String name) {
        requireAllowed();
        if (!localName().equals(name)) {
            throw new ConclaveException("a peer can reset only its own connections: run it on "
                    + name + " (isolate " + name + " --reset)");
        }
        // like a firewall's reset: the connections go, the process and its listening port stay, so after a heal
        // failure detection connects again (a stopped FD_SOCK2 would make the others suspect it for good)
        FD_SOCK2 sockets = getProtocolStack().findProtocol(FD_SOCK2.class);
        closeFailureDetectionSockets();
        if (sockets != null) {
            try {
                sockets.start();
            } catch (Exception e) {
                throw new ConclaveException("cannot listen for failure detection again after the reset: " + e.getMessage());
            }
        }
    }

    private void closeFailureDetectionSockets() {
        FD_SOCK2 sockets = getProtocolStack().findProtocol(FD_SOCK2.class);
        if (sockets != null) {
            sockets.stop();
        } else if (getTransport() instanceof TCP tcp) {
            // no FD_SOCK2 (secure-tcp): the transport's own connections closing is what the others notice
            tcp.clearConnections();
        }
    }

    // ---- state

    /** The cut, whom this peer hears and whom not among the peers it has seen, and whether it is paused, deaf or mute. */
    @Override
    public String describeFaults() {
        if (!allowed) {
            return "fault injection off: " + NOT_ALLOWED;
        }
        Cut current = cut;
        StringBuilder text = new StringBuilder("cut      " + current.describe());
        if (current.generation() > 0) {
            text.append("  (generation ").append(current.generation()).append(", by ").append(current.issuer()).append(')');
        }
        if (!current.bridges().isEmpty()) {
            text.append("\nbridges  ").append(String.join(",", current.bridges())).append(" (on more than one side)");
        }
        String me = localName();
        List<String> known = addresses.keySet().stream().sorted().toList();
        List<String> cutOff = known.stream().filter(name -> !current.connected(me, name)).toList();
        text.append("\n").append(me).append(" hears ").append(cutOff.isEmpty() ? "every peer it knows"
                : "all but " + String.join(",", cutOff));
        if (paused) {
            text.append("\npaused   yes: nothing in or out");
        }
        if (deaf) {
            text.append("\ndeaf     yes: hears no one");
        }
        if (mute) {
            text.append("\nmute     yes: reaches no one");
        }
        return text.toString();
    }

    public Cut cut() {
        return cut;
    }

    /** When this peer last applied a cut or heal (its own or another peer's); {@link Instant#EPOCH} if never. */
    public Instant changedAt() {
        return changedAt;
    }

    public boolean paused() {
        return paused;
    }

    /** Called with every cut this peer applies, its own included, on the thread that applied it. */
    public void onCut(Consumer<Cut> listener) {
        listeners.add(listener);
    }

    @Override
    public Optional<Duration> silence(String member) {
        Long nanos = lastHeardNanos.get(member);
        return nanos == null ? Optional.empty() : Optional.of(Duration.ofNanos(System.nanoTime() - nanos));
    }

    // ---- the protocol

    @Override
    public Object down(Event event) {
        if (event.getType() == Event.VIEW_CHANGE) {
            viewChanged((View) event.getArg());
        }
        return down_prot.down(event);
    }

    @Override
    public Object down(Message msg) {
        if (crashed || paused || mute || (msg.getDest() != null && !reachable(msg.getDest()))) {
            return null;
        }
        return down_prot.down(msg);
    }

    /** Members who join this peer's view during a cut are told it (the first send may beat their own view). */
    private void viewChanged(View view) {
        Set<String> before = members;
        view.getMembers().forEach(this::learn);
        members = view.getMembers().stream().map(this::nameOf).filter(Objects::nonNull).collect(Collectors.toUnmodifiableSet());
        joined |= view.size() > 1;
        Cut current = cut;
        if (current.active()) {
            membersDuringCut.addAll(members);
        }
        if (current.generation() > 0 && allowed && !crashed) {
            view.getMembers().stream().filter(m -> !before.contains(nameOf(m)) && !m.equals(getAddress()))
                    .forEach(m -> send(current, m, sends - 1));
        }
    }

    @Override
    public Object up(Message msg) {
        FaultHeader header = msg.getHeader(id);
        if (header != null) {
            control(header, msg.getSrc());
            return null;
        }
        Address sender = msg.getSrc();
        if (!admits(sender)) {
            learn(sender);
            return null;
        }
        heard(sender);
        Object result = up_prot.up(msg);
        learn(sender);
        return result;
    }

    @Override
    public void up(MessageBatch batch) {
        batch.removeIf(msg -> {
            FaultHeader header = msg.getHeader(id);
            if (header != null) {
                control(header, msg.getSrc() == null ? batch.sender() : msg.getSrc());
            }
            return header != null;
        }, false);
        Address sender = batch.sender();
        if (batch.isEmpty() || !admits(sender)) {
            learn(sender);
            return;
        }
        heard(sender);
        up_prot.up(batch);
        learn(sender);
    }

    /**
     * The first message from an address always passes: it is how a stranger introduces itself (a discovery
     * request), and the discovery protocol above must see it to learn where the stranger is, or the current
     * cut could never be sent to a peer restarted during it. Peers in separate processes would let it pass
     * anyway, not knowing the stranger's name yet; peers in one JVM share JGroups' name cache and would not.
     */
    private boolean admits(Address sender) {
        boolean stranger = seen.add(sender);
        return !crashed && !paused && !(deaf && !sender.equals(getAddress())) && (stranger || reachable(sender));
    }

    /** A member of unknown name is let through: the cut cannot name it, and discovery will name it soon. */
    private boolean reachable(Address other) {
        if (!cut.active() || other.equals(getAddress())) {
            return true;
        }
        String name = nameOf(other);
        return name == null || cut.connected(localName(), name);
    }

    private void heard(Address sender) {
        String name = nameOf(sender);
        if (name != null) {
            lastHeardNanos.put(name, System.nanoTime());
        }
    }

    /**
     * Remembers a member's name and address; a peer seen for the first time is told the current cut. Called
     * after the protocols above have seen the message, so the transport knows where to send the cut.
     */
    private void learn(Address member) {
        if (member == null || member.equals(getAddress())) {
            return;
        }
        String name = nameOf(member);
        if (name == null || member.equals(addresses.get(name))) {
            return;
        }
        addresses.put(name, member);
        Cut current = cut;
        if (current.generation() > 0 && allowed && !crashed) {
            send(current, member, sends - 1);
        }
    }

    private String nameOf(Address member) {
        String name = names.get(member);
        if (name == null) {
            name = NameCache.get(member);
            if (name != null) {
                names.put(member, name);
            }
        }
        return name;
    }

    private String localName() {
        String name = getAddress() == null ? null : nameOf(getAddress());
        return name == null ? String.valueOf(getAddress()) : name;
    }

    /** A control message: obeyed, refused or reported, by the rules in the class comment. */
    private void control(FaultHeader header, Address sender) {
        String who = sender == null ? "an unknown sender" : Optional.ofNullable(nameOf(sender)).orElse(sender.toString());
        if (header.problem() != null) {
            sayOnce("invalid " + sender + " " + header.problem(), "ignored a malformed fault command from " + who + ": " + header.problem());
            return;
        }
        if (header.kind() == FaultHeader.Kind.REFUSAL) {
            // only the answer to a cut of ours that is still in force, from a member we may have sent it to
            if (trusted(sender) && header.cut().equals(cut) && cut.issuer().equals(localName())) {
                sayOnce("refusal " + who + " " + cut.generation(), who + " does not allow fault injection: start it with PeerConfig.allowFaults=true");
            }
            return;
        }
        if (!allowed) {
            sayOnce("not allowed", "ignored a fault command from " + who + ": " + NOT_ALLOWED
                    + " (then it obeys partition, isolate and heal from members of its view)");
            if (trusted(sender) && said.add("answered " + sender + " " + header.cut().generation())) {
                sendOnce(FaultHeader.refusal(header.cut()), sender);
            }
            return;
        }
        if (!header.cut().newerThan(cut)) {
            return; // a resend, or a cut this peer has moved past: nothing to obey, whoever sent it
        }
        if (!trusted(sender) && joined) {
            sayOnce("stranger " + sender, "ignored a fault command from " + who + ": not a member of this peer's view");
            return;
        }
        received(header.cut());
    }

    /** Whether the sender goes by the name of a member of the view (or of one during the cut). */
    private boolean trusted(Address sender) {
        String name = sender == null ? null : nameOf(sender);
        return name != null && (members.contains(name) || (cut.active() && membersDuringCut.contains(name)));
    }

    private void sayOnce(String key, String line) {
        if (said.add(key)) {
            notices.accept(line);
        }
    }

    private synchronized void received(Cut incoming) {
        if (!crashed && incoming.newerThan(cut)) {
            apply(incoming);
        }
    }

    private void apply(Cut next) {
        if (next.active() && !cut.active()) {
            membersDuringCut.clear();
            membersDuringCut.addAll(members);
        }
        cut = next;
        changedAt = Instant.now();
        listeners.forEach(listener -> listener.accept(next));
    }

    /** Sends the cut to the whole group and to every member ever seen, again after growing delays. */
    private void broadcast(Cut sent) {
        send(sent, null, sends - 1);
        addresses.values().forEach(member -> send(sent, member, sends - 1));
    }

    private void send(Cut sent, Address destination, int resends) {
        sendOnce(sent, destination);
        long delay = resend_delay;
        for (int i = 0; i < resends; i++) {
            getTransport().getTimer().schedule(() -> {
                if (!cut.newerThan(sent)) {
                    sendOnce(sent, destination);
                }
            }, delay, TimeUnit.MILLISECONDS, true);
            delay *= 2;
        }
    }

    private void sendOnce(Cut sent, Address destination) {
        sendOnce(FaultHeader.cut(sent), destination);
    }

    private void sendOnce(FaultHeader header, Address destination) {
        if (crashed) {
            return;
        }
        Message msg = new EmptyMessage(destination).putHeader(id, header)
                .setFlag(Message.Flag.OOB, Message.Flag.DONT_BUNDLE)
                .setFlag(Message.TransientFlag.DONT_LOOPBACK);
        try {
            down_prot.down(msg);
        } catch (RuntimeException e) {
            log.debug("%s: cannot send %s to %s: %s", getAddress(), header, destination, e);
        }
    }

    private Optional<FailureDetection> failureDetection() {
        return getProtocolStack().getProtocols().stream()
                .filter(FailureDetection.class::isInstance).map(FailureDetection.class::cast).findFirst();
    }
}
