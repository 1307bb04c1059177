package io.recsync.connector;

/** What a verified put stored: the bytes' count and the SHA-256 computed while they streamed. */
public record PutResult(StoragePath path, long size, String sha256) {}
