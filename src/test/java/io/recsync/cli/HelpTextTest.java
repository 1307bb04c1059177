package io.recsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsync.sync.ExitCode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Walks every command and option of the real command tree, as `--help` prints them: each has a
 * description, each description line is a whole sentence (picocli shows a command's first line
 * alone in its parent's list, so a sentence broken over lines is printed cut), and every help
 * ends with every exit code there is.
 */
class HelpTextTest {

    static final CommandLine TREE = Recsync.commandLine(
            new Recsync(new CliEnvironment(java.util.Map.of(), io.recsync.connector.ConnectorCatalog.standard(),
                    io.recsync.sync.RetryPolicy.Sleeper.REAL, false)));

    @Test
    void everyCommandAndOptionHasADescriptionOfWholeSentences() {
        List<String> problems = new ArrayList<>();
        walk(TREE, problems);
        assertThat(problems).isEmpty();
    }

    @Test
    void everyHelpListsEveryExitCode() {
        List<CommandLine> all = new ArrayList<>();
        collect(TREE, all);
        assertThat(all).hasSizeGreaterThan(10);
        for (CommandLine c : all) {
            if (c.getCommandName().equals("status")) {
                continue; // a monitoring plugin: the plugin convention's codes (below)
            }
            String usage = c.getUsageMessage(CommandLine.Help.Ansi.OFF);
            for (ExitCode e : ExitCode.values()) {
                assertThat(usage).as(c.getCommandSpec().qualifiedName() + " --help lists exit " + e.code())
                        .containsPattern("(?m)^\\s+" + e.code() + "\\s+" + java.util.regex.Pattern.quote(
                                e.meaning().substring(0, 20)));
            }
        }
    }

    /** `status` answers a monitoring system: its help lists the plugin codes and says they are not the run codes. */
    @Test
    void statusListsThePluginExitCodesNotTheRunCodes() {
        String usage = TREE.getSubcommands().get("status").getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertThat(usage).contains("Exit codes (Nagios plugin convention, not recsync's run codes):")
                .containsPattern("(?m)^\\s+0\\s+OK").containsPattern("(?m)^\\s+1\\s+WARNING")
                .containsPattern("(?m)^\\s+2\\s+CRITICAL").containsPattern("(?m)^\\s+3\\s+UNKNOWN");
    }

    @Test
    void theReadmesExitCodeTableHasEveryCode() throws Exception {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
        for (ExitCode e : ExitCode.values()) {
            assertThat(readme).as("README exit code table row for " + e.code()).containsPattern("(?m)^\\| " + e.code() + " \\| ");
        }
    }

    private static void collect(CommandLine c, List<CommandLine> all) {
        if (c.getCommandName().equals("help")) {
            return;
        }
        all.add(c);
        c.getSubcommands().values().forEach(s -> collect(s, all));
    }

    private static void walk(CommandLine c, List<String> problems) {
        CommandSpec spec = c.getCommandSpec();
        if (spec.name().equals("help")) {
            return;
        }
        String name = spec.qualifiedName();
        check(name, spec.usageMessage().description(), problems);
        for (ArgSpec arg : spec.args()) {
            if (arg.isOption() && (((CommandLine.Model.OptionSpec) arg).usageHelp()
                    || ((CommandLine.Model.OptionSpec) arg).versionHelp())) {
                continue;
            }
            String label = name + " " + (arg.isOption() ? ((CommandLine.Model.OptionSpec) arg).longestName() : arg.paramLabel());
            check(label, arg.description(), problems);
        }
        c.getSubcommands().values().forEach(s -> walk(s, problems));
    }

    private static void check(String what, String[] description, List<String> problems) {
        if (description == null || description.length == 0 || String.join("", description).isBlank()) {
            problems.add(what + ": no description");
            return;
        }
        for (String line : description) {
            String t = line.strip();
            if (!(t.endsWith(".") || t.endsWith("?") || t.endsWith("!"))) {
                problems.add(what + ": a description line ends mid-sentence: \"" + t + "\"");
            }
        }
    }
}
