package ch.srsconnect.local.template;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CfnResolverTest {

    private static final String TEMPLATE = """
            AWSTemplateFormatVersion: '2010-09-09'
            Transform: AWS::Serverless-2016-10-31
            Parameters:
              Stage:
                Type: String
                Default: dev
                AllowedValues: [dev, preprod, prod]
              SrsBaseUrl:
                Type: String
              Zones:
                Type: CommaDelimitedList
                Default: "a, b,c"
              Retention:
                Type: Number
                Default: 345600
            Mappings:
              StageConfig:
                dev: {LogLevel: DEBUG}
                prod: {LogLevel: INFO}
            Conditions:
              IsProd: !Equals [!Ref Stage, prod]
              NotProd: !Not [!Condition IsProd]
              ProdOrDev: !Or [!Condition IsProd, !Equals [dev, !Ref Stage]]
              Never: !And [!Condition IsProd, !Condition NotProd]
              Loop: !Not [!Condition Loop]
            Resources:
              Table:
                Type: AWS::DynamoDB::Table
              Queue:
                Type: AWS::SQS::Queue
              Topic:
                Type: AWS::SNS::Topic
              ProdOnly:
                Type: AWS::SQS::Queue
                Condition: IsProd
            """;

    private static CfnResolver resolver(Map<String, String> overrides) {
        CfnResolver r = new CfnResolver(CfnYaml.loadString(TEMPLATE), overrides,
                new CfnResolver.Pseudo("eu-central-2", "000000000000", "srs-connect-local"));
        r.register("Table", new CfnResolver.Physical("srs-connect-local-Table", Map.of(
                "Arn", "arn:aws:dynamodb:eu-central-2:000000000000:table/srs-connect-local-Table",
                "StreamArn", "arn:aws:dynamodb:eu-central-2:000000000000:table/srs-connect-local-Table/stream/x")));
        r.register("Queue", new CfnResolver.Physical("http://localhost:9324/000000000000/q", Map.of(
                "Arn", "arn:aws:sqs:eu-central-2:000000000000:q", "QueueName", "q")));
        return r;
    }

    private static Object eval(CfnResolver r, String yaml) {
        return r.resolve(CfnYaml.loadString("X: " + yaml + "\n").get("X"));
    }

    @Test
    void parametersPseudoParametersAndResources() {
        CfnResolver r = resolver(Map.of("SrsBaseUrl", "http://localhost:8090"));
        assertEquals("dev", eval(r, "!Ref Stage"));
        assertEquals("http://localhost:8090", eval(r, "!Ref SrsBaseUrl"));
        assertEquals(List.of("a", "b", "c"), eval(r, "!Ref Zones"));
        assertEquals("345600", eval(r, "!Sub '${Retention}'"));
        assertEquals("eu-central-2", eval(r, "!Ref AWS::Region"));
        assertEquals("000000000000", eval(r, "!Ref AWS::AccountId"));
        assertEquals("srs-connect-local", eval(r, "!Ref AWS::StackName"));
        assertEquals("aws", eval(r, "!Ref AWS::Partition"));
        assertEquals("amazonaws.com", eval(r, "!Ref AWS::URLSuffix"));
        assertEquals("srs-connect-local-Table", eval(r, "!Ref Table"));
        assertEquals("http://localhost:9324/000000000000/q", eval(r, "!Ref Queue"));
        assertEquals("arn:aws:sqs:eu-central-2:000000000000:q", eval(r, "!GetAtt Queue.Arn"));
        assertEquals("arn:aws:dynamodb:eu-central-2:000000000000:table/srs-connect-local-Table/stream/x",
                eval(r, "{'Fn::GetAtt': [Table, StreamArn]}"));
    }

    @Test
    void subJoinSelectSplitFindInMapBase64() {
        CfnResolver r = resolver(Map.of("SrsBaseUrl", "x", "Stage", "prod"));
        assertEquals("srs-connect-local-prod-q-${literal}",
                eval(r, "!Sub '${AWS::StackName}-${Stage}-${Queue.QueueName}-${!literal}'"));
        assertEquals("table srs-connect-local-Table in eu-central-2",
                eval(r, "!Sub ['table ${T} in ${AWS::Region}', {T: !Ref Table}]"));
        assertEquals("a:b:c", eval(r, "!Join [':', !Ref Zones]"));
        assertEquals("b", eval(r, "!Select [1, !Split [',', 'a,b,c']]"));
        assertEquals("INFO", eval(r, "!FindInMap [StageConfig, !Ref Stage, LogLevel]"));
        assertEquals("aGVsbG8=", eval(r, "!Base64 hello"));
        assertEquals("eu-central-2a", eval(r, "!Select [0, !GetAZs '']"));
    }

    @Test
    void conditionsAndIfAndNoValue() {
        CfnResolver dev = resolver(Map.of("SrsBaseUrl", "x"));
        assertFalse(dev.condition("IsProd"));
        assertTrue(dev.condition("NotProd"));
        assertTrue(dev.condition("ProdOrDev"));
        assertFalse(dev.condition("Never"));
        assertEquals(Map.of("A", "1"), eval(dev, "{A: '1', B: !If [IsProd, '2', !Ref AWS::NoValue]}"));
        assertEquals(List.of("x"), eval(dev, "[!If [IsProd, y, !Ref AWS::NoValue], x]"));
        assertFalse(dev.included(Map.of("Type", "AWS::SQS::Queue", "Condition", "IsProd")));
        CfnResolver prod = resolver(Map.of("SrsBaseUrl", "x", "Stage", "prod"));
        assertTrue(prod.condition("IsProd"));
        assertEquals("2", eval(prod, "!If [IsProd, '2', '3']"));
    }

    @Test
    void unresolvableReferencesNameTheCulprit() {
        CfnResolver r = resolver(Map.of());
        assertMessage("SrsBaseUrl", () -> eval(r, "!Ref SrsBaseUrl"));
        assertMessage("Nowhere", () -> eval(r, "!Ref Nowhere"));
        assertMessage("Topic", () -> eval(r, "!Ref Topic"));
        assertMessage("Queue.DeadLetter", () -> eval(r, "!GetAtt Queue.DeadLetter"));
        assertMessage("Missing.Arn", () -> eval(r, "!Sub '${Missing.Arn}'"));
        assertMessage("Unknown", () -> r.condition("Unknown"));
        assertMessage("Loop", () -> r.condition("Loop"));
        assertMessage("other-export", () -> eval(r, "!ImportValue other-export"));
        assertMessage("Nope", () -> resolver(Map.of("Nope", "1")));
        assertMessage("staging", () -> resolver(Map.of("Stage", "staging")));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable e) {
        TemplateException ex = assertThrows(TemplateException.class, e);
        assertTrue(ex.getMessage().contains(expected), ex.getMessage());
    }
}
