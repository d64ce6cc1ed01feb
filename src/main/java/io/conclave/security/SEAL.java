package io.conclave.security;

import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.Event;
import org.jgroups.Message;
import org.jgroups.PhysicalAddress;
import org.jgroups.annotations.MBean;
import org.jgroups.annotations.ManagedAttribute;
import org.jgroups.annotations.Property;
import org.jgroups.conf.AttributeType;
import org.jgroups.protocols.BasicTCP;
import org.jgroups.stack.Protocol;
import org.jgroups.util.ByteArray;
import org.jgroups.util.FastArray;
import org.jgroups.util.MessageBatch;
import org.jgroups.util.Util;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Seals every message with the cluster secret: the whole message (headers, flags, addresses and payload) is
 * serialized and encrypted with AES-256-GCM, which also authenticates it, and the frame carries a sender
 * counter and a time stamp so a recorded message cannot be replayed. Place it directly above the transport:
 * everything above it, discovery and membership included, then only ever sees messages from holders of the
 * secret. Messages that fail are dropped and reported once through {@link #onRefusal}.
 *
 * <p>Why not JGroups' own protocols (5.4.11): SYM_ENCRYPT initializes ciphers with an IvParameterSpec, so
 * GCM cannot be used and the available modes (ECB by default, CBC, CTR) do not authenticate; it also passes
 * messages without a payload (JOIN, LEAVE, heartbeats are header-only) unencrypted and unauthenticated.
 * SERIALIZE copies the GMS header to the outer message in the clear. AUTH checks joins only, not the
 * messages that follow.
 *
 * <p>Frame (the outer message's payload; the outer message has no headers of its own):
 * <pre>
 *   magic "CSL2" | key id (8) | sender salt (16) | counter (8) | time ms (8) | nonce (12) | address length (1)
 *   | address | AES-256-GCM(inner message), 16-byte tag
 * </pre>
 * The key is HKDF-SHA256(secret, salt, "conclave seal v2"), the salt random per sender incarnation. The
 * associated data is the frame header plus the cluster name, so a frame cannot be moved to another cluster
 * that shares the secret.
 *
 * <p>Nonces: every frame gets a fresh random 96-bit GCM nonce, read from the operating system's generator
 * for each frame; the counter only orders frames for the replay window. A nonce derived from state in
 * memory (the counter, as in format v1) repeats when one process image runs twice under the same key: a VM
 * snapshot restored twice, a cloned container, a checkpoint/restore. Then two different messages are sealed
 * with one key and one nonce, which leaks their XOR and lets a holder of both forge GCM tags. A nonce read
 * fresh from the kernel for each frame differs between the two copies, however much memory they share.
 * Limits: (1) random 96-bit nonces collide by the birthday bound, so NIST SP 800-38D allows at most 2^32
 * frames per key at a collision chance below 2^-32; a sender takes a new salt, hence a new key, every
 * {@value #FRAMES_PER_KEY} frames, far inside that. (2) It relies on the kernel's generator diverging
 * after a restore; Linux reseeds it from the VM generation id (vmgenid) and from interrupts, but a clone
 * restored with its entropy pool and no reseed before its first frames could repeat them; no in-process
 * scheme does better, as every state in the process is cloned with it. (3) Where the JVM has no
 * NativePRNGNonBlocking (not Linux or macOS), the default SecureRandom is used, which may not re-read the
 * kernel for each frame.
 */
@MBean(description = "Encrypts and authenticates every message with the cluster secret (AES-256-GCM, replay window)")
public class SEAL extends Protocol {

    static final byte[] MAGIC = {'C', 'S', 'L', '2'};
    static final int KEY_ID_LENGTH = 8;
    static final int SALT_LENGTH = 16;
    static final int NONCE_LENGTH = 12;
    static final int TAG_BITS = 128;
    /** magic, key id, salt, counter, time, nonce, address length. */
    static final int FIXED_HEADER = MAGIC.length + KEY_ID_LENGTH + SALT_LENGTH + 8 + 8 + NONCE_LENGTH + 1;
    /** Frames sealed under one key before the sender takes a new salt: 2^31, half of NIST's 2^32 for random nonces. */
    static final long FRAMES_PER_KEY = 1L << 31;
    private static final String KEY_INFO = "conclave seal v2";
    private static final int REPLAY_WINDOW = 1024;
    private static final int MAX_SENDERS = 4096;

    @Property(description = "File holding the cluster secret (made by 'conclave keygen'); the secret itself is never an attribute")
    protected String secret_file;

    @Property(description = "Frames stamped further than this from the local clock are refused (replays, wrong clocks)",
            type = AttributeType.TIME)
    protected long max_clock_skew = 60_000;

    private ClusterSecret secret;
    private byte[] keyId;
    private final SecureRandom random = freshRandom();
    /** The salt and key this sender seals with now; replaced every {@link #FRAMES_PER_KEY} frames. */
    private volatile SendKey sendKey;
    private final AtomicLong counter = new AtomicLong();
    private volatile byte[] clusterName = new byte[0];
    private volatile byte[] localAddress;
    private final Map<SaltKey, SecretKeySpec> keys = new ConcurrentHashMap<>();
    private final Map<SaltKey, ReplayWindow> windows = new ConcurrentHashMap<>();
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(SEAL::newCipher);
    private volatile Consumer<Refusal> refusals = r -> { };
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lastBeacon = new AtomicLong();
    private final Map<String, Long> recentStrangers = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > 256;
        }
    };
    private final AtomicLong replayed = new AtomicLong();

    /** Sets the secret programmatically (then secret_file is not read). */
    public SEAL secret(ClusterSecret secret) {
        this.secret = secret;
        return this;
    }

    /** Called for every refused message, on a JGroups thread: keep it short. */
    public SEAL onRefusal(Consumer<Refusal> listener) {
        this.refusals = Objects.requireNonNull(listener);
        return this;
    }

    @ManagedAttribute(description = "Messages refused (not sealed with this cluster's secret, forged or stale)")
    public long refused() {
        return refused.get();
    }

    @ManagedAttribute(description = "Replayed messages dropped")
    public long replayed() {
        return replayed.get();
    }

    @ManagedAttribute(description = "Public fingerprint of the cluster secret")
    public String keyFingerprint() {
        return secret == null ? "" : secret.fingerprint();
    }

    @Override
    public void init() throws Exception {
        super.init();
        if (secret == null) {
            if (secret_file == null || secret_file.isBlank()) {
                throw new IllegalArgumentException("SEAL needs the cluster secret: set secret_file to a file made by 'conclave keygen'");
            }
            secret = ClusterSecret.load(Path.of(secret_file), "secret_file of SEAL");
        }
        keyId = secret.keyId();
        sendKey = newSendKey(0);
        if (getTransport() instanceof BasicTCP tcp) {
            // a TCP connection proves the secret before the transport files it under the address it announces
            tcp.setSocketFactory(new AuthenticatingSocketFactory(new TcpHandshake(secret),
                    (host, reason) -> refuse(Refusal.Kind.UNAUTHENTICATED_CONNECTION, null, host, reason)));
        }
        if (max_clock_skew < 1000) {
            throw new IllegalArgumentException("SEAL max_clock_skew must be at least 1s");
        }
    }

    @Override
    public Object down(Event evt) {
        switch (evt.getType()) {
            case Event.CONNECT, Event.CONNECT_WITH_STATE_TRANSFER -> {
                Object name = evt.getArg();
                if (name != null) {
                    clusterName = name.toString().getBytes(StandardCharsets.UTF_8);
                }
            }
            default -> {
            }
        }
        return down_prot.down(evt);
    }

    @Override
    public Object down(Message msg) {
        if (msg.getSrc() == null) {
            msg.setSrc(addr());
        }
        try {
            return down_prot.down(seal(msg));
        } catch (Exception e) {
            log.error("%s: cannot seal a message to %s: %s", addr(), msg.dest(), e);
            return null;
        }
    }

    @Override
    public Object up(Message msg) {
        Message inner = open(msg, msg.src());
        return inner == null ? null : up_prot.up(inner);
    }

    @Override
    public void up(MessageBatch batch) {
        FastArray<Message>.FastIterator it = (FastArray<Message>.FastIterator) batch.iterator();
        while (it.hasNext()) {
            Message inner = open(it.next(), batch.sender());
            if (inner == null) {
                it.remove();
            } else {
                it.replace(inner);
            }
        }
        if (!batch.isEmpty()) {
            up_prot.up(batch);
        }
    }

    Message seal(Message msg) throws Exception {
        Message sealed = new BytesMessage(msg.dest(), frame(Util.messageToBuffer(msg))).setSrc(msg.getSrc());
        sealed.setFlag(msg.getFlags(false), false);
        if (msg.isFlagSet(Message.TransientFlag.DONT_LOOPBACK)) {
            sealed.setFlag(Message.TransientFlag.DONT_LOOPBACK);
        }
        return sealed;
    }

    private byte[] frame(ByteArray plain) throws GeneralSecurityException {
        byte[] address = localAddress();
        long count = counter.getAndIncrement();
        SendKey key = sendKeyFor(count);
        long now = System.currentTimeMillis();
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce);
        int headerLength = FIXED_HEADER + address.length;
        byte[] frame = new byte[headerLength + plain.getLength() + TAG_BITS / 8];
        ByteBuffer header = ByteBuffer.wrap(frame);
        header.put(MAGIC).put(keyId).put(key.salt()).putLong(count).putLong(now).put(nonce)
                .put((byte) address.length).put(address);
        Cipher cipher = ciphers.get();
        cipher.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(frame, 0, headerLength);
        cipher.updateAAD(clusterName);
        cipher.doFinal(plain.getArray(), plain.getOffset(), plain.getLength(), frame, headerLength);
        return frame;
    }

    /** The inner message if {@code msg} is a fresh frame sealed with our secret by {@code sender}, else null. */
    Message open(Message msg, Address sender) {
        if (!msg.hasArray() || msg.getLength() < FIXED_HEADER + TAG_BITS / 8
                || !Arrays.equals(msg.getArray(), msg.getOffset(), msg.getOffset() + MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return refuse(Refusal.Kind.UNSEALED, sender, "", "");
        }
        ByteBuffer frame = ByteBuffer.wrap(msg.getArray(), msg.getOffset(), msg.getLength());
        frame.position(frame.position() + MAGIC.length);
        byte[] theirKeyId = new byte[KEY_ID_LENGTH];
        frame.get(theirKeyId);
        byte[] theirSalt = new byte[SALT_LENGTH];
        frame.get(theirSalt);
        long count = frame.getLong();
        long time = frame.getLong();
        byte[] nonce = new byte[NONCE_LENGTH];
        frame.get(nonce);
        int addressLength = frame.get() & 0xff;
        if (frame.remaining() < addressLength + TAG_BITS / 8) {
            return refuse(Refusal.Kind.FORGED, sender, "", "truncated frame");
        }
        byte[] addressBytes = new byte[addressLength];
        frame.get(addressBytes);
        String claimed = printable(addressBytes);
        if (!MessageDigest.isEqual(theirKeyId, keyId)) {
            return refuse(Refusal.Kind.OTHER_SECRET, sender, claimed, "");
        }
        int headerLength = FIXED_HEADER + addressLength;
        SaltKey saltKey = new SaltKey(theirSalt);
        byte[] plain;
        try {
            SecretKeySpec key = keys.get(saltKey);
            if (key == null) {
                key = keyFor(theirSalt);
            }
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(msg.getArray(), msg.getOffset(), headerLength);
            cipher.updateAAD(clusterName);
            plain = cipher.doFinal(msg.getArray(), msg.getOffset() + headerLength, msg.getLength() - headerLength);
            if (keys.size() >= MAX_SENDERS) {
                keys.clear();
            }
            keys.putIfAbsent(saltKey, key);
        } catch (AEADBadTagException e) {
            return refuse(Refusal.Kind.FORGED, sender, claimed, "");
        } catch (GeneralSecurityException e) {
            log.error("%s: cannot open a frame from %s: %s", addr(), sender, e);
            return null;
        }
        long now = System.currentTimeMillis();
        long skew = time - now;
        if (Math.abs(skew) > max_clock_skew) {
            return refuse(Refusal.Kind.STALE, sender, claimed, "stamped " + Math.abs(skew) / 1000 + " s "
                    + (skew > 0 ? "ahead of" : "behind") + " this host's clock (more than " + max_clock_skew / 1000
                    + " s): a replay, or clocks out of sync (use NTP)");
        }
        if (!window(saltKey, time, now).accept(count, time)) {
            replayed.incrementAndGet();
            log.debug("%s: dropped a replayed frame from %s (counter %d)", addr(), sender, count);
            return null;
        }
        if (plain.length == 0) {
            return null; // a beacon: it only shows strangers that this cluster seals its traffic
        }
        Message inner;
        try {
            inner = Util.messageFromBuffer(plain, 0, plain.length);
        } catch (Exception e) {
            log.error("%s: a sealed frame from %s holds no valid message: %s", addr(), sender, e);
            return null;
        }
        Address local = addr();
        // A host:port destination is not checked: TCPPING sends discovery to the listed host and port, which
        // may name this peer differently (localhost, a LAN address), and a request replayed to another member
        // only earns a sealed discovery reply.
        if (inner.src() == null || !inner.src().equals(sender)
                || (inner.dest() != null && !(inner.dest() instanceof PhysicalAddress) && local != null
                    && !inner.dest().equals(local))
                || inner.getFlags(false) != msg.getFlags(false)) {
            return refuse(Refusal.Kind.FORGED, sender, claimed, "a sealed message was re-addressed");
        }
        return inner;
    }

    private Message refuse(Refusal.Kind kind, Address sender, String claimed, String detail) {
        refused.incrementAndGet();
        if (kind == Refusal.Kind.OTHER_SECRET || kind == Refusal.Kind.UNSEALED) {
            beacon(String.valueOf(sender));
        }
        log.debug("%s: refused a message from %s (%s): %s %s", addr(), sender, claimed, kind, detail);
        try {
            refusals.accept(new Refusal(kind, String.valueOf(sender), claimed, detail));
        } catch (RuntimeException e) {
            log.warn("%s: refusal listener failed: %s", addr(), e);
        }
        return null;
    }

    /**
     * Answers a stranger that is new (not seen for 10 s) with one sealed, empty multicast, at most one a
     * second: a peer that started with the wrong secret or none learns at once that this cluster is here and
     * seals its traffic, instead of waiting for the next heartbeat. It carries nothing, and a flood of forged
     * frames gets at most one small multicast a second out of it.
     */
    private void beacon(String stranger) {
        long now = System.currentTimeMillis();
        synchronized (recentStrangers) {
            Long seen = recentStrangers.put(stranger, now);
            if (seen != null && now - seen < 10_000) {
                return;
            }
        }
        long last = lastBeacon.get();
        if (now - last < 1000 || !lastBeacon.compareAndSet(last, now) || down_prot == null || addr() == null) {
            return;
        }
        try {
            Message beacon = new BytesMessage(null, frame(new ByteArray(new byte[0]))).setSrc(addr())
                    .setFlag(Message.Flag.OOB, Message.Flag.DONT_BUNDLE, Message.Flag.NO_FC);
            down_prot.down(beacon);
        } catch (Exception e) {
            log.debug("%s: cannot send a beacon: %s", addr(), e);
        }
    }

    private ReplayWindow window(SaltKey salt, long time, long now) {
        ReplayWindow window = windows.get(salt);
        if (window != null) {
            return window;
        }
        if (windows.size() >= MAX_SENDERS / 2) {
            // A sender whose newest frame is older than the skew limit can only send stale frames now.
            windows.values().removeIf(w -> w.newest() < now - max_clock_skew);
        }
        return windows.computeIfAbsent(salt, s -> new ReplayWindow());
    }

    private byte[] localAddress() {
        byte[] cached = localAddress;
        if (cached != null) {
            return cached;
        }
        Object physical = down_prot == null ? null : down_prot.down(new Event(Event.GET_PHYSICAL_ADDRESS, addr()));
        if (physical instanceof PhysicalAddress p) {
            byte[] bytes = p.printIpAddress().getBytes(StandardCharsets.US_ASCII);
            cached = bytes.length > 100 ? Arrays.copyOf(bytes, 100) : bytes;
            localAddress = cached;
            return cached;
        }
        return new byte[0];
    }

    private SecretKeySpec keyFor(byte[] senderSalt) {
        return new SecretKeySpec(secret.derive(KEY_INFO, senderSalt, 32), "AES");
    }

    /** The send key for the frame numbered {@code count}: a new salt and key once the current one has sealed its share. */
    private SendKey sendKeyFor(long count) {
        SendKey current = sendKey;
        if (count - current.firstCount() < FRAMES_PER_KEY) {
            return current;
        }
        synchronized (this) {
            if (count - sendKey.firstCount() >= FRAMES_PER_KEY) {
                sendKey = newSendKey(count);
            }
            return sendKey;
        }
    }

    private SendKey newSendKey(long firstCount) {
        byte[] salt = new byte[SALT_LENGTH];
        random.nextBytes(salt);
        return new SendKey(salt, keyFor(salt), firstCount);
    }

    /** The kernel's generator, read for every call where the JVM offers that (see the class comment), else the default. */
    private static SecureRandom freshRandom() {
        try {
            return SecureRandom.getInstance("NativePRNGNonBlocking");
        } catch (GeneralSecurityException e) {
            return new SecureRandom();
        }
    }

    private record SendKey(byte[] salt, SecretKeySpec key, long firstCount) {
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available in this JVM", e);
        }
    }

    private static String printable(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.US_ASCII);
        return s.chars().allMatch(c -> c > 32 && c < 127) ? s : "";
    }

    /**
     * True if {@code msg} looks like a sealed frame (used by stacks without a secret to explain what they see):
     * no header but the transport's, and a payload that starts like a frame.
     */
    public static boolean looksSealed(Message msg, short transportId) {
        int headers = msg.getNumHeaders() - (msg.getHeader(transportId) == null ? 0 : 1);
        return headers == 0 && msg.hasArray() && msg.getLength() >= FIXED_HEADER + TAG_BITS / 8
                && Arrays.equals(msg.getArray(), msg.getOffset(), msg.getOffset() + MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** The sender address a sealed frame claims, or "". */
    public static String claimedAddress(Message msg) {
        int at = msg.getOffset() + FIXED_HEADER - 1;
        int length = msg.getArray()[at] & 0xff;
        if (FIXED_HEADER + length > msg.getLength()) {
            return "";
        }
        return printable(Arrays.copyOfRange(msg.getArray(), at + 1, at + 1 + length));
    }

    private record SaltKey(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof SaltKey other && Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }

    /** Accepts each counter of one sender once, within a window of recent counters (like IPsec). */
    static final class ReplayWindow {
        private final long[] bits = new long[REPLAY_WINDOW / 64];
        private long highest = -1;
        private long newest;

        synchronized boolean accept(long count, long time) {
            if (count < 0) {
                return false;
            }
            if (count > highest) {
                long shift = count - highest;
                if (shift >= REPLAY_WINDOW) {
                    Arrays.fill(bits, 0);
                } else {
                    for (long c = highest + 1; c <= count; c++) {
                        clear(c);
                    }
                }
                highest = count;
                set(count);
                newest = Math.max(newest, time);
                return true;
            }
            if (highest - count >= REPLAY_WINDOW || isSet(count)) {
                return false;
            }
            set(count);
            newest = Math.max(newest, time);
            return true;
        }

        synchronized long newest() {
            return newest;
        }

        private void set(long c) {
            int i = (int) (c % REPLAY_WINDOW);
            bits[i / 64] |= 1L << (i % 64);
        }

        private void clear(long c) {
            int i = (int) (c % REPLAY_WINDOW);
            bits[i / 64] &= ~(1L << (i % 64));
        }

        private boolean isSet(long c) {
            int i = (int) (c % REPLAY_WINDOW);
            return (bits[i / 64] & (1L << (i % 64))) != 0;
        }
    }
}
