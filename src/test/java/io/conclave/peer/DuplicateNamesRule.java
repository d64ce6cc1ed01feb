package io.conclave.peer;

import org.jgroups.Address;
import org.jgroups.View;

import java.util.Optional;

/**
 * The package-private {@link DuplicateNames} rule, unchanged, opened to the scenario drivers in
 * {@code io.conclave.scenario} (src/test/resources/scenarios/merge), which live outside this package.
 */
public final class DuplicateNamesRule {

    /** What a view means for one process: it is refused ({@code refusesSelf}), or it saw another refused. */
    public record Judgement(boolean refusesSelf, String notice) {
    }

    private final DuplicateNames rule;

    public DuplicateNamesRule(String cluster) {
        this.rule = new DuplicateNames(cluster);
    }

    public Optional<Judgement> judge(View view, Address self) {
        return rule.judge(view, self).map(v -> new Judgement(v.refusesSelf(), v.notice()));
    }
}
