package ch.srsconnect.local;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalRuntimeArgsTest {

    @Test
    void parsesEveryOption() {
        LocalRuntimeOptions o = LocalRuntime.parse(new String[] {"--project-root", "/repo", "--port", "3100", "--template", "other.yaml",
                "--time-scale", "60", "--param", "LogLevel=DEBUG", "--param", "Url=http://x?a=b", "--secret",
                "SrsCredentialsSecret={\"clientId\":\"c\",\"clientSecret\":\"s\"}", "--eager", "--instances", "2"});
        assertEquals(Path.of("/repo"), o.projectRoot());
        assertEquals(3100, o.port());
        assertEquals(Path.of("/repo/other.yaml"), o.templatePath());
        assertEquals(60.0, o.timeScale());
        assertEquals(Map.of("LogLevel", "DEBUG", "Url", "http://x?a=b"), o.parameters());
        assertEquals("{\"clientId\":\"c\",\"clientSecret\":\"s\"}", o.secrets().get("SrsCredentialsSecret"));
        assertTrue(o.eager());
        assertEquals(2, o.instancesPerFunction());
        assertEquals(Path.of("/repo/.local-runtime"), o.workDir());
    }

    @Test
    void rejectsWhatItDoesNotKnow() {
        assertThrows(IllegalArgumentException.class, () -> LocalRuntime.parse(new String[] {"--nope"}));
        assertThrows(IllegalArgumentException.class, () -> LocalRuntime.parse(new String[] {"--port"}));
        assertThrows(IllegalArgumentException.class, () -> LocalRuntime.parse(new String[] {"--param", "NoEquals"}));
        assertThrows(IllegalArgumentException.class, () -> LocalRuntime.parse(new String[] {"--time-scale", "0"}));
        assertNull(LocalRuntime.parse(new String[] {"--help"}));
    }
}
