package ch.srsconnect.tests.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.srsconnect.tests.TestEnvironment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The IAM check itself, on templates translated by AWS's SAM translator: it must be able to fail. */
class IamPolicyTest {

    private static final String TABLE = "arn:aws:dynamodb:" + IamPolicy.REGION + ":" + IamPolicy.ACCOUNT + ":table/IdentificationTable";
    private static final String OTHER = "arn:aws:dynamodb:" + IamPolicy.REGION + ":" + IamPolicy.ACCOUNT + ":table/OtherTable";

    private static IamPolicy before() {
        return IamPolicy.of(Referees.translate(TestEnvironment.projectRoot().resolve("tests/src/test/resources/iam/place-order-before-issue-8.yaml")));
    }

    @Test
    void theIdempotencyCompletionIsDeniedByThePolicyBeforeIssue8AndAllowedByTodaysTemplate() {
        IamPolicy.Verdict old = before().evaluate("PlaceOrderFunction", "dynamodb:UpdateItem", TABLE);
        assertFalse(old.allowed());
        assertEquals("no statement of PlaceOrderFunction allows it", old.reason());

        IamPolicy.Verdict now = IamPolicy.of(Referees.translatedTemplate()).evaluate("PlaceOrderFunction", "dynamodb:UpdateItem", TABLE);
        assertTrue(now.allowed(), now.reason());
        assertEquals("IdentificationItems", now.allowedBy().orElseThrow().sid());
    }

    @Test
    void resourceWildcardsActionCaseAndDenyAreEvaluatedAsIamDoes() {
        IamPolicy p = before();
        assertTrue(p.evaluate("PlaceOrderFunction", "dynamodb:Query", TABLE + "/index/byOwner").allowed());
        assertTrue(p.evaluate("PlaceOrderFunction", "DynamoDB:getitem", TABLE).allowed(), "actions are case-insensitive");
        assertFalse(p.evaluate("PlaceOrderFunction", "dynamodb:Query", TABLE.replace("Identification", "identification")).allowed(),
                "resources are case-sensitive");
        assertFalse(p.evaluate("PlaceOrderFunction", "dynamodb:Scan", TABLE).allowed());
        assertFalse(p.evaluate("PlaceOrderFunction", "dynamodb:GetItem", TABLE + "x").allowed(), "no prefix match without *");
        assertTrue(p.evaluate("PlaceOrderFunction", "dynamodb:PutItem", OTHER).allowed());
        IamPolicy.Verdict denied = p.evaluate("PlaceOrderFunction", "dynamodb:DeleteItem", OTHER);
        assertFalse(denied.allowed());
        assertEquals("denied by statement NeverDeleteOther", denied.reason());
        assertEquals("ListMethodsFunction is not a function of the template",
                p.evaluate("ListMethodsFunction", "dynamodb:GetItem", TABLE).reason());
    }

    @Test
    void recordedArnsMapToTheLogicalResourceTheyStandForAndUnusedGrantsAreListed() {
        IamPolicy p = before();
        String physical = "arn:aws:dynamodb:eu-central-2:000000000000:table/srs-connect-local-IdentificationTable";
        Map<String, String> standsFor = Map.of(physical, "IdentificationTable");
        assertEquals(TABLE + "/index/byOwner", p.canonical(physical + "/index/byOwner", standsFor));
        assertEquals("arn:aws:dynamodb:eu-central-2:000000000000:table/elsewhere", p.canonical(
                "arn:aws:dynamodb:eu-central-2:000000000000:table/elsewhere", standsFor), "unknown resources stay as they are");
        assertEquals("IdentificationTable/index/byOwner", p.shortName(TABLE + "/index/byOwner"));
        assertEquals("PlaceOrderFunction", p.functionOf("ch.srsconnect.orders.IdentificationsHandler").orElseThrow());

        List<IamPolicy.Grant> unused = p.unused(List.of(p.evaluate("PlaceOrderFunction", "dynamodb:GetItem", TABLE)));
        assertTrue(unused.contains(new IamPolicy.Grant("PlaceOrderFunction", "IdentificationsWithoutScan", "dynamodb:PutItem", "IdentificationTable")));
        assertFalse(unused.contains(new IamPolicy.Grant("PlaceOrderFunction", "IdentificationsWithoutScan", "dynamodb:GetItem", "IdentificationTable")));
        assertTrue(unused.stream().noneMatch(g -> g.sid().equals("NeverDeleteOther")), "Deny statements grant nothing");
    }
}
