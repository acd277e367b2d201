package org.liaison.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.liaison.launcher.ConfigProperties.ConfigException;

class ConfigPropertiesTest {

    private static final Map<String, String> HOME = Map.of("liaison.home", "/opt/liaison");

    @TempDir
    Path dir;

    @Test
    void loadsTheFileAndSubstitutesLiaisonHome() throws Exception {
        Path file = dir.resolve("config.properties");
        Files.writeString(file, """
                # FileInstall watches deploy/
                felix.fileinstall.dir=${liaison.home}/deploy
                felix.fileinstall.poll = 500
                org.osgi.framework.system.packages.extra=sun.misc
                greeting=caf\\u00e9 ∞
                """, StandardCharsets.UTF_8);

        Map<String, String> properties = ConfigProperties.load(file, "conf/config.properties", HOME);

        assertEquals("/opt/liaison/deploy", properties.get("felix.fileinstall.dir"));
        assertEquals("500", properties.get("felix.fileinstall.poll"));
        assertEquals("sun.misc", properties.get("org.osgi.framework.system.packages.extra"));
        assertEquals("café ∞", properties.get("greeting"));
        assertEquals(4, properties.size());
    }

    @Test
    void valuesMayReferToOtherValuesAndToSystemProperties() throws Exception {
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put("a", "${b}/a");
        raw.put("b", "${liaison.home}/b");
        raw.put("c", "${java.version}-${b}-${b}");

        Map<String, String> resolved = ConfigProperties.substitute(raw, HOME,
                name -> name.equals("java.version") ? "17" : null, "test.properties");

        assertEquals("/opt/liaison/b/a", resolved.get("a"));
        assertEquals("/opt/liaison/b", resolved.get("b"));
        assertEquals("17-/opt/liaison/b-/opt/liaison/b", resolved.get("c"));
    }

    @Test
    void predefinedValuesWinOverTheFile() throws Exception {
        Map<String, String> resolved = ConfigProperties.substitute(
                Map.of("liaison.home", "/elsewhere", "dir", "${liaison.home}/deploy"), HOME, name -> null, "f");
        assertEquals("/opt/liaison/deploy", resolved.get("dir"));
    }

    @Test
    void undefinedNameIsAnErrorNamingFileAndKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigProperties.substitute(
                Map.of("felix.fileinstall.dir", "${liaison.hom}/deploy"), HOME, name -> null,
                "conf/config.properties"));
        assertEquals("conf/config.properties: felix.fileinstall.dir refers to ${liaison.hom}, which is defined "
                + "neither in this file nor as a Java system property", e.getMessage());
    }

    @Test
    void cyclesAreReported() {
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put("a", "${b}");
        raw.put("b", "x${a}");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigProperties.substitute(raw, HOME, name -> null, "f"));
        assertEquals("f: a refers to itself through a -> b -> a", e.getMessage());

        ConfigException self = assertThrows(ConfigException.class,
                () -> ConfigProperties.substitute(Map.of("a", "${a}"), HOME, name -> null, "f"));
        assertEquals("f: a refers to itself through a -> a", self.getMessage());
    }

    @Test
    void unclosedReferenceIsAnError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigProperties.substitute(Map.of("a", "${liaison.home"), HOME, name -> null, "f"));
        assertEquals("f: a has '${' without a closing '}': ${liaison.home", e.getMessage());
    }

    @Test
    void textWithoutReferencesIsKept() throws Exception {
        assertEquals(Map.of("a", "$ {x} $"),
                ConfigProperties.substitute(Map.of("a", "$ {x} $"), HOME, name -> null, "f"));
    }
}
