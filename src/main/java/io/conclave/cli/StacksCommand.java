package io.conclave.cli;

import io.conclave.json.Json;
import io.conclave.shell.OutputFormat;
import io.conclave.shell.Table;
import io.conclave.stack.StackDefinition;
import io.conclave.stack.StackSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code conclave stacks}: the bundled stacks and what each is for. */
@Command(name = "stacks", mixinStandardHelpOptions = true, description = "List the bundled protocol stacks (use them with --stack NAME).")
final class StacksCommand implements Runnable {

    @Mixin
    OutputFormat output;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        List<StackDefinition> stacks = StackSource.BUNDLED.stream().map(StackSource::load).toList();
        if (output.json()) {
            spec.commandLine().getOut().println(Json.write(stacks.stream().map(s -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", s.origin());
                m.put("mode", s.mode().label());
                m.put("description", s.description());
                return m;
            }).toList()));
            return;
        }
        Table table = new Table("NAME", "MODE", "DESCRIPTION");
        stacks.forEach(s -> table.row(s.origin(), s.mode().label(), s.description()));
        spec.commandLine().getOut().println(table);
    }
}
