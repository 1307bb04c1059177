package io.recsync.report;

/** Output formats of history, report and conflict listings. */
public enum Format { TABLE, CSV, JSON }
