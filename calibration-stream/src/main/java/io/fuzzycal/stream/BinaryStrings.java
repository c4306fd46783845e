package io.fuzzycal.stream;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Length-prefixed UTF-8 strings for the internal binary records: ids and calibrator JSON can exceed writeUTF's 64 KiB. */
final class BinaryStrings {
    private BinaryStrings() {
    }

    static void write(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    /** @throws EOFException naming {@code what} when the record is truncated */
    static String read(DataInputStream in, String what) throws IOException {
        int length = in.readInt();
        byte[] utf8 = in.readNBytes(Math.max(0, length));
        if (length < 0 || utf8.length != length) {
            throw new EOFException("truncated " + what);
        }
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
