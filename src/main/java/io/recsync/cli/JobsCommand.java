package io.recsync.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recsync.config.JobDefinition;
import io.recsync.config.JobLoader;
import io.recsync.report.Format;
import io.recsync.report.JobReport;
import io.recsync.report.Table;
import io.recsync.sync.ExitCode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "jobs", mixinStandardHelpOptions = true, description = "Inspect job files.",
        subcommands = {JobsCommand.Show.class})
final class JobsCommand implements Runnable {

    @ParentCommand
    Recsync root;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(root.out());
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Load a job file with every check a run makes and print its sites and links.",
                "Its connector profiles are checked too, with the same messages as `sync` (exit 2 on a problem). Links"
                + " are shown as a run plans them: a topology expanded, explicit links in its place, each link's name,"
                + " schedule, filter and origin; a target group as one link per member, then the group's members with"
                + " their priority, weight, share and role (preferred or fallback); the workers block, if any. Touches no site and no state."})
    static final class Show implements Callable<Integer> {
        @ParentCommand
        JobsCommand parent;

        @Parameters(paramLabel = "FILE", arity = "0..1", description = "Job file (YAML), e.g. jobs/nightly.yml (or give it as --job).")
        Path positional;

        @Option(names = "--job", paramLabel = "FILE", description = "Job file (YAML), as every other command takes it.")
        Path option;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "table (default) or json.")
        Format format;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (format == Format.CSV) {
                throw new ParameterException(spec.commandLine(), "--format csv does not fit two tables; use table or json");
            }
            if ((positional == null) == (option == null)) {
                throw new ParameterException(spec.commandLine(), "give the job file once: --job FILE (or FILE)");
            }
            Recsync root = parent.root;
            JobLoader.LoadedJob loaded = JobReference.load(option != null ? option : positional, root.environment());
            JobReference.warnFirst(loaded, root.err());
            JobDefinition def = loaded.job();
            Table sites = JobReport.sites(def);
            Table links = JobReport.links(def);
            Table groups = JobReport.groups(def);
            Table workers = JobReport.workers(def);
            print(root.out(), def, sites, links, groups, workers);
            return ExitCode.SUCCESS.code();
        }

        private void print(PrintStream out, JobDefinition def, Table sites, Table links, Table groups, Table workers) {
            if (format == Format.JSON) {
                ObjectNode doc = new ObjectMapper().createObjectNode();
                doc.put("job", def.name());
                doc.put("file", def.file().toString());
                doc.set("sites", sites.toJson());
                doc.set("links", links.toJson());
                doc.set("groups", groups.toJson());
                if (workers.size() > 0) {
                    doc.set("workers", workers.toJson().get(0));
                }
                out.println(doc.toPrettyString());
                return;
            }
            out.println("Job '" + def.name() + "' (" + def.file() + ")");
            out.println();
            out.println("Sites:");
            sites.print(out, Format.TABLE);
            out.println();
            out.println("Links (" + links.size() + "):");
            links.print(out, Format.TABLE);
            if (groups.size() > 0) {
                out.println();
                out.println("Target groups (each recording goes to one member; see the README's \"Target groups\"):");
                groups.print(out, Format.TABLE);
            }
            if (workers.size() > 0) {
                out.println();
                out.println("Workers (the transfer step's partitions; see the README's \"Scaling out\"):");
                workers.print(out, Format.TABLE);
            }
        }
    }
}
