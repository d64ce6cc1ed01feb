package io.conclave.fault;

import org.jgroups.util.ByteArrayDataInputStream;
import org.jgroups.util.ByteArrayDataOutputStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FaultHeaderTest {

    @Test
    void aCutSurvivesTheWireAndItsSizeIsExact() throws Exception {
        for (Cut cut : new Cut[]{Cut.NONE, new Cut(7, "Bé", Cut.parseSides("A,B,C / C,Dü,* "))}) {
            FaultHeader header = FaultHeader.cut(cut);
            ByteArrayDataOutputStream out = new ByteArrayDataOutputStream();
            header.writeTo(out);
            assertThat(out.position()).isEqualTo(header.serializedSize());

            FaultHeader read = new FaultHeader();
            read.readFrom(new ByteArrayDataInputStream(out.buffer(), 0, out.position()));
            assertThat(read.cut()).isEqualTo(cut);
        }
    }
}
