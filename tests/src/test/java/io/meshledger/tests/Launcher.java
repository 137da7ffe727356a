package io.meshledger.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code bin/meshledger} as a real process, with a time limit. */
final class Launcher {
    /** The repository root (the tests module's parent). */
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    record Result(int exitCode, String out, String err) {
    }

    private Launcher() {
    }

    static Result run(long timeoutSeconds, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("bin/meshledger").toString());
        command.addAll(List.of(args));
        Path stdout = Files.createTempFile("meshledger-out", ".txt");
        Path stderr = Files.createTempFile("meshledger-err", ".txt");
        Process p = new ProcessBuilder(command).directory(ROOT.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new AssertionError("bin/meshledger " + String.join(" ", args) + " did not finish in "
                        + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }
}
