package io.recsync.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads one recsync YAML file (a job or a connector profile) into a {@link YamlDocument} whose
 * every field knows its line. Only SnakeYAML's composer runs: no object is ever constructed from
 * the file, so no tag can instantiate a class.
 */
public final class YamlLoader {

    /** Job and profile files are a few kilobytes; anything this large is the wrong file. */
    static final long MAX_BYTES = 1_000_000;

    static final int MAX_COLLECTION_ALIASES = 20;

    private final EnvSubstitution env;

    /** @param env the environment for {@code ${VAR}}: the process's in production, the test's own in tests */
    public YamlLoader(Map<String, String> env) {
        this.env = new EnvSubstitution(env);
    }

    /** Loads {@code file}; errors name it as given (relative paths stay relative). */
    public YamlDocument load(Path file) {
        return load(file, file.normalize().toString());
    }

    /** @param source how errors name the file, e.g. the path relative to the job that refers to it */
    public YamlDocument load(Path file, String source) {
        Path abs = file.toAbsolutePath().normalize();
        if (!Files.exists(abs)) {
            throw new ConfigException(abs + ": no such file; check --job and the connector paths in the job"
                    + " (relative paths resolve against the directory of the file that names them)");
        }
        if (Files.isDirectory(abs)) {
            throw new ConfigException(abs + ": is a directory; give the YAML file inside it (check --job)");
        }
        String text;
        try {
            if (Files.size(abs) > MAX_BYTES) {
                throw new ConfigException(source + ": larger than " + MAX_BYTES + " bytes; this is not a recsync job or"
                        + " connector profile: check the path");
            }
            text = Files.readString(abs);
        } catch (CharacterCodingException e) {
            throw new ConfigException(source + ": is not UTF-8 text; save it as UTF-8");
        } catch (AccessDeniedException e) {
            throw new ConfigException(abs + ": cannot be read (permission denied); make it readable by the user"
                    + " recsync runs as (" + System.getProperty("user.name") + "), e.g. chown or chmod 600");
        } catch (IOException e) {
            throw new ConfigException(abs + ": cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "); check the file and its directory", e);
        }
        return parse(source, text, abs.getParent(), abs);
    }

    /** Parses text as if it were a file named {@code source} in {@code baseDir}. */
    public YamlDocument parse(String source, String text, Path baseDir) {
        return parse(source, text, baseDir, null);
    }

    private YamlDocument parse(String source, String text, Path baseDir, Path file) {
        Node root = compose(source, text);
        if (root == null) {
            throw new ConfigException(source + ": is empty; expected a mapping of fields (key: value lines),"
                    + " see jobs/README.md");
        }
        if (!(root instanceof MappingNode)) {
            throw new ConfigException(source + ":" + (root.getStartMark().getLine() + 1)
                    + ": expected a mapping of fields (key: value lines) at the top level, got a "
                    + (root instanceof org.yaml.snakeyaml.nodes.SequenceNode ? "list" : "single value"));
        }
        YamlTree tree = new YamlTree(source, env);
        @SuppressWarnings("unchecked")
        Map<String, Object> values = (Map<String, Object>) tree.build(root, "", 0);
        Map<String, Integer> lines = Collections.unmodifiableMap(tree.lines());
        Settings settings = new Settings(source, "", values, lines, baseDir);
        return new YamlDocument(file, source, values, lines, settings);
    }

    private static Node compose(String source, String text) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(YamlTree.MAX_DEPTH);
        options.setCodePointLimit((int) MAX_BYTES);
        options.setAllowDuplicateKeys(false);
        try {
            Composer composer = new Composer(new ParserImpl(new StreamReader(new StringReader(text)), options),
                    new Resolver(), options);
            return composer.getSingleNode();
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = mark == null ? source : source + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            throw new ConfigException(where + ": not valid YAML: " + e.getProblem() + context
                    + "; check the indentation (spaces, not tabs) and quoting on that line", e);
        } catch (YAMLException e) {
            // The alias and size limits land here: messages without a position.
            throw new ConfigException(source + ": not accepted as YAML: " + e.getMessage()
                    + "; a recsync file is small and plain: write values out instead of nesting aliases", e);
        }
    }
}
