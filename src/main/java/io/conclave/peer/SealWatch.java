package io.conclave.peer;

import io.conclave.security.Refusal;
import io.conclave.security.SEAL;
import io.conclave.spi.RuntimeProtocol;
import org.jgroups.Message;
import org.jgroups.stack.Protocol;
import org.jgroups.util.FastArray;
import org.jgroups.util.MessageBatch;

import java.util.function.Consumer;

/**
 * Sits just above the transport of a stack without a secret and drops sealed frames from peers of the same
 * cluster that use one, reporting them, so a peer started without --secret is told why nobody answers
 * instead of passing undecipherable messages up. Inserted by the runtime, not declared in stack files.
 */
final class SealWatch extends Protocol implements RuntimeProtocol {

    private final Consumer<Refusal> onRefusal;

    SealWatch(Consumer<Refusal> onRefusal) {
        this.onRefusal = onRefusal;
    }

    @Override
    public Object up(Message msg) {
        if (SEAL.looksSealed(msg, transportId())) {
            report(msg);
            return null;
        }
        return up_prot.up(msg);
    }

    @Override
    public void up(MessageBatch batch) {
        FastArray<Message>.FastIterator it = (FastArray<Message>.FastIterator) batch.iterator();
        while (it.hasNext()) {
            Message msg = it.next();
            if (SEAL.looksSealed(msg, transportId())) {
                report(msg);
                it.remove();
            }
        }
        if (!batch.isEmpty()) {
            up_prot.up(batch);
        }
    }

    private short transportId() {
        return getTransport().getId();
    }

    private void report(Message msg) {
        onRefusal.accept(new Refusal(Refusal.Kind.SEALED_TRAFFIC, String.valueOf(msg.src()), SEAL.claimedAddress(msg), ""));
    }
}
