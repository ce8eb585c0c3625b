"""The nightly intake flow's former module name, kept for deployments and scripts that name it
(``flows/intake.py:nightly_intake``, ``beian.flows.intake.nightly_intake_dask``): everything is
`beian.flows.nightly`'s, so its functions still pickle by the name Dask workers import."""

from beian.flows.nightly import (  # noqa: F401
    Run,
    check_one,
    check_submission,
    intake_night,
    list_pending,
    nightly_intake,
    reporting,
    with_runner,
)


def __getattr__(name: str):
    from beian.flows import nightly

    return getattr(nightly, name)  # nightly_intake_dask, built on first use
