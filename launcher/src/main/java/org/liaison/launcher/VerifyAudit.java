package org.liaison.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code verify-audit}: checks the audit trail offline, with Liaison stopped.
 *
 * <p>The verifier is not in the launcher: it is {@code org.liaison.core.internal.audit.AuditChain} in
 * {@code bundle/liaison-core.jar}, the same code that {@code liaison:audit verify} runs inside Liaison, loaded here
 * in a class loader of its own and called reflectively. A second implementation of the format in the launcher
 * could drift from the one that writes the trail, and the launcher must not depend on a Liaison bundle at build
 * time (it boots whatever is in {@code bundle/}). This works because {@code AuditChain} depends on the JDK alone,
 * so the bundle jar serves as a plain jar: no framework, no gson.
 *
 * <p>Besides the chain, the verifier checks the trail's anchoring (issue 13): the signed checkpoint in
 * {@code anchor.json} beside the trail, checked with the node's public key {@code ../keys/node-public.pem} relative
 * to the trail's folder ({@code data/keys/node-public.pem} for the home's trail). A trail named on the command line
 * is checked the same way, so copy it with that layout ({@code audit/audit.jsonl}, {@code audit/anchor.json},
 * {@code keys/node-public.pem}); a trail without its anchor or key fails with {@code audit chain NOT ANCHORED}.
 * A truncated, appended-to, rewritten or emptied trail fails, and so do entries after the last checkpoint after a
 * crash, until the next start records them ({@code org.liaison.core.internal.audit.AuditTrail} says why).
 */
final class VerifyAudit {

    static final String VERIFIER_CLASS = "org.liaison.core.internal.audit.AuditChain";
    static final String VERIFIER_JAR = "liaison-core.jar";

    private final LiaisonHome home;
    private final Path verifier;
    private final PrintStream out;
    private final PrintStream err;

    VerifyAudit(LiaisonHome home, PrintStream out, PrintStream err) {
        this(home, home.bundleDir().resolve(VERIFIER_JAR), out, err);
    }

    /** @param verifier the jar (or, in tests, the class folder) that holds {@value #VERIFIER_CLASS} */
    VerifyAudit(LiaisonHome home, Path verifier, PrintStream out, PrintStream err) {
        this.home = home;
        this.verifier = verifier;
        this.out = out;
        this.err = err;
    }

    /** The trail of a home. */
    static Path auditFile(LiaisonHome home) {
        return home.dataDir().resolve("audit").resolve("audit.jsonl");
    }

    /**
     * Verifies {@code file}, or the home's trail when it is {@code null}, and its anchoring; returns 0 when both
     * hold, 1 when the chain is broken or not anchored, 2 when it could not be checked.
     */
    int run(String file) {
        Path trail = file == null ? auditFile(home) : Path.of(file).toAbsolutePath().normalize();
        if (trail.startsWith(home.dataDir()) && isRunning()) {
            err.println("liaison: Liaison is running from " + home.root() + "; verify-audit checks the trail with"
                    + " Liaison stopped. While it runs, use: bin/liaison exec 'liaison:audit verify'");
            return Liaison.EXIT_NOT_STARTED;
        }
        if (!Files.exists(verifier)) {
            err.println("liaison: cannot verify the audit trail: " + home.display(verifier) + ", which holds the"
                    + " verifier, is missing");
            return Liaison.EXIT_NOT_STARTED;
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] { verifier.toUri().toURL() },
                ClassLoader.getPlatformClassLoader())) {
            Method verifyAndPrint = loader.loadClass(VERIFIER_CLASS)
                    .getMethod("verifyAndPrint", Path.class, PrintStream.class, PrintStream.class);
            return (Integer) verifyAndPrint.invoke(null, trail, out, err);
        } catch (InvocationTargetException e) {
            err.println("liaison: verifying " + trail + " failed: " + e.getCause());
            return Liaison.EXIT_NOT_STARTED;
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            err.println("liaison: " + home.display(verifier) + " has no usable audit verifier (" + VERIFIER_CLASS
                    + ".verifyAndPrint): " + e);
            return Liaison.EXIT_NOT_STARTED;
        } catch (IOException e) {
            err.println("liaison: cannot load the audit verifier from " + home.display(verifier) + ": "
                    + Liaison.describe(e));
            return Liaison.EXIT_NOT_STARTED;
        }
    }

    /**
     * Whether a Liaison holds the home's lock. While it runs, the last line may be half written, which offline
     * verification would report as a torn line.
     */
    private boolean isRunning() {
        try (FileChannel channel = FileChannel.open(home.lockFile(), StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            // cannot tell (no write access to data/, for an auditor's account): check the file as it is
            return false;
        }
    }
}
