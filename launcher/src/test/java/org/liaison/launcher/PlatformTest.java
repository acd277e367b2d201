package org.liaison.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.launcher.Platform.Mode;

class PlatformTest {

    @TempDir
    Path root;

    @Test
    void launcherOwnsStorageModeHomeAndShellArguments() throws Exception {
        LiaisonHome home = TestHomes.create(root, """
                felix.fileinstall.dir=${liaison.home}/deploy
                org.osgi.framework.storage=/somewhere/else
                org.osgi.framework.storage.clean=none
                gosh.args=--noshutdown
                """);
        Path storage = home.frameworkStorage();

        Map<String, String> run = Platform.frameworkProperties(home, Mode.RUN, storage);
        assertEquals(home.root() + "/deploy", run.get("felix.fileinstall.dir"));
        assertEquals(storage.toString(), run.get("org.osgi.framework.storage"));
        assertEquals("onFirstInit", run.get("org.osgi.framework.storage.clean"));
        assertEquals(home.root().toString(), run.get("liaison.home"));
        assertEquals("run", run.get("liaison.mode"));
        assertEquals("--nointeractive", run.get("gosh.args"));
        assertEquals(home.root().toString(), run.get("gosh.home"));

        Map<String, String> console = Platform.frameworkProperties(home, Mode.CONSOLE, storage);
        assertEquals("", console.get("gosh.args"));
        assertEquals("console", console.get("liaison.mode"));
    }

    @Test
    void fileInstallFolderDoesNotDependOnTheWorkingDirectory() throws Exception {
        LiaisonHome home = TestHomes.create(root, "felix.fileinstall.dir=apps\n");
        assertEquals(home.root().resolve("apps").toString(),
                Platform.frameworkProperties(home, Mode.RUN, root).get("felix.fileinstall.dir"));

        TestHomes.create(root, "");
        assertEquals(home.deployDir().toString(),
                Platform.frameworkProperties(home, Mode.RUN, root).get("felix.fileinstall.dir"));

        TestHomes.create(root, "felix.fileinstall.dir=/srv/liaison/deploy\n");
        assertEquals("/srv/liaison/deploy",
                Platform.frameworkProperties(home, Mode.RUN, root).get("felix.fileinstall.dir"));

        TestHomes.create(root, "felix.fileinstall.dir=${liaison.home}/conf/services, deploy\n");
        assertEquals(home.root().resolve("conf/services") + "," + home.deployDir(),
                Platform.frameworkProperties(home, Mode.RUN, root).get("felix.fileinstall.dir"));
    }

    @Test
    void displayNamesAreRelativeToTheHome() throws IOException {
        LiaisonHome home = TestHomes.create(root, "");
        assertEquals("deploy/x.jar", home.display(home.deployDir().resolve("x.jar")));
        assertEquals("data/exec.port", home.display(home.execPortFile()));
        assertTrue(home.display(Path.of("/elsewhere/x.jar")).endsWith("x.jar"));
    }

    @Test
    void describeFollowsCauses() {
        Exception e = new IllegalStateException("Activator start error\nin bundle x [3].",
                new IllegalArgumentException("boom", new NullPointerException()));
        assertEquals("Activator start error in bundle x [3].; caused by java.lang.IllegalArgumentException: boom; "
                + "caused by java.lang.NullPointerException", Platform.describe(e));
    }

    @Test
    void logLevels() {
        assertEquals(2, LogToStderr.level(null));
        assertEquals(1, LogToStderr.level("error"));
        assertEquals(0, LogToStderr.level("off"));
        assertEquals(2, LogToStderr.level(" WARN "));
        assertEquals(4, LogToStderr.level("debug"));
    }
}
