package io.recsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The terminal's progress line: a recent rate for the ETA, one word for what is counted, clean redraws. */
class ProgressLineTest {

    static final long S = 1_000_000_000L;
    static final long MB = 1_000_000L;

    final AtomicLong now = new AtomicLong();
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final ProgressLine line = new ProgressLine(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, now::get);

    @Test
    void theEtaComesFromTheLastTenSecondsNotFromTheStart() {
        line.planned(60, 100 * MB);
        now.set(30 * S); // a slow start: 30 s for the first 1 MB (a cold link, a big first file)
        line.record(1 * MB);
        for (int i = 1; i <= 5; i++) { // then 10 MB/s
            now.addAndGet(S);
            line.record(10 * MB);
        }
        String shown = line.copyLine(now.get());
        // 49 MB left at the recent 10 MB/s: 4.9 s. Since the start (51 MB in 35 s) it would say 33.6s.
        assertThat(shown).contains("ETA 4.9s");
        assertThat(shown).doesNotContain("ETA 33");

        now.addAndGet(20 * S); // 20 s later one more 1 MB item: the recent rate is what the window saw
        line.record(1 * MB);
        assertThat(line.copyLine(now.get())).doesNotContain("ETA 4.9s").doesNotContain("ETA -");
    }

    @Test
    void noEtaFromLessThanASecondOfCopying() {
        line.planned(10, 10 * MB);
        now.set(100_000_000L);
        line.record(MB);
        assertThat(line.copyLine(now.get())).contains("ETA -");
    }

    @Test
    void itSaysRecordingsWhileScanningAndCopyingNeverFiles() {
        line.scanned("site-a", 1);
        now.addAndGet(S);
        line.scanned("site-a", 1234);
        line.planned(2, 2 * MB);
        now.addAndGet(S);
        line.record(MB);
        now.addAndGet(S);
        line.record(MB);
        String all = bytes.toString(StandardCharsets.UTF_8);
        assertThat(all).contains("scanning site-a: 1 recording found").contains("scanning site-a: 1234 recordings found")
                .contains("copying: 2/2 recordings").doesNotContain("files");
    }

    @Test
    void aShorterLineLeavesNothingOfALongerOneOnScreen() {
        line.scanned("a-site-with-a-rather-long-name-on-the-recording-network", 987_654);
        line.planned(1, 10);
        now.addAndGet(S);
        line.record(10);
        String screen = screen(bytes.toString(StandardCharsets.UTF_8));
        assertThat(screen.stripTrailing()).isEqualTo(line.copyLine(now.get()));
        line.finish();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).endsWith("\n");
    }

    /** What a terminal shows on the one line after \r and \b (each char overwrites the cell under the cursor). */
    static String screen(String written) {
        StringBuilder cells = new StringBuilder();
        int col = 0;
        for (char c : written.toCharArray()) {
            if (c == '\r') {
                col = 0;
            } else if (c == '\b') {
                col = Math.max(0, col - 1);
            } else {
                if (col < cells.length()) {
                    cells.setCharAt(col, c);
                } else {
                    cells.append(c);
                }
                col++;
            }
        }
        return cells.toString();
    }
}
