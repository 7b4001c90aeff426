"""Test helpers shared by the unit, golden and e2e suites."""
