"""Every doctest in the package runs: each module of beian, beian.extractors, beian.validators
and beian.flows is imported and its examples executed. The count is asserted, so a test run
where no example ran (a module renamed, a finder that found nothing) fails instead of passing."""

from __future__ import annotations

import doctest
import importlib
import os
import pkgutil

import pytest

# the sub-packages are installed from their own folders (pyproject's package-dir): walk each
PACKAGES = ["beian", "beian.extractors", "beian.validators", "beian.flows"]
MODULES = sorted({m.name for p in PACKAGES
                  for m in pkgutil.walk_packages(importlib.import_module(p).__path__, p + ".")})
# the modules whose docstrings hold examples today: at least these must be found and run
WITH_EXAMPLES = {"beian.privacy", "beian.text", "beian.extractors.business_license", "beian.extractors.layout",
                 "beian.extractors.scorer", "beian.validators.compare",
                 "beian.validators.dates", "beian.validators.domains", "beian.validators.entity_types",
                 "beian.validators.regions", "beian.validators.ric", "beian.validators.uscc",
                 "beian.validators.emails", "beian.validators.phones", "beian.validators.subject_types",
                 "beian.validators.pre_approval", "beian.extractors.domain_certificate",
                 # the people's documents (issue 19)
                 "beian.validators.mrz", "beian.validators.permanent_residence", "beian.validators.person_documents",
                 "beian.validators.hk_macao_permit", "beian.validators.taiwan_permit",
                 "beian.validators.hmt_residence_permit", "beian.validators.signed_papers"}


def examples(name: str) -> list[doctest.DocTest]:
    # importing beian.cli sets Prefect's environment defaults for the CLI's own process (logging at
    # WARNING): in the test process they would leak into every later subprocess, so they are undone
    before = dict(os.environ)
    try:
        module = importlib.import_module(name)
    finally:
        os.environ.clear()
        os.environ.update(before)
    return [t for t in doctest.DocTestFinder().find(module) if t.examples]


@pytest.mark.parametrize("name", sorted(WITH_EXAMPLES))
def test_module_doctests_pass(name):
    tests = examples(name)
    assert tests, f"{name}: its examples were not found"
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for t in tests:
        runner.run(t)
    result = runner.summarize(verbose=False)
    assert result.attempted > 0 and result.failed == 0, f"{name}: {result.failed} of {result.attempted} failed"


def test_every_module_with_examples_is_in_the_table():
    found = {name for name in MODULES if examples(name)}
    assert found, "no doctest found anywhere in the package"
    assert found == WITH_EXAMPLES, f"modules with examples not run here: {sorted(found - WITH_EXAMPLES)}; " \
                                   f"listed without examples: {sorted(WITH_EXAMPLES - found)}"
