package io.conclave.lab;

import io.conclave.election.ConclaveException;
import io.conclave.json.Json;
import io.conclave.peer.DataDirs;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code --record FILE}: every peer event and every fault as JSON Lines, one object a line, flushed at once so
 * the file is complete up to the moment the lab stops, however it stops.
 */
final class Recorder implements AutoCloseable {

    private final BufferedWriter out;
    private final Path file;

    private Recorder(Path file, BufferedWriter out) {
        this.file = file;
        this.out = out;
    }

    static Recorder open(Path file) {
        DataDirs.prepareFile(file, "record file", "--record");
        try {
            return new Recorder(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConclaveException("cannot write the record file " + file + " (--record): " + e.getMessage());
        }
    }

    synchronized void write(Map<String, Object> fields) {
        try {
            out.write(Json.write(fields));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new ConclaveException("cannot write to the record file " + file + ": " + e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new ConclaveException("cannot close the record file " + file + ": " + e.getMessage());
        }
    }
}
