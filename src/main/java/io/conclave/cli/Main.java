package io.conclave.cli;
public class Main { public static void main(String[] a) { } }
