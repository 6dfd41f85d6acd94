"""What the prompt asks for: tests only when they are a deliverable, not when testing is a purpose or a topic."""

from __future__ import annotations

import pytest

from iacreview.task.requirements.signals import asks_for_tests

ASKS = [
    "Include unit tests for the Terraform modules.",
    "- Unit tests for all components\n- Integration tests for the deployment",
    "- **Testing**: unit tests with good coverage, integration tests validating end-to-end workflows",
    "Provide unit tests for the Lambda function using unittest.",
    "- Comprehensive test suite with 100% coverage",
    "- Appropriate test files in the test/ directory",
    "Write Terratest cases for the VPC module.",
    "Provide OPA Conftest or terraform-compliance tests to assert the rules.",
    "- Comprehensive unit and integration tests achieving full coverage",
    "- **Code Quality**: well-structured HCL, comprehensive testing, clear documentation",
    "I have some existing test files, but they're pretty basic; improve them.",
]
DOES_NOT_ASK = [
    "Use Lambda@Edge for request routing and A/B testing.",
    "We run quarterly DR tests to prove everything works.",
    "Make sure deletion protection is off so we can tear down easily for testing.",
    "Expose these outputs (at minimum) for validation/integration tests:",
    "Expose IDs and ARNs of all key resources for integration tests purposes.",
    "Output the policy JSON so unit tests can parse the statements.",
    "The config must be region-aware and friendly to CI unit/E2E tests.",
    "Don't use random_string in names, since that causes integration test failures.",
    "Integration tests will verify the topic configuration without subscriptions.",
    "Pass terraform fmt and terraform validate (and terraform test if you include tests).",
    "If you have suggestions for how to test this before go-live, share them.",
    "- **Purpose:** Development and testing",
    "## Integration Testing Outputs\nTests require outputs for every resource.",
    "- Test QuickSight dashboards with sample data before full deployment",
    "- Load test outputs from cfn-outputs/flat-outputs.json",
    "- All resources include environmentSuffix for test isolation",
]


@pytest.mark.parametrize("prompt", ASKS)
def test_a_request_for_tests_is_read_as_one(prompt):
    assert asks_for_tests(prompt)


@pytest.mark.parametrize("prompt", DOES_NOT_ASK)
def test_testing_as_a_purpose_or_topic_is_not_a_request(prompt):
    assert not asks_for_tests(prompt)


def test_a_deliverables_list_item_named_tests_is_a_request():
    assert asks_for_tests("Deliverables:\n- Code: the HCL\n- Tests: static checks that run without credentials\n")
    assert asks_for_tests("- **Code Quality**: formatted, validated HCL with tests.")
    assert asks_for_tests("1. **Tests**: a plan-only test per module")


@pytest.mark.parametrize("heading", ["## Testing", "### Testing and Validation", "## Testing Requirements",
                                     "**Testing Procedures:**", "### 5. Testing Strategy"])
def test_a_section_about_testing_is_a_request(heading):
    assert asks_for_tests(f"Build the network.\n\n{heading}\n- cover the routing\n")


def test_a_section_about_outputs_for_tests_is_not():
    assert not asks_for_tests("## Integration Testing Outputs\nExpose every ARN.\n")
    assert not asks_for_tests("- Testing: automation documents for DR drills\n")


def test_the_suffix_a_task_requires_in_names():
    from iacreview.task.requirements.signals import required_name_suffix

    assert required_name_suffix("- Resource names must include **environmentSuffix** for uniqueness") == "environmentSuffix"
    assert required_name_suffix("ALL named resources MUST include the environment_suffix variable") == "environment_suffix"
    assert required_name_suffix("Every resource must be tagged with Environment (use the environmentSuffix variable)") is None
    assert required_name_suffix("All resources must use environment_suffix variable in Name tags.") is None
    assert required_name_suffix("Support parallel deployments.") is None


def test_a_request_for_remote_state():
    from iacreview.task.requirements.signals import asks_for_remote_state

    assert asks_for_remote_state("- Configure the Terraform **S3 backend** for remote state.")
    assert asks_for_remote_state("- Terraform state must be stored in S3 with DynamoDB state locking enabled")
    assert not asks_for_remote_state("CI will inject providers and the backend; do not add any provider or backend.")
    assert not asks_for_remote_state("- provider.tf already contains the AWS provider + S3 backend configuration.")
    assert not asks_for_remote_state("- (Optional) a commented S3 backend stanza (default to local).")
    assert not asks_for_remote_state("The backend service talks to the database.")
