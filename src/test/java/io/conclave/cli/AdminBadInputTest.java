package io.conclave.cli;

import io.conclave.support.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static io.conclave.support.Cli.assertOneClearLine;

/** Bad --admin values and token files: one clear line, exit 2, for the peer and the one-shot commands. */
class AdminBadInputTest {

    @TempDir
    Path dir;

    @Test
    void badAdminAddressesAreOneClearLine() {
        assertOneClearLine(Cli.peer(dir, "--admin", "eighty"), "--admin eighty", "[HOST:]PORT");
        assertOneClearLine(Cli.peer(dir, "--admin", "127.0.0.1:70000"), "--admin", "1 to 65535");
        assertOneClearLine(Cli.peer(dir, "--admin", "no-such-host.invalid:8080"), "--admin", "unknown host");
        assertOneClearLine(Cli.run("status", "--admin", "8080,x:y"), "--admin x:y");
        assertOneClearLine(Cli.run("status"), "--admin");
    }

    @Test
    void offLoopbackNeedsAPrivateTokenFile() throws Exception {
        assertOneClearLine(Cli.peer(dir, "--admin", "0.0.0.0:18080"), "--admin-token");
        Path token = dir.resolve("token");
        Files.writeString(token, "t0ken\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));
        assertOneClearLine(Cli.peer(dir, "--admin", "0.0.0.0:18080", "--admin-token", token.toString()), "chmod 600");
        assertOneClearLine(Cli.run("leader", "--admin", "8080", "--admin-token", token.toString()), "chmod 600");
        assertOneClearLine(Cli.run("watch", "--admin", "8080", "--admin-token", dir.resolve("missing").toString()), "not found");
    }
}
