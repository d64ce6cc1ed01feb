package io.conclave.bench;

/** One kind of measurement, repeated trial by trial on a stack. */
public interface TrialRunner {

    /** What is measured, for the table's title. */
    String describe();

    Trial run(String stack);
}
