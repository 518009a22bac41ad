package ch.srsconnect.local.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The matcher against EventBridge's documented examples (eb-event-patterns, eb-event-patterns-content-based-filtering):
 * each case is a documented pattern with an event it names as matching or one that differs only where the text says
 * it must not match. {@link #CASES} is also run against a reference emulator in the tests module.
 */
class EventPatternTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** (what, pattern, event, matches). */
    public record Case(String what, String pattern, String event, boolean matches) {
        @Override
        public String toString() {
            return what;
        }
    }

    private static String ec2(String detail) {
        return "{\"version\":\"0\",\"id\":\"6a7e8feb-b491-4cf7-a9f1-bf3703467718\",\"detail-type\":\"EC2 Instance State-change Notification\","
                + "\"source\":\"aws.ec2\",\"account\":\"111122223333\",\"time\":\"2017-12-22T18:43:48Z\",\"region\":\"us-west-1\","
                + "\"resources\":[\"arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0\"],\"detail\":" + detail + "}";
    }

    public static final List<Case> CASES = List.of(
            new Case("source, detail-type and a detail field", "{\"source\":[\"aws.ec2\"],\"detail-type\":[\"EC2 Instance State-change Notification\"],"
                    + "\"detail\":{\"state\":[\"terminated\"]}}", ec2("{\"instance-id\":\"i-1\",\"state\":\"terminated\"}"), true),
            new Case("a detail field that differs", "{\"source\":[\"aws.ec2\"],\"detail\":{\"state\":[\"terminated\"]}}",
                    ec2("{\"state\":\"running\"}"), false),
            new Case("values of a key are ORed", "{\"detail\":{\"state\":[\"stopped\",\"terminated\"]}}", ec2("{\"state\":\"terminated\"}"), true),
            new Case("another source", "{\"source\":[\"aws.autoscaling\"]}", ec2("{\"state\":\"terminated\"}"), false),
            new Case("an event array matches when any element does", "{\"resources\":[\"arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0\"]}",
                    ec2("{}"), true),
            new Case("prefix on time", "{\"time\":[{\"prefix\":\"2017-12-22\"}]}", ec2("{}"), true),
            new Case("prefix that does not match", "{\"region\":[{\"prefix\":\"eu-\"}]}", ec2("{}"), false),
            new Case("suffix", "{\"detail\":{\"FileName\":[{\"suffix\":\".png\"}]}}", ec2("{\"FileName\":\"image.png\"}"), true),
            new Case("suffix that does not match", "{\"detail\":{\"FileName\":[{\"suffix\":\".png\"}]}}", ec2("{\"FileName\":\"image.jpg\"}"), false),
            new Case("anything-but a string", "{\"detail\":{\"state\":[{\"anything-but\":\"initializing\"}]}}", ec2("{\"state\":\"running\"}"), true),
            new Case("anything-but the string itself", "{\"detail\":{\"state\":[{\"anything-but\":\"initializing\"}]}}", ec2("{\"state\":\"initializing\"}"), false),
            new Case("anything-but a number", "{\"detail\":{\"x-limit\":[{\"anything-but\":123}]}}", ec2("{\"x-limit\":124}"), true),
            new Case("anything-but a list of strings", "{\"detail\":{\"state\":[{\"anything-but\":[\"stopped\",\"overloaded\"]}]}}",
                    ec2("{\"state\":\"overloaded\"}"), false),
            new Case("anything-but a list of numbers", "{\"detail\":{\"x-limit\":[{\"anything-but\":[100,200,300]}]}}", ec2("{\"x-limit\":250}"), true),
            new Case("anything-but a prefix", "{\"detail\":{\"state\":[{\"anything-but\":{\"prefix\":\"init\"}}]}}", ec2("{\"state\":\"initializing\"}"), false),
            new Case("anything-but a prefix, other value", "{\"detail\":{\"state\":[{\"anything-but\":{\"prefix\":\"init\"}}]}}", ec2("{\"state\":\"running\"}"), true),
            new Case("anything-but needs the field", "{\"detail\":{\"state\":[{\"anything-but\":\"initializing\"}]}}", ec2("{}"), false),
            new Case("numeric range", "{\"detail\":{\"c-count\":[{\"numeric\":[\">\",0,\"<=\",5]}]}}", ec2("{\"c-count\":5}"), true),
            new Case("numeric range, outside", "{\"detail\":{\"c-count\":[{\"numeric\":[\">\",0,\"<=\",5]}]}}", ec2("{\"c-count\":0}"), false),
            new Case("numeric on a string", "{\"detail\":{\"c-count\":[{\"numeric\":[\">\",0]}]}}", ec2("{\"c-count\":\"3\"}"), false),
            new Case("numbers compare as numbers", "{\"detail\":{\"x\":[300]}}", ec2("{\"x\":3.0e2}"), true),
            new Case("exists true", "{\"detail\":{\"state\":[{\"exists\":true}]}}", ec2("{\"state\":\"running\"}"), true),
            new Case("exists false on a missing field", "{\"detail\":{\"c-count\":[{\"exists\":false}]}}", ec2("{\"state\":\"running\"}"), true),
            new Case("exists false on a present field", "{\"detail\":{\"state\":[{\"exists\":false}]}}", ec2("{\"state\":\"running\"}"), false),
            new Case("equals-ignore-case", "{\"detail-type\":[{\"equals-ignore-case\":\"ec2 instance state-change notification\"}]}", ec2("{}"), true),
            new Case("null matches null", "{\"detail\":{\"responseElements\":[null]}}", ec2("{\"responseElements\":null}"), true),
            new Case("null does not match a missing field", "{\"detail\":{\"responseElements\":[null]}}", ec2("{}"), false),
            new Case("empty string", "{\"detail\":{\"eventVersion\":[\"\"]}}", ec2("{\"eventVersion\":\"\"}"), true),
            new Case("$or of two branches", "{\"detail\":{\"$or\":[{\"c-count\":[{\"numeric\":[\">\",0,\"<=\",5]}]},{\"d-count\":[{\"numeric\":[\"<\",10]}]}]}}",
                    ec2("{\"c-count\":9,\"d-count\":3}"), true),
            new Case("$or, no branch", "{\"detail\":{\"$or\":[{\"c-count\":[{\"numeric\":[\">\",0,\"<=\",5]}]},{\"d-count\":[{\"numeric\":[\"<\",10]}]}]}}",
                    ec2("{\"c-count\":9,\"d-count\":30}"), false),
            new Case("wildcard", "{\"detail\":{\"EventBusArn\":[{\"wildcard\":\"arn:aws:events:us-east-1:*:event-bus/*\"}]}}",
                    ec2("{\"EventBusArn\":\"arn:aws:events:us-east-1:123456789012:event-bus/myBus\"}"), true),
            new Case("the webhook rule: srs-connect status events", "{\"source\":[\"srs-connect\"],\"detail-type\":[\"Identification Status Changed\"]}",
                    "{\"version\":\"0\",\"id\":\"1\",\"detail-type\":\"Identification Status Changed\",\"source\":\"srs-connect\",\"account\":\"000000000000\","
                            + "\"time\":\"2026-12-03T09:00:00Z\",\"region\":\"eu-central-2\",\"resources\":[],\"detail\":{\"newStatus\":\"IDENTIFIED\"}}", true),
            new Case("the webhook rule: another source", "{\"source\":[\"srs-connect\"],\"detail-type\":[\"Identification Status Changed\"]}",
                    "{\"version\":\"0\",\"id\":\"1\",\"detail-type\":\"Identification Status Changed\",\"source\":\"someone-else\",\"account\":\"000000000000\","
                            + "\"time\":\"2026-12-03T09:00:00Z\",\"region\":\"eu-central-2\",\"resources\":[],\"detail\":{}}", false));

    static List<Case> cases() {
        return CASES;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void documentedExample(Case c) throws Exception {
        assertEquals(c.matches(), EventPattern.of(JSON.readTree(c.pattern())).matches(JSON.readTree(c.event())), c.pattern() + " on " + c.event());
    }

    @Test
    void invalidPatternsAreRefusedWithTheField() throws Exception {
        for (String bad : List.of("{}", "{\"source\":\"srs-connect\"}", "{\"source\":[]}", "{\"detail\":{\"ip\":[{\"cidr\":\"10.0.0.0/24\"}]}}",
                "{\"detail\":{\"n\":[{\"numeric\":[\">\"]}]}}", "{\"detail\":{\"s\":[{\"anything-but\":[\"a\",1]}]}}", "{\"$or\":[{\"a\":[1]}]}")) {
            JsonNode pattern = JSON.readTree(bad);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EventPattern.of(pattern), bad);
            assertTrue(e.getMessage().startsWith("Event pattern is not valid."), e.getMessage());
        }
    }
}
