package ch.srsconnect.local;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void commandLineDefaultsToASimulatedMinutePerSecond() {
        assertEquals(60.0, LocalRuntime.parse(new String[] {"--project-root", "/repo"}).timeScale());
        assertEquals(1.0, LocalRuntime.parse(new String[] {"--project-root", "/repo", "--time-scale", "1"}).timeScale());
        assertEquals(1.0, LocalRuntimeOptions.defaults().timeScale(), "embedding keeps real time unless asked");
    }

    @Test
    void bannerGroupsWhatIsNotEmulatedByType() {
        assertEquals(List.of("AWS::Logs::LogGroup: A, B", "Architectures [arm64] (run on x86_64): F, G", "AWS::CloudWatch::Alarm: C",
                        "F.Poll ScalingConfig"),
                LocalRuntime.groupNotEmulated(List.of("A (AWS::Logs::LogGroup)", "F Architectures [arm64] (runs on this machine's x86_64)",
                        "B (AWS::Logs::LogGroup)", "C (AWS::CloudWatch::Alarm)", "G Architectures [arm64] (runs on this machine's x86_64)",
                        "F.Poll ScalingConfig")));
    }

    @Test
    void bannerSaysOncePerFunctionPropertyWhatItMeansLocally() {
        assertEquals(List.of("AutoPublishAlias (" + LocalRuntime.PROPERTY_MEANING.get("AutoPublishAlias") + "): F, G",
                        "DeploymentPreference (" + LocalRuntime.PROPERTY_MEANING.get("DeploymentPreference") + "): F"),
                LocalRuntime.groupNotEmulated(List.of("F AutoPublishAlias", "F DeploymentPreference", "G AutoPublishAlias")));
        assertTrue(LocalRuntime.PROPERTY_MEANING.get("AutoPublishAlias").contains("$LATEST"));
    }

    @Test
    void functionLogsWarnDropsInfoAndMetricLinesOnly() {
        assertEquals(LocalRuntimeOptions.FunctionLogs.ALL, LocalRuntime.parse(new String[] {"--project-root", "/r"}).functionLogs());
        assertEquals(LocalRuntimeOptions.FunctionLogs.WARN,
                LocalRuntime.parse(new String[] {"--project-root", "/r", "--function-logs", "warn"}).functionLogs());
        assertThrows(IllegalArgumentException.class, () -> LocalRuntime.parse(new String[] {"--function-logs", "some"}));
        assertTrue(LocalRuntime.quiet("[f] {\"ts\":\"2026-11-22T22:29:42.8Z\",\"level\":\"INFO\",\"logger\":\"x\",\"msg\":\"scheduler tick\"}"));
        assertTrue(LocalRuntime.quiet("[f] {\"_aws\":{\"Timestamp\":1},\"IdpTokenRequests\":1}"));
        assertTrue(LocalRuntime.quiet("[f] Picked up JAVA_TOOL_OPTIONS: -XX:+TieredCompilation"));
        assertFalse(LocalRuntime.quiet("[f] {\"ts\":\"2026-11-22T22:29:42.8Z\",\"level\":\"WARN\",\"logger\":\"x\",\"msg\":\"SRS 503\"}"));
        assertFalse(LocalRuntime.quiet("[f] java.lang.IllegalStateException: boom"));
        assertFalse(LocalRuntime.quiet("event Identification Status Changed id=1 a→b canSign=- next=WAIT"));
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
