package io.conclave.cli;

import io.conclave.election.ConclaveException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads the file of {@code --script}, or says in one line why it cannot. */
final class ScriptFile {

    private ScriptFile() {
    }

    static String read(Path script) {
        try {
            return Files.readString(script, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConclaveException("cannot read script " + script + " (--script): "
                    + (e instanceof NoSuchFileException ? "no such file" : e.getMessage()));
        }
    }
}
