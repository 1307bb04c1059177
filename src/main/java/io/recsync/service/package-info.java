/**
 * {@code recsync sync --continuous}: what makes a job a long-running service. It decides WHEN a
 * cycle runs (file events of local sites, changed listings of remote ones, a retry after a failed
 * cycle, a heartbeat) and serves {@code /health} and {@code /metrics}; WHAT a cycle does is the
 * ordinary sync, handed in by the command line ({@link io.recsync.service.ContinuousService.Cycle}),
 * so every cycle plans, copies and verifies exactly as a {@code recsync sync} does.
 */
package io.recsync.service;
