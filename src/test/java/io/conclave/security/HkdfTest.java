package io.conclave.security;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ClusterSecret#hkdf} against the HKDF-SHA256 test vectors of RFC 5869, appendix A (cases 1 to 3). */
class HkdfTest {

    private static final HexFormat HEX = HexFormat.of();

    private static byte[] range(int from, int to) {
        byte[] bytes = new byte[to - from];
        for (int i = from; i < to; i++) {
            bytes[i - from] = (byte) i;
        }
        return bytes;
    }

    private static byte[] repeated(int value, int length) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    @Test
    void case1BasicSha256() {
        assertThat(HEX.formatHex(ClusterSecret.hkdf(repeated(0x0b, 22), range(0x00, 0x0d), range(0xf0, 0xfa), 42)))
                .isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    }

    @Test
    void case2LongerInputsAndOutput() {
        assertThat(HEX.formatHex(ClusterSecret.hkdf(range(0x00, 0x50), range(0x60, 0xb0), range(0xb0, 0x100), 82)))
                .isEqualTo("b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
                        + "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
                        + "cc30c58179ec3e87c14c01d5c1f3434f1d87");
    }

    @Test
    void case3NoSaltNoInfo() {
        assertThat(HEX.formatHex(ClusterSecret.hkdf(repeated(0x0b, 22), new byte[0], new byte[0], 42)))
                .isEqualTo("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
    }
}
