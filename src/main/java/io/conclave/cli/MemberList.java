package io.conclave.cli;

import io.conclave.peer.PeerNames;
import picocli.CommandLine;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Parses {@code --members A,B,C}: names separated by commas, each valid, none twice. */
final class MemberList implements CommandLine.ITypeConverter<List<String>> {

    @Override
    public List<String> convert(String value) {
        List<String> names = Arrays.stream(value.split(",", -1)).map(String::strip).toList();
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            String problem = PeerNames.problemWith(name);
            if (problem != null) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a list of peer names like A,B,C: '"
                        + name + "': " + problem);
            }
            if (!seen.add(name)) {
                throw new CommandLine.TypeConversionException("'" + value + "' names " + name + " twice; list each member once");
            }
        }
        return names;
    }
}
