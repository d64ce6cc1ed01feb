package io.conclave.shell;

/** How a query or an event is printed: for people or for tools. Lower case so it reads as typed: -o json. */
public enum Format {
    text, json
}
