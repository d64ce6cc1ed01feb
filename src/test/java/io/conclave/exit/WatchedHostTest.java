package io.conclave.exit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WatchedHostTest {

    @Test
    void everyAddressIsAWildcardHoweverWritten() {
        assertThat(WatchedHost.isWildcard("0.0.0.0")).isTrue();
        assertThat(WatchedHost.isWildcard("::")).isTrue();
        // what InetAddress.getHostAddress() gives for a server socket bound to IPv6's any address
        assertThat(WatchedHost.isWildcard("0:0:0:0:0:0:0:0")).isTrue();
    }

    @Test
    void aRealAddressANameOrNothingIsNot() {
        assertThat(WatchedHost.isWildcard("127.0.0.1")).isFalse();
        assertThat(WatchedHost.isWildcard("10.0.0.7")).isFalse();
        assertThat(WatchedHost.isWildcard("fe80:0:0:0:0:0:0:1")).isFalse();
        assertThat(WatchedHost.isWildcard("peer-0.conclave.default.svc")).isFalse();
        assertThat(WatchedHost.isWildcard("cafe.example")).isFalse(); // starts like hex: still a name, never looked up
        assertThat(WatchedHost.isWildcard("")).isFalse();
    }
}
