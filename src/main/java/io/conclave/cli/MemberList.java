package io.conclave.cli;

import io.conclave.election.ConclaveException;
import io.conclave.peer.RaftMembers;
import io.conclave.shell.ConfigFlags;
import picocli.CommandLine;

import java.util.List;

/** Parses {@code --members A,B,C}: names separated by commas, each valid, none twice (the rules are RaftMembers'). */
final class MemberList implements CommandLine.ITypeConverter<List<String>> {

    @Override
    public List<String> convert(String value) {
        try {
            return RaftMembers.parse(value);
        } catch (ConclaveException e) {
            throw new CommandLine.TypeConversionException(ConfigFlags.inFlags(e.getMessage()));
        }
    }
}
