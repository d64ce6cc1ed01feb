package io.conclave.cli;

import io.conclave.election.ConclaveException;
import org.jgroups.stack.GossipRouter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code conclave router}: JGroups' GossipRouter, headless, for the {@code gossip} stack. It only tells peers who
 * else is in their cluster (TCPGOSSIP); their messages go peer to peer, never through it.
 */
@Command(name = "router", sortOptions = false,
        description = {"Run a GossipRouter for the gossip stack: peers register with it and ask it who else is in their cluster.",
                "Headless: runs until SIGINT/SIGTERM. Start peers with --stack gossip --initial-hosts HOST[PORT]."})
final class RouterCommand implements Callable<Integer> {

    static final int DEFAULT_PORT = 12001;

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--bind-addr", description = "Address to listen on (default: all addresses of this host).")
    String bindAddr;

    @Option(names = "--port", defaultValue = "" + DEFAULT_PORT, description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--log-file", description = "Where the router logs (default: ~/.conclave/router.log).")
    Path logFile;

    @Override
    public Integer call() throws Exception {
        if (port < 1 || port > 65535) {
            throw new ConclaveException("--port " + port + " is out of range; use 1-65535");
        }
        InetAddress bind = bindAddress();
        Path log = logFile == null ? Path.of(System.getProperty("user.home"), ".conclave", "router.log") : logFile;
        LogSetup.toFile(log, "--log-file");
        GossipRouter router = new GossipRouter(bind, port);
        // like the bundled stacks: probe would otherwise answer (and change settings) over multicast
        router.diagHandler().setEnabled(false);
        try {
            router.start();
        } catch (BindException e) {
            throw new ConclaveException("cannot listen on " + (bindAddr == null ? "*" : bindAddr) + ":" + port + " (--bind-addr, --port): "
                    + e.getMessage() + "; stop what uses the port, pick another, or use an address of this host");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            router.stop();
            stopped.countDown();
            LogSetup.shutdown();
        }, "router-stop"));
        spec.commandLine().getOut().println("router listening on " + (bindAddr == null ? "*" : bindAddr) + ":" + port);
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }

    private InetAddress bindAddress() {
        if (bindAddr == null) {
            return null;
        }
        try {
            return InetAddress.getByName(bindAddr);
        } catch (UnknownHostException e) {
            throw new ConclaveException("--bind-addr " + bindAddr + " is not a valid address or host name");
        }
    }
}
