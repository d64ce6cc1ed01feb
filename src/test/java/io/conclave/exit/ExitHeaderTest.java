package io.conclave.exit;

import org.jgroups.util.ByteArrayDataInputStream;
import org.jgroups.util.ByteArrayDataOutputStream;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExitHeaderTest {

    @Test
    void anEndpointSurvivesTheWireAndItsSizeIsExact() throws Exception {
        for (ExitHeader header : new ExitHeader[]{ExitHeader.of(ExitHeader.Kind.HELLO, "10.0.0.7", 41_234, -5L),
                ExitHeader.of(ExitHeader.Kind.ANNOUNCE, "fe80::1", 1, Long.MAX_VALUE), ExitHeader.of(ExitHeader.Kind.HELLO, "", 0, 0)}) {
            ByteArrayDataOutputStream out = new ByteArrayDataOutputStream();
            header.writeTo(out);
            assertThat(out.position()).isEqualTo(header.serializedSize());

            ExitHeader read = new ExitHeader();
            read.readFrom(new ByteArrayDataInputStream(out.buffer(), 0, out.position()));
            assertThat(read.kind).isEqualTo(header.kind);
            assertThat(read.host).isEqualTo(header.host);
            assertThat(read.port).isEqualTo(header.port);
            assertThat(read.incarnation).isEqualTo(header.incarnation);
        }
    }

    @Test
    void anUnknownKindIsRefused() {
        byte[] bytes = {9};
        assertThatThrownBy(() -> new ExitHeader().readFrom(new ByteArrayDataInputStream(bytes, 0, 1)))
                .isInstanceOf(IOException.class).hasMessageContaining("unknown exit watch message kind 9");
    }
}
