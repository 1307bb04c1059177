package io.recsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A worker's failure as the manager reads it back from the partition's exit description. */
class PartitionFailureTest {

    @Test
    void theWorkersExceptionComesBackAsTheSameKindWithItsMessage() {
        RuntimeException rail = PartitionFailure.of("transfer:partition2", SafetyRailException.class.getName()
                + ": worker w1: site 'b' lacks .recsync/site-id\n\tat io.recsync.sync.SiteGuard.checkAsWorker(SiteGuard.java:1)");
        assertThat(rail).isInstanceOf(SafetyRailException.class)
                .hasMessage("transfer:partition2: worker w1: site 'b' lacks .recsync/site-id");
        assertThat(RunSummarizer.exitFor(rail)).isEqualTo(ExitCode.REFUSED);

        RuntimeException down = PartitionFailure.of("transfer:partition0", "io.recsync.connector.TransientStorageException: "
                + "sftp://h: connection reset");
        assertThat(down).isInstanceOf(LinkDownException.class);
        assertThat(RunSummarizer.isLinkDown(java.util.List.of(down))).isTrue();

        RuntimeException other = PartitionFailure.of("transfer:partition1", "java.lang.NullPointerException: x is null");
        assertThat(other).isInstanceOf(PartitionFailedException.class).hasMessage("transfer:partition1: x is null");
        assertThat(RunSummarizer.exitFor(other)).isEqualTo(ExitCode.FAILED);
    }

    @Test
    void aPlainMessageWithAColonIsKeptWholeAndAnEmptyOneSaysWhereToLook() {
        assertThat(PartitionFailure.of("p", "no live worker served job 'demo' for 3s; start one (`x`): the next run resumes"))
                .hasMessage("p: no live worker served job 'demo' for 3s; start one (`x`): the next run resumes");
        assertThat(PartitionFailure.of("p", null).getMessage()).contains("see the worker's log");
    }
}
