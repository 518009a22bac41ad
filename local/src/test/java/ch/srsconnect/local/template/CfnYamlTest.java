package ch.srsconnect.local.template;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CfnYamlTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void shortTagsBecomeIntrinsics() {
        Map<String, Object> t = CfnYaml.loadString("""
                AWSTemplateFormatVersion: 2010-09-09
                Transform: AWS::Serverless-2016-10-31
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Environment:
                        Variables:
                          A: !Ref Table
                          B: !GetAtt Queue.Arn
                          C: !GetAtt [Queue, QueueName]
                          D: !Sub "${AWS::StackName}-x"
                          E: !Join ["-", [a, !Ref AWS::Region]]
                          F: !If [IsProd, !Select [0, !Split [",", "a,b"]], !Ref AWS::NoValue]
                          G: !FindInMap [M, !Ref Stage, key]
                          H: !Base64 hello
                          I: !ImportValue other-stack-x
                          J: !Select [0, !GetAZs '']
                Conditions:
                  IsProd: !Equals [!Ref Stage, prod]
                  NotProd: !Not [!Condition IsProd]
                  Both: !And [!Condition IsProd, !Or [!Condition NotProd, !Condition IsProd]]
                """);
        assertEquals("2010-09-09", t.get("AWSTemplateFormatVersion"));
        Map<String, Object> vars = map(map(map(map(map(t.get("Resources")).get("Fn")).get("Properties")).get("Environment")).get("Variables"));
        assertEquals(new Intrinsic("Ref", "Table"), vars.get("A"));
        assertEquals(new Intrinsic("Fn::GetAtt", List.of("Queue", "Arn")), vars.get("B"));
        assertEquals(new Intrinsic("Fn::GetAtt", List.of("Queue", "QueueName")), vars.get("C"));
        assertEquals(new Intrinsic("Fn::Sub", "${AWS::StackName}-x"), vars.get("D"));
        assertEquals(new Intrinsic("Fn::Join", List.of("-", List.of("a", new Intrinsic("Ref", "AWS::Region")))), vars.get("E"));
        Intrinsic f = assertInstanceOf(Intrinsic.class, vars.get("F"));
        assertEquals("Fn::If", f.name());
        assertEquals(new Intrinsic("Fn::Select", List.of(0, new Intrinsic("Fn::Split", List.of(",", "a,b")))), ((List<?>) f.argument()).get(1));
        assertEquals(new Intrinsic("Fn::FindInMap", List.of("M", new Intrinsic("Ref", "Stage"), "key")), vars.get("G"));
        assertEquals(new Intrinsic("Fn::Base64", "hello"), vars.get("H"));
        assertEquals(new Intrinsic("Fn::ImportValue", "other-stack-x"), vars.get("I"));
        assertEquals(new Intrinsic("Fn::Select", List.of(0, new Intrinsic("Fn::GetAZs", ""))), vars.get("J"));
        Map<String, Object> conditions = map(t.get("Conditions"));
        assertEquals(new Intrinsic("Fn::Not", List.of(new Intrinsic("Condition", "IsProd"))), conditions.get("NotProd"));
        assertEquals("Fn::And", ((Intrinsic) conditions.get("Both")).name());
    }

    @Test
    void longFormsAreNormalizedToTheSameRecords() {
        Map<String, Object> t = CfnYaml.loadString("""
                {"Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {
                  "A": {"Ref": "Table"},
                  "B": {"Fn::GetAtt": "Queue.Arn"},
                  "C": {"Fn::GetAtt": ["Queue", "Arn"]},
                  "D": {"Fn::Sub": ["${X}-y", {"X": {"Ref": "AWS::Region"}}]},
                  "E": {"Fn::Not": [{"Condition": "IsProd"}]},
                  "Tags": {"Ref": "x", "Other": 1}
                }}}}
                """);
        Map<String, Object> p = map(map(map(t.get("Resources")).get("Q")).get("Properties"));
        assertEquals(new Intrinsic("Ref", "Table"), p.get("A"));
        assertEquals(new Intrinsic("Fn::GetAtt", List.of("Queue", "Arn")), p.get("B"));
        assertEquals(p.get("B"), p.get("C"));
        assertEquals(new Intrinsic("Fn::Sub", List.of("${X}-y", Map.of("X", new Intrinsic("Ref", "AWS::Region")))), p.get("D"));
        assertEquals(new Intrinsic("Fn::Not", List.of(new Intrinsic("Condition", "IsProd"))), p.get("E"));
        // a map with more than the one key is data, not an intrinsic
        assertInstanceOf(Map.class, p.get("Tags"));
    }

    @Test
    void mixedFormsInsideShortTagsAreNormalized() {
        Map<String, Object> t = CfnYaml.loadString("""
                X: !Join [":", [{"Fn::GetAtt": "T.Arn"}, !GetAtt T.StreamArn]]
                """);
        assertEquals(new Intrinsic("Fn::Join", List.of(":", List.of(
                new Intrinsic("Fn::GetAtt", List.of("T", "Arn")),
                new Intrinsic("Fn::GetAtt", List.of("T", "StreamArn"))))), t.get("X"));
    }

    @Test
    void getAttWithNestedAttributeKeepsTheRestAfterTheFirstDot() {
        Map<String, Object> t = CfnYaml.loadString("X: !GetAtt Stack.Outputs.Name\n");
        assertEquals(new Intrinsic("Fn::GetAtt", List.of("Stack", "Outputs.Name")), t.get("X"));
    }

    @Test
    void malformedTemplatesFailWithTheReason() {
        TemplateException bad = assertThrows(TemplateException.class, () -> CfnYaml.loadString("X: !GetAtt NoDot\n"));
        assertTrue(bad.getMessage().contains("NoDot"), bad.getMessage());
        assertThrows(TemplateException.class, () -> CfnYaml.loadString("- just\n- a list\n"));
        assertThrows(TemplateException.class, () -> CfnYaml.loadString("A: 1\nA: 2\n"));
    }
}
