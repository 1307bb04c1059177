package io.recsync.manifest;

import io.recsync.connector.StoragePath;

/** One stored file of a recording: where it is, how large, and its SHA-256 (lower-case hex). */
public record FileRef(StoragePath path, long size, String sha256) {}
