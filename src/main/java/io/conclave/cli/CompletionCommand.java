package io.conclave.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code conclave completion bash|zsh}: a completion script for the whole command tree. picocli writes one
 * script that serves both shells (in zsh it loads bashcompinit itself), so the argument only documents intent.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a shell completion script for conclave.",
                "bash: source <(conclave completion bash)    zsh: source <(conclave completion zsh)"})
final class CompletionCommand implements Runnable {

    enum Shell { bash, zsh }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "bash or zsh")
    Shell shell;

    @Override
    public void run() {
        spec.commandLine().getOut().print(AutoComplete.bash("conclave", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
    }
}
